import { createHash } from 'node:crypto'
import { canonicalJson } from '../../shared/canonical-json'

/** sha256 (hex) of a value's canonical JSON: equal documents hash equal whatever their key order. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex')
}
