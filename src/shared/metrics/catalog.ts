/**
 * The metric catalog: every figure a run reports, defined once. Cards, the compare table, history
 * columns, report tables, CLI tables, CSV, the stored summary columns, the sort keys and
 * docs/metrics.md are all generated from these entries (meanings follow cim-model.md sections 7 and 8).
 */
import { z } from 'zod'
import {
  formatBytes,
  formatCompact,
  formatCount,
  formatEnergyNj,
  formatFactor,
  formatLifespan,
  formatLifetime,
  formatNs,
  formatNumber,
  formatPercent,
  formatPes,
  formatRatio,
  formatSteps,
} from '../charts/format'

/** Which part of an ExperimentResult holds a figure: `summary` (stored, sortable), `metrics` or `endurance`. */
export type MetricSection = 'summary' | 'metrics' | 'endurance'

/** Groups, in the order cards and tables show them; the first figure of a group heads its card. */
export const METRIC_GROUPS = {
  latency: 'Latency',
  speedup: 'Speedup',
  utilization: 'PE utilization',
  bound: 'Latency / bound',
  pes: 'PEs',
  energy: 'Energy',
  area: 'Area',
  network: 'On-chip network',
  writes: 'Cell writes',
  lifetime: 'Lifetime',
} as const
export type MetricGroup = keyof typeof METRIC_GROUPS

/** One catalog entry. */
export interface MetricDef {
  label: string
  /** Name in narrow places (history and CLI columns, card details); defaults to the label. */
  short?: string
  /** Unit of the raw value (CSV, JSON and docs). */
  unit: string
  /** The one formatter of the figure, with its unit. */
  format: (value: number) => string
  /** Text of a null value (only nullable figures). */
  nullText?: string
  /** Which direction is better, for coloring differences; null = neither. */
  better: 'lower' | 'higher' | null
  group: MetricGroup
  /** One-line definition. */
  definition: string
  section: MetricSection
  /** Schema of the raw value. */
  schema: z.ZodType<number | null>
  /** Column in the stored `results` table (summary figures: sortable history columns). */
  column?: string
  /** Shown in the compact tables (CLI compare and sweep, report sweep table). */
  headline?: boolean
}

const count = z.number().int().nonnegative()
const real = z.number()
const withUnit = (unit: string) => (v: number) => `${formatCompact(v)} ${unit}`

