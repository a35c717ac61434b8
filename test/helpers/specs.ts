/** Run requests as tests write them, from the spec's own defaults. */
import type { RunRequest } from '../../src/shared/ipc'
import { SPEC_DEFAULTS } from '../../src/shared/schemas/spec'

/** A complete run request (as the renderer sends it): a zoo network at its default input on the CLSA-CIM preset, every option at its default unless given. */
export function zooRun(zoo: string, options: Partial<RunRequest> = {}): RunRequest {
  return { network: { zoo }, arch: { preset: 'clsa-cim' }, ...SPEC_DEFAULTS, ...options }
}
