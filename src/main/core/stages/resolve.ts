/** Stage resolve: the spec's network and chip as full documents, and the MVM step they imply. */
import type { ExperimentSpec } from '../../../shared/experiment'
import { mvmLatencyNs, type Architecture } from '../arch/spec'
import type { Network } from '../model/ir'
import { resolveArchitecture, resolveNetwork } from '../resolve'

export interface Resolved {
  net: Network
  arch: Architecture
  /** One MVM step (the schedule's time unit), ns. */
  stepNs: number
}

/** Resolves the network (zoo or embedded) and the architecture with the chip-size override. */
export function resolveSpec(spec: ExperimentSpec): Resolved {
  const net = resolveNetwork(spec.network)
  const arch = resolveArchitecture(spec.arch, spec.chip)
  return { net, arch, stepNs: mvmLatencyNs(arch) }
}
