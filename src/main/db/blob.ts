/** The full result of a run as stored: deflated JSON (node:zlib), a few KB instead of tens. */
import { deflateSync, inflateSync } from 'node:zlib'
import type { ExperimentResult } from '../../shared/experiment'

export function packResult(result: ExperimentResult): Buffer {
  return deflateSync(JSON.stringify(result))
}

export function unpackResult(blob: Uint8Array): ExperimentResult {
  return JSON.parse(inflateSync(blob).toString('utf8')) as ExperimentResult
}