/** The catalog, in presentation order. */
export const METRIC_DEFS = {
  latencySteps: {
    label: 'Latency',
    unit: 'MVM steps',
    format: formatSteps,
    better: 'lower',
    group: 'latency',
    definition: 'makespan in MVM steps (one MVM on a PE); digital (GPEU) and write times are converted at the MVM latency, so it may be fractional',
    section: 'summary',
    schema: real.nonnegative(),
    column: 'latency_steps',
    headline: true,
  },
  latencyNs: {
    label: 'Latency (time)',
    short: 'Time',
    unit: 'ns',
    format: formatNs,
    better: 'lower',
    group: 'latency',
    definition: 'latency steps x the MVM latency `ceil(inputBits / dacBits) x cycleNs`',
    section: 'summary',
    schema: real.nonnegative(),
    column: 'latency_ns',
    headline: true,
  },
  throughputPerS: {
    label: 'Throughput',
    unit: 'inferences/s',
    format: (v) => `${formatNumber(v)} inferences/s`,
    better: 'higher',
    group: 'latency',
    definition: "`n / latency` for the run's `n` inferences streamed back to back; with `n = 1` it is `1 / latency`",
    section: 'summary',
    schema: real.nonnegative(),
    column: 'throughput_per_s',
    headline: true,
  },
  inferences: {
    label: 'Inferences',
    unit: 'inferences',
    format: formatCount,
    better: null,
    group: 'latency',
    definition: 'inferences `n` the run streams back to back; in reload mode the batch sharing one programming of every segment',
    section: 'summary',
    schema: count.positive(),
    column: 'inferences',
  },
  speedupVsBaseline: {
    label: 'Speedup',
    unit: 'x',
    format: formatFactor,
    better: 'higher',
    group: 'speedup',
    definition: 'baseline latency / this latency; baseline: layer-by-layer without duplication on the same chip',
    section: 'summary',
    schema: real.positive(),
    column: 'speedup',
    headline: true,
  },
  baselineLatencySteps: {
    label: 'Baseline latency',
    short: 'Baseline',
    unit: 'MVM steps',
    format: formatSteps,
    better: null,
    group: 'speedup',
    definition: 'latency of layer-by-layer without duplication on the same chip',
    section: 'metrics',
    schema: real.nonnegative(),
  },
  utilizationChip: {
    label: 'PE utilization (chip)',
    short: 'Util. chip',
    unit: 'fraction',
    format: (v) => formatPercent(v),
    better: 'higher',
    group: 'utilization',
    definition: 'busy PE-steps / (chip PEs x latency steps)',
    section: 'summary',
    schema: real.nonnegative(),
    column: 'utilization_chip',
    headline: true,
  },
  utilizationAllocated: {
    label: 'PE utilization (allocated)',
    short: 'Util. alloc.',
    unit: 'fraction',
    format: (v) => formatPercent(v),
    better: 'higher',
    group: 'utilization',
    definition: 'busy PE-steps / (allocated PEs x latency steps)',
    section: 'summary',
    schema: real.nonnegative(),
    column: 'utilization_allocated',
    headline: true,
  },
  busyPeSteps: {
    label: 'Busy PE-steps',
    unit: 'PE-steps',
    format: formatCount,
    better: null,
    group: 'utilization',
    definition: 'MVM steps all PEs compute in total (one per MVM); it does not depend on the schedule',
    section: 'metrics',
    schema: count,
  },
  meanCellUtilization: {
    label: 'Mean cell utilization',
    short: 'Cell util.',
    unit: 'fraction',
    format: (v) => formatPercent(v),
    better: 'higher',
    group: 'utilization',
    definition: 'weight cells used / cells of the allocated PEs (`rows x cols` each), over all copies',
    section: 'metrics',
    schema: real.nonnegative(),
  },
  latencyOverLowerBound: {
    label: 'Latency / lower bound',
    short: 'Lat. / LB',
    unit: 'ratio',
    format: formatRatio,
    better: 'lower',
    group: 'bound',
    definition: 'how far the schedule is from the best any schedule could do with the same copies (1 = optimal)',
    section: 'metrics',
    schema: real.positive(),
    headline: true,
  },
  lowerBoundSteps: {
    label: 'Lower bound',
    unit: 'MVM steps',
    format: formatSteps,
    better: 'lower',
    group: 'bound',
    definition: '`max(critical path with unlimited copies, max_l ceil(n S_l / d_l) x MVMs per set)`',
    section: 'summary',
    schema: real.nonnegative(),
    column: 'lower_bound_steps',
  },
  criticalPathSteps: {
    label: 'Critical path',
    unit: 'MVM steps',
    format: formatSteps,
    better: 'lower',
    group: 'bound',
    definition: 'longest chain through the set dependency graph with unlimited copies',
    section: 'metrics',
    schema: real.nonnegative(),
  },
  bottleneckSteps: {
    label: 'Bottleneck layer',
    short: 'Bottleneck',
    unit: 'MVM steps',
    format: formatSteps,
    better: 'lower',
    group: 'bound',
    definition: 'work of the busiest layer: `max_l ceil(n S_l / d_l) x MVMs per set`',
    section: 'metrics',
    schema: real.nonnegative(),
  },
  pesAllocated: {
    label: 'Allocated PEs',
    short: 'Alloc. PEs',
    unit: 'PEs',
    format: formatPes,
    better: 'lower',
    group: 'pes',
    definition: 'PEs holding weights: `sum_l P_l x d_l` (in reload mode the largest segment)',
    section: 'summary',
    schema: count,
    column: 'pes_allocated',
    headline: true,
  },
  pesChip: {
    label: 'Chip PEs',
    unit: 'PEs',
    format: formatPes,
    better: 'lower',
    group: 'pes',
    definition: 'PEs on the chip: `chipPes` of the architecture, or network minimum + extra PEs',
    section: 'summary',
    schema: count.positive(),
    column: 'pes_chip',
    headline: true,
  },
  pesMinimum: {
    label: 'Minimum PEs',
    short: 'Min. PEs',
    unit: 'PEs',
    format: formatPes,
    better: null,
    group: 'pes',
    definition: 'PEs for one copy of every MVM layer: `sum_l P_l`',
    section: 'summary',
    schema: count,
    column: 'pes_minimum',
  },
  energyNj: {
    label: 'Energy',
    unit: 'nJ',
    format: formatEnergyNj,
    better: 'lower',
    group: 'energy',
    definition:
      "sum of the run's `energy.breakdownNj`: lumped MVM, crossbar, DAC, ADC, shift-and-add, buffer, digital unit, router, on-chip network traffic (with `--noc mesh`), off-chip link and programming energy (cim-model.md section 10)",
    section: 'summary',
    schema: real.nonnegative(),
    column: 'energy_nj',
  },
  topsPerW: {
    label: 'Effective TOPS/W',
    short: 'TOPS/W',
    unit: 'TOPS/W',
    format: (v) => `${formatNumber(v)} TOPS/W`,
    nullText: '–',
    better: 'higher',
    group: 'energy',
    definition: '`2 x MACs x n / energy`, the energy without one-time programming (weights written once)',
    section: 'metrics',
    schema: real.nonnegative().nullable().default(null),
  },
  peakPowerW: {
    label: 'Peak chip power',
    short: 'Peak power',
    unit: 'W',
    format: (v) => `${formatNumber(v)} W`,
    nullText: '–',
    better: 'lower',
    group: 'energy',
    definition: 'every PE computing full MVMs back to back with its buffers and digital unit, plus static router and off-chip link power',
    section: 'metrics',
    schema: real.nonnegative().nullable().default(null),
  },
  mvms: {
    label: 'MVMs',
    unit: 'MVMs',
    format: formatCount,
    better: 'lower',
    group: 'energy',
    definition: 'MVMs of the run (one PE, one set each), over its `n` inferences',
    section: 'metrics',
    schema: count,
  },
  digitalOps: {
    label: 'Digital operations',
    short: 'Digital ops',
    unit: 'operations',
    format: formatCount,
    better: 'lower',
    group: 'energy',
    definition: "output elements the GPEU computes (pooling, activation, add, concat ...: one per element), over the run's `n` inferences",
    section: 'metrics',
    schema: count,
  },
  areaMm2: {
    label: 'Chip area',
    unit: 'mm²',
    format: (v) => `${formatNumber(v)} mm²`,
    nullText: '–',
    better: 'lower',
    group: 'area',
    definition: 'chip PEs x PE area + tiles x (buffers + digital unit + router) + off-chip links',
    section: 'metrics',
    schema: real.nonnegative().nullable().default(null),
  },
  weightAreaMm2: {
    label: 'Area holding weights',
    short: 'Weight area',
    unit: 'mm²',
    format: (v) => `${formatNumber(v)} mm²`,
    nullText: '–',
    better: 'lower',
    group: 'area',
    definition: 'allocated PEs x PE area (cells, DACs, ADCs, shift-and-add): what the weights and their copies occupy',
    section: 'metrics',
    schema: real.nonnegative().nullable().default(null),
  },
  topsPerMm2: {
    label: 'Effective TOPS/mm²',
    short: 'TOPS/mm²',
    unit: 'TOPS/mm²',
    format: (v) => `${formatNumber(v)} TOPS/mm²`,
    nullText: '–',
    better: 'higher',
    group: 'area',
    definition: '`2 x MACs x n / latency / chip area`',
    section: 'metrics',
    schema: real.nonnegative().nullable().default(null),
  },
  nocBytes: {
    label: 'Network traffic',
    short: 'NoC bytes',
    unit: 'bytes',
    format: formatBytes,
    better: 'lower',
    group: 'network',
    definition:
      "bytes sent between tiles over the on-chip mesh: each producer set's output (pixels x channels x activation bits / 8) once to each other tile that needs it; 0 without a network (`--noc none`)",
    section: 'metrics',
    schema: real.nonnegative().default(0),
  },
  nocEnergyNj: {
    label: 'Network energy',
    short: 'NoC energy',
    unit: 'nJ',
    format: formatEnergyNj,
    better: 'lower',
    group: 'network',
    definition: '`bytes x 8 x hops x linkEnergyPjPerBit` summed over transfers (part of the energy); 0 without a network',
    section: 'metrics',
    schema: real.nonnegative().default(0),
  },
  latencyNoNocSteps: {
    label: 'Latency without network',
    short: 'Lat. no NoC',
    unit: 'MVM steps',
    format: formatSteps,
    nullText: 'no network',
    better: 'lower',
    group: 'network',
    definition: 'latency of the same schedule when data movement is free (the latency is then the one with the network)',
    section: 'metrics',
    schema: real.nonnegative().nullable().default(null),
  },
  linkUtilizationMean: {
    label: 'Link utilization (mean)',
    short: 'Link util.',
    unit: 'fraction',
    format: (v) => formatPercent(v),
    nullText: 'no network',
    better: null,
    group: 'network',
    definition: 'steps a mesh link is reserved / latency steps, averaged over the directed links between neighbouring routers',
    section: 'metrics',
    schema: real.nonnegative().nullable().default(null),
  },
  linkUtilizationMax: {
    label: 'Link utilization (max)',
    short: 'Link util. max',
    unit: 'fraction',
    format: (v) => formatPercent(v),
    nullText: 'no network',
    better: 'lower',
    group: 'network',
    definition: 'steps the busiest mesh link is reserved / latency steps',
    section: 'metrics',
    schema: real.nonnegative().nullable().default(null),
  },
  totalCellWrites: {
    label: 'Cell writes',
    unit: 'cells',
    format: withUnit('cells'),
    better: 'lower',
    group: 'writes',
    definition: 'cells written by the run: each used cell once, or at every reload in reload mode',
    section: 'summary',
    schema: real.nonnegative(),
    column: 'total_cell_writes',
  },
  writesPerInference: {
    label: 'Writes per inference',
    short: 'Writes / inf.',
    unit: 'cells',
    format: withUnit('cells'),
    better: 'lower',
    group: 'writes',
    definition: 'cell writes per inference: 0 when the weights stay (written once)',
    section: 'summary',
    schema: real.nonnegative(),
    column: 'writes_per_inference',
  },
  lifetimeInferences: {
    label: 'Lifetime',
    unit: 'inferences',
    format: (v) => formatLifetime(v),
    nullText: 'unlimited',
    better: 'higher',
    group: 'lifetime',
    definition:
      'inferences until the most-written cell wears out: `endurance x batch / w`, w the programmings per batch of the most-written PE (one per segment covering it: every segment in plain reload mode, fewer in a balanced lifetime plan); unlimited when the weights are written once',
    section: 'summary',
    schema: real.nonnegative().nullable(),
    column: 'lifetime_inferences',
  },
  lifetimeYears: {
    label: 'Lifespan',
    unit: 'years',
    format: formatLifespan,
    nullText: 'unlimited',
    better: 'higher',
    group: 'lifetime',
    definition: "the lifetime at the spec's inference rate (inferences per second)",
    section: 'endurance',
    schema: real.nonnegative().nullable(),
  },
} satisfies Record<string, MetricDef>

