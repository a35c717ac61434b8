/** Run requests as tests write them, from the spec's own defaults. */
import { SPEC_DEFAULTS, type ExperimentSpec } from '../../src/shared/schemas/spec'

/** A complete run request: a zoo network at its default input on the CLSA-CIM preset, every option at its default unless given. */
export function zooRun(zoo: string, options: Partial<ExperimentSpec> = {}): ExperimentSpec {
  return { network: { zoo }, arch: { preset: 'clsa-cim' }, ...SPEC_DEFAULTS, ...options }
}
