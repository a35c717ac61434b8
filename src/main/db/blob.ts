/** The full result of a run as stored: deflated JSON (node:zlib), a few KB instead of tens. */
import { deflateSync, inflateSync } from 'node:zlib'
import type { ExperimentResult } from '../../shared/experiment'
import { resultSchema } from '../../shared/schemas/result'

export function packResult(result: ExperimentResult): Buffer {
  return deflateSync(JSON.stringify(result))
}

/** A stored result read through the result schema: one of an older version is upgraded, fields added since take their defaults. */
export function unpackResult(blob: Uint8Array, what: string): ExperimentResult {
  const parsed = resultSchema.safeParse(JSON.parse(inflateSync(blob).toString('utf8')))
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(result)'}: ${i.message}`)
  throw new Error(`${what} cannot be read: ${problems.join('; ')}`)
}
