/**
 * The types every side shares, inferred from the schemas in ./schemas (the vocabulary), and the few
 * helpers on them. Re-exported here so that one import names the experiment's words.
 */
import type { z } from 'zod'
import type { ExperimentSpec } from './schemas/spec'
import type { resultSchema } from './schemas/result'
import type { DuplicationStrategy, ScheduleKind } from './strategies'

export type { Architecture, ArchitectureInput, FieldError } from './schemas/architecture'
export type { Layer, LayerKind, Network, NetworkSource, Shape } from './schemas/network'
export type { ArchChoice, Assignment, ExperimentSpec, Granularity, NetworkChoice } from './schemas/spec'
export type { CopyPlacement, EnduranceResult, LayerResult, TileResult } from './schemas/result'
export type { DuplicationStrategy, ScheduleKind } from './strategies'
export { SPEC_DEFAULTS } from './schemas/spec'
export { SCHEDULES } from './strategies'

/** The network name a spec is listed and filtered under: the zoo name or the network's own name. */
export function specNetworkName(spec: ExperimentSpec): string {
  return 'zoo' in spec.network ? spec.network.zoo : spec.network.network.name
}

/** The architecture (chip) name a spec is listed under: the preset name or the document's name. */
export function specArchName(spec: ExperimentSpec): string {
  return 'preset' in spec.arch ? spec.arch.preset : spec.arch.architecture.name
}

/** The headline numbers of a run (the `summary` of `cim run --json`); meanings in cim-model.md section 7. */
export interface RunSummary {
  model: string
  schedule: ScheduleKind
  dup: DuplicationStrategy
  /** PEs on the chip. */
  pesChip: number
  /** PEs holding weights (sum of P_l * d_l; in reload mode the largest segment). */
  pesAllocated: number
  /** PEs for one copy of every MVM layer. */
  pesMinimum: number
  /** Makespan in MVM steps (digital and write time converted at the MVM latency). */
  latencySteps: number
  latencyNs: number
  /** max(critical path, bottleneck layer), steps. */
  lowerBoundSteps: number
  /** Busy PE-steps / (chip PEs x latency). */
  utilizationChip: number
  /** Busy PE-steps / (allocated PEs x latency). */
  utilizationAllocated: number
  /** Layer-by-layer without duplication on the same chip, divided by this latency. */
  speedupVsBaseline: number
  /** Cells written by this run (weights once, or every reload). */
  totalCellWrites: number
  /** Cell writes per inference: 0 when weights stay (written once). */
  writesPerInference: number
  /** Inferences until the most-written cell wears out; null when weights are written only once. */
  lifetimeInferences: number | null
  /** MVM, digital and write energy, nJ. */
  energyNj: number
}

/** A run's full result (the result document of ./schemas/result with the summary typed as RunSummary). */
export type ExperimentResult = Omit<z.output<typeof resultSchema>, 'summary'> & { summary: RunSummary }
