/**
 * The types every side shares, inferred from the schemas in ./schemas (the vocabulary), and the few
 * helpers on them. Re-exported here so that one import names the experiment's words.
 */
import type { z } from 'zod'
import type { Architecture } from './schemas/architecture'
import type { resultSchema } from './schemas/result'
import type { ExperimentSpec } from './schemas/spec'

export type { Architecture, ArchitectureInput, FieldError } from './schemas/architecture'
export type { Layer, LayerKind, Network, NetworkSource, Shape } from './schemas/network'
export type { ArchChoice, Assignment, ExperimentSpec, Granularity, NetworkChoice } from './schemas/spec'
export type { Bottleneck, CopyPlacement, EnduranceResult, LayerLoad, LayerResult, TileResult } from './schemas/result'
export type { DuplicationStrategy, ScheduleKind } from './strategies'
export type { RunMetrics, RunSummary } from './metrics'
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

/** A run's full result (the result document of ./schemas/result). */
export type ExperimentResult = z.output<typeof resultSchema>

/** Inferences a run streamed: its reload plan's batch, else the spec's inferences. */
export function runInferences(r: Pick<ExperimentResult, 'spec' | 'plan'>): number {
  return r.plan?.batch ?? r.spec.inferences
}

/**
 * Time to program one reload segment, in MVM steps: all its PEs in parallel, row by row
 * (crossbar rows x row write time / MVM latency; cim-model.md section 8).
 */
export function reprogrammingSteps(arch: Pick<Architecture, 'crossbarRows' | 'rowWriteNs'>, mvmLatencyNs: number): number {
  return (arch.crossbarRows * arch.rowWriteNs) / mvmLatencyNs
}
