import type { Architecture } from '../main/core/arch/spec'
import type { DuplicationStrategy } from '../main/core/mapping/duplication'
import type { CopyPlacement } from '../main/core/mapping/placement'
import type { LayerKind, Network, Shape } from '../main/core/model/ir'
import type { Assignment, Granularity } from '../main/core/schedule/sets'
import type { RunMetrics, RunSummary } from './metrics'

export type { Architecture, Assignment, DuplicationStrategy, Granularity, Network }
export type { RunMetrics, RunSummary } from './metrics'

/** The two schedules a run can use (cim-model.md section 5). */
export type ScheduleKind = 'layer-by-layer' | 'clsa'
export const SCHEDULES: ScheduleKind[] = ['layer-by-layer', 'clsa']

/** Which network a run maps: a zoo name at an input size, or a full (imported) network. */
export type NetworkChoice = { zoo: string; input?: { h: number; w: number } } | { network: Network }

/** Which chip: a named preset or a full architecture document. */
export type ArchChoice = { preset: string } | { architecture: Architecture }

/** Everything that determines a run; JSON-serializable and stored with its result. */
export interface ExperimentSpec {
  network: NetworkChoice
  arch: ArchChoice
  /** Chip size override: exact chip PEs, or network minimum + extra PEs (replaces the arch's tiles). */
  chip?: { pes: number } | { extraPes: number }
  duplication: DuplicationStrategy
  schedule: ScheduleKind
  granularity: Granularity
  assignment: Assignment
  /** Inferences run back to back (streaming); in reload mode, the batch sharing one programming. */
  inferences: number
  /** Inference rate for the lifetime in years, inferences per second. */
  inferenceRate: number
}

/** The network name a spec is listed and filtered under: the zoo name or the network's own name. */
export function specNetworkName(spec: ExperimentSpec): string {
  return 'zoo' in spec.network ? spec.network.zoo : spec.network.network.name
}

/** The architecture (chip) name a spec is listed under: the preset name or the document's name. */
export function specArchName(spec: ExperimentSpec): string {
  return 'preset' in spec.arch ? spec.arch.preset : spec.arch.architecture.name
}

/** Defaults of every option a spec may leave out. */
export const SPEC_DEFAULTS = {
  duplication: 'greedy',
  schedule: 'clsa',
  granularity: 'pixel',
  assignment: 'interleaved',
  inferences: 1,
  inferenceRate: 30,
} as const satisfies Partial<ExperimentSpec>

/** Per-layer figures of a run. */
export interface LayerResult {
  name: string
  kind: LayerKind
  out: Shape
  /** Weight matrix of one group (MVM layers). */
  k: number | null
  n: number | null
  groups: number | null
  copies: number
  /** PEs of one copy. */
  pes: number
  cellUtilization: number | null
  sets: number
  macs: number
  /** First set start and last set finish, steps. */
  startSteps: number
  endSteps: number
  /** Copy-steps of MVM work (sets x MVMs per set x inferences). */
  busySteps: number
  /** Reload segment holding the layer (0 when the network fits). */
  segment: number
}

/** Per-tile figures. */
export interface TileResult {
  tile: number
  /** PEs holding weights in any segment. */
  pesUsed: number
  /** Cells written on this tile by the run. */
  cellWrites: number
}

export interface EnduranceResult {
  /** Segments the network was cut into (1 when it fits). */
  segments: number
  reloadMode: boolean
  totalCellWrites: number
  writesPerInference: number
  /** Times the most-written PE is programmed per inference (0 when weights stay). */
  maxWritesPerCellPerInference: number
  mostWrittenPe: number
  mostWrittenTile: number
  endurance: number
  lifetimeInferences: number | null
  /** lifetimeInferences at spec.inferenceRate, years; null when unlimited. */
  lifetimeYears: number | null
}

export interface ExperimentResult {
  programVersion: string
  /** sha256 of the resolved inputs (network, architecture, options, version). */
  inputHash: string
  spec: ExperimentSpec
  network: Network
  /** The architecture as run, with tiles resolved. */
  architecture: Architecture & { chipPes: number; mvmLatencyNs: number }
  summary: RunSummary
  metrics: RunMetrics
  layers: LayerResult[]
  placement: CopyPlacement[]
  tiles: TileResult[]
  endurance: EnduranceResult
  /** Mean chip utilization in consecutive bins of binSteps steps (at most ~1000 points). */
  timeline: { binSteps: number; utilization: number[] }
  timingsMs: Record<string, number>
}

/**
 * Time to program one reload segment, in MVM steps: all its PEs in parallel, row by row
 * (crossbar rows x row write time / MVM latency; cim-model.md section 8).
 */
export function reprogrammingSteps(arch: Pick<Architecture, 'crossbarRows' | 'rowWriteNs'>, mvmLatencyNs: number): number {
  return (arch.crossbarRows * arch.rowWriteNs) / mvmLatencyNs
}
