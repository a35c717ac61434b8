/** The rows of the comparison table: how to read, format and judge each metric of a run. */
import { formatCount, formatEnergyNj, formatFactor, formatLifetime, formatNs, formatNumber, formatPercent, formatSteps } from '../../../../shared/charts/format'
import type { ExperimentResult } from '../../../../shared/experiment'

export interface CompareMetric {
  label: string
  hint: string
  value: (r: ExperimentResult) => number | null
  format: (v: number | null) => string
  /** Which direction is better, for coloring differences. */
  better: 'lower' | 'higher'
}

const or = (f: (v: number) => string) => (v: number | null) => (v === null ? '–' : f(v))

export const COMPARE_METRICS: CompareMetric[] = [
  { label: 'Latency', hint: 'Makespan, MVM steps', value: (r) => r.summary.latencySteps, format: or(formatSteps), better: 'lower' },
  { label: 'Latency (time)', hint: 'Makespan in time', value: (r) => r.summary.latencyNs, format: or(formatNs), better: 'lower' },
  {
    label: 'Speedup',
    hint: 'Against layer-by-layer without duplication on the same chip',
    value: (r) => r.summary.speedupVsBaseline,
    format: or(formatFactor),
    better: 'higher',
  },
  {
    label: 'PE utilization (chip)',
    hint: 'Busy PE-steps / (chip PEs × latency)',
    value: (r) => r.summary.utilizationChip,
    format: or((v) => formatPercent(v)),
    better: 'higher',
  },
  {
    label: 'PE utilization (allocated)',
    hint: 'Busy PE-steps / (allocated PEs × latency)',
    value: (r) => r.summary.utilizationAllocated,
    format: or((v) => formatPercent(v)),
    better: 'higher',
  },
  {
    label: 'Latency / lower bound',
    hint: '1× is the best possible with this mapping',
    value: (r) => r.metrics.latencyOverLowerBound,
    format: or(formatFactor),
    better: 'lower',
  },
  { label: 'Chip PEs', hint: 'PEs on the chip', value: (r) => r.summary.pesChip, format: or((v) => `${formatCount(v)} PEs`), better: 'lower' },
  { label: 'Allocated PEs', hint: 'PEs holding weights', value: (r) => r.summary.pesAllocated, format: or((v) => `${formatCount(v)} PEs`), better: 'lower' },
  { label: 'Energy', hint: 'MVM, digital and write energy', value: (r) => r.summary.energyNj, format: or(formatEnergyNj), better: 'lower' },
  {
    label: 'Cell writes',
    hint: 'Cells written by the run',
    value: (r) => r.summary.totalCellWrites,
    format: or((v) => `${formatCount(v)} cells`),
    better: 'lower',
  },
  {
    label: 'Writes per inference',
    hint: '0 when the weights stay',
    value: (r) => r.summary.writesPerInference,
    format: or((v) => `${formatCount(v)} cells`),
    better: 'lower',
  },
  {
    label: 'Lifetime',
    hint: 'Inferences until the most-written cell wears out',
    value: (r) => r.summary.lifetimeInferences,
    format: (v) => formatLifetime(v),
    better: 'higher',
  },
  {
    label: 'Throughput',
    hint: 'Inferences per second (streaming)',
    value: (r) => r.metrics.throughputInfPerS,
    format: or((v) => `${formatNumber(v)} inf/s`),
    better: 'higher',
  },
]

/** A value's difference to the reference, as text and as better / worse / same. */
export function difference(m: CompareMetric, value: number | null, reference: number | null): { text: string; verdict: 'better' | 'worse' | 'same' } | null {
  if (value === null || reference === null) return null
  if (value === reference) return { text: '=', verdict: 'same' }
  const text =
    reference === 0 ? (value > 0 ? '+∞' : '−∞') : `${value > reference ? '+' : '−'}${formatNumber(Math.abs((value - reference) / reference) * 100)} %`
  const up = value > reference
  return { text, verdict: up === (m.better === 'higher') ? 'better' : 'worse' }
}
