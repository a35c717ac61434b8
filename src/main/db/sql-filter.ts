/** A small builder for the WHERE clause of the listing queries: fixed SQL fragments, values as parameters. */

export class Where {
  private readonly parts: string[] = []
  readonly params: unknown[] = []

  /** Adds `fragment` (with ? placeholders) when `value` is given. */
  add(fragment: string, ...values: unknown[]): this {
    this.parts.push(fragment)
    this.params.push(...values)
    return this
  }

  toString(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : ''
  }
}

/** A LIKE pattern matching `text` anywhere, with % _ and \ escaped (use with ESCAPE '\'). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** LIMIT / OFFSET clause from optional page bounds (whole numbers only). */
export function page(limit?: number, offset?: number): string {
  const n = (v: number | undefined, name: string) => {
    if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) throw new RangeError(`${name} must be a whole number >= 0, got ${v}`)
    return v
  }
  const l = n(limit, 'limit')
  const o = n(offset, 'offset')
  if (l === undefined && o === undefined) return ''
  return `LIMIT ${l ?? -1}${o ? ` OFFSET ${o}` : ''}`
}

export const now = (): string => new Date().toISOString()
