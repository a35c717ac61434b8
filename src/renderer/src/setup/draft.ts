/**
 * The run setup form's state and its translation into a runs.start / sweeps.start request.
 * Pure functions, so the form's behaviour is testable without rendering it.
 */
import type { Architecture, Assignment, DuplicationStrategy, Granularity, ScheduleKind } from '../../../shared/experiment'
import type { Noc, Placement } from '../../../shared/schemas/spec'
import { SPEC_DEFAULTS } from '../../../shared/experiment'
import type { RunRequest, SweepGrid } from '../../../shared/ipc'

export type NetworkSource = 'zoo' | 'imported'
/** How the chip is chosen: a preset as is, a saved architecture, or fields edited from a preset. */
export type ArchSource = 'preset' | 'saved' | 'edited'
/** How the chip is sized: as the architecture says, network minimum + extra PEs, or exact PEs. */
export type ChipSizing = 'architecture' | 'extraPes' | 'pes'

/** Nanoseconds per unit of a time the form takes. */
export const TIME_UNIT_NS = { us: 1e3, ms: 1e6, s: 1e9 } as const
export type TimeUnit = keyof typeof TIME_UNIT_NS

export interface RunDraft {
  networkSource: NetworkSource
  zoo: string
  /** Zoo input size, pixels (null = the network's default). */
  inputH: number | null
  inputW: number | null
  networkId: number | null
  archSource: ArchSource
  preset: string
  architectureId: number | null
  architecture: Architecture | null
  chipSizing: ChipSizing
  chipPes: number
  extraPes: number
  duplication: DuplicationStrategy
  schedule: ScheduleKind
  granularity: Granularity
  assignment: Assignment
  noc: Noc
  placement: Placement
  inferences: number
  /** Inferences per second, for the lifetime in years. */
  inferenceRate: number
  /** Plan reload mode for a lifetime target (a chip smaller than the network): the plan's batch replaces `inferences`. */
  lifetime: boolean
  /** Lifetime the most-written cell must reach, years at the inference rate. */
  lifetimeYears: number | null
  /** Most time one batch may take, in maxBatchLatencyUnit; null = no limit. */
  maxBatchLatency: number | null
  maxBatchLatencyUnit: TimeUnit
  /** Largest batch considered, inferences per programming; null = the planner's default. */
  maxBatch: number | null
  /** Experiment the run joins (empty: a new one named by main). */
  experiment: string
}

export function defaultDraft(): RunDraft {
  return {
    networkSource: 'zoo',
    zoo: 'tinyyolov4',
    inputH: null,
    inputW: null,
    networkId: null,
    archSource: 'preset',
    preset: 'clsa-cim',
    architectureId: null,
    architecture: null,
    chipSizing: 'architecture',
    chipPes: 256,
    extraPes: 64,
    ...SPEC_DEFAULTS,
    lifetime: false,
    lifetimeYears: 10,
    maxBatchLatency: null,
    maxBatchLatencyUnit: 'ms',
    maxBatch: null,
    experiment: '',
  }
}

/** The runs.start request of a draft; throws a readable message when a choice is missing. */
export function toRunRequest(d: RunDraft): RunRequest {
  let network: RunRequest['network']
  if (d.networkSource === 'imported') {
    if (d.networkId === null) throw new Error('choose an imported network, or import one')
    network = { networkId: d.networkId }
  } else {
    network = d.inputH && d.inputW ? { zoo: d.zoo, input: { h: d.inputH, w: d.inputW } } : { zoo: d.zoo }
  }
  let arch: RunRequest['arch']
  if (d.archSource === 'saved') {
    if (d.architectureId === null) throw new Error('choose a saved architecture')
    arch = { architectureId: d.architectureId }
  } else if (d.archSource === 'edited' && d.architecture) {
    arch = { architecture: { ...d.architecture } }
  } else {
    arch = { preset: d.preset }
  }
  const chip = d.chipSizing === 'pes' ? { pes: d.chipPes } : d.chipSizing === 'extraPes' ? { extraPes: d.extraPes } : undefined
  return {
    network,
    arch,
    ...(chip ? { chip } : {}),
    duplication: d.duplication,
    schedule: d.schedule,
    granularity: d.granularity,
    assignment: d.assignment,
    noc: d.noc,
    placement: d.placement,
    inferences: d.inferences,
    inferenceRate: d.inferenceRate,
    ...(d.lifetime && { lifetimeTarget: lifetimeTargetOf(d) }),
  }
}

