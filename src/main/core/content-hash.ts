import { createHash } from 'node:crypto'
import { canonicalJson } from '../../shared/canonical-json'

/** sha256 of a text, hex. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** sha256 (hex) of a value's canonical JSON: equal documents hash equal whatever their key order. */
export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value))
}