type Defs = typeof METRIC_DEFS
export type MetricKey = keyof Defs
/** The keys of the figures a section holds. */
type KeysOf<S extends MetricSection> = { [K in MetricKey]: Defs[K]['section'] extends S ? K : never }[MetricKey]
/** Figures stored as columns of `results`: the sortable history columns. */
export type StoredMetricKey = { [K in MetricKey]: Defs[K] extends { column: string } ? K : never }[MetricKey]

/** A catalog entry with its key. */
export type Metric = MetricDef & { key: MetricKey }

/** Every figure, in presentation order. */
export const METRICS: Metric[] = Object.entries(METRIC_DEFS).map(([key, def]) => ({ key: key as MetricKey, ...def }))

/** The catalog entry of a figure. */
export function metric(key: MetricKey): Metric {
  return METRICS.find((m) => m.key === key)!
}

/** The stored figures, in catalog order: each has its column in `results`. */
export const STORED_METRICS = METRICS.filter((m): m is Metric & { key: StoredMetricKey; column: string } => m.column !== undefined)

/** The stored figures' keys (the sort keys of run listings beside the run's own fields). */
export const STORED_METRIC_KEYS = STORED_METRICS.map((m) => m.key) as [StoredMetricKey, ...StoredMetricKey[]]

/** The figures of the compact tables. */
export const HEADLINE_METRICS = METRICS.filter((m) => m.headline)

/** A raw value as text, with its unit (null: the figure's null text). */
export function formatMetric(m: Metric, value: number | null): string {
  return value === null ? (m.nullText ?? '–') : m.format(value)
}

/** The shape of a section's object: one schema per figure. */
export function sectionShape<S extends MetricSection>(section: S): { [K in KeysOf<S>]: Defs[K]['schema'] } {
  return Object.fromEntries(METRICS.filter((m) => m.section === section).map((m) => [m.key, m.schema])) as never
}