/** The lifetime target of a draft with `lifetime` on: years, and the batch latency and batch limits when given. */
export function lifetimeTargetOf(d: RunDraft): NonNullable<RunRequest['lifetimeTarget']> {
  if (d.lifetimeYears === null) throw new Error('give the lifetime target in years')
  return {
    years: d.lifetimeYears,
    ...(d.maxBatchLatency !== null && { maxBatchLatencyNs: d.maxBatchLatency * TIME_UNIT_NS[d.maxBatchLatencyUnit] }),
    ...(d.maxBatch !== null && { maxBatch: d.maxBatch }),
  }
}

/** "1x3x224x224" or "3, 224, 224" -> [1, 3, 224, 224]; an empty text is no shape. */
export function parseShape(text: string): { shape?: number[]; error?: string } {
  const parts = text
    .trim()
    .split(/\s*[x×,]\s*|\s+/)
    .filter(Boolean)
  if (!parts.length) return {}
  const dims = parts.map(Number)
  if (dims.some((n) => !Number.isInteger(n) || n < 1 || n > 65_536)) return { error: 'each dimension must be a whole number in 1..65536' }
  if (dims.length < 2 || dims.length > 4) return { error: 'give 2 to 4 dimensions, e.g. 1x3x224x224' }
  return { shape: dims }
}

/** "0, 16, 32" -> [0, 16, 32] (sorted, without repeats); an error names the first bad entry. */
export function parseIntList(text: string, min: number, max: number): { values: number[]; error?: string } {
  const parts = text.split(/[\s,;]+/).filter(Boolean)
  for (const p of parts) {
    const n = Number(p)
    if (!Number.isInteger(n) || n < min || n > max) return { values: [], error: `"${p}" is not a whole number in ${min}..${max}` }
  }
  if (!parts.length) return { values: [], error: 'give at least one value' }
  return { values: [...new Set(parts.map(Number))].sort((a, b) => a - b) }
}

/** A sweep's grid as the builder holds it. */
export interface SweepDraft {
  name: string
  extraPes: string
  duplication: DuplicationStrategy[]
  schedule: ScheduleKind[]
  /** Square crossbar sizes; empty = the base architecture's. */
  crossbarSizes: number[]
  /** Zoo networks, each at its default input size; empty = the network of the run above. */
  models: string[]
}

export function defaultSweep(): SweepDraft {
  return { name: '', extraPes: '0, 16, 32, 64, 128, 256', duplication: ['none', 'greedy'], schedule: ['layer-by-layer', 'clsa'], crossbarSizes: [], models: [] }
}

/** The grid of a sweep draft and its run count, or the first problem found. */
export function toSweepGrid(s: SweepDraft): { grid?: SweepGrid; runs: number; error?: string } {
  const extra = parseIntList(s.extraPes, 0, 10_000_000)
  if (extra.error) return { runs: 0, error: `extra PEs: ${extra.error}` }
  if (extra.values.length > 256) return { runs: 0, error: 'extra PEs: at most 256 values' }
  if (!s.duplication.length) return { runs: 0, error: 'choose at least one duplication strategy' }
  if (!s.schedule.length) return { runs: 0, error: 'choose at least one schedule' }
  const grid: SweepGrid = {
    extraPes: extra.values,
    duplication: s.duplication,
    schedule: s.schedule,
    ...(s.crossbarSizes.length ? { crossbarSizes: s.crossbarSizes } : {}),
    ...(s.models.length ? { models: s.models } : {}),
  }
  const lists = [extra.values.length, s.duplication.length, s.schedule.length, Math.max(1, s.crossbarSizes.length), Math.max(1, s.models.length)]
  return { grid, runs: lists.reduce((a, b) => a * b) }
}
