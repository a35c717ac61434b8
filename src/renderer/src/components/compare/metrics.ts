/** The rows of the comparison table: every figure of the metric catalog that has a better direction. */
import { formatNumber } from '../../../../shared/charts/format'
import type { ExperimentResult } from '../../../../shared/experiment'
import { METRICS, formatMetric, metricValue, type Metric } from '../../../../shared/metrics'

export interface CompareMetric {
  label: string
  hint: string
  value: (r: ExperimentResult) => number | null
  format: (v: number | null) => string
  /** Which direction is better, for coloring differences. */
  better: 'lower' | 'higher'
}

const row = (m: Metric & { better: 'lower' | 'higher' }): CompareMetric => ({
  label: m.label,
  hint: m.definition,
  value: (r) => metricValue(m, r),
  format: (v) => formatMetric(m, v),
  better: m.better,
})

export const COMPARE_METRICS: CompareMetric[] = METRICS.filter((m): m is Metric & { better: 'lower' | 'higher' } => m.better !== null).map(row)

/** A value's difference to the reference, as text and as better / worse / same. */
export function difference(m: CompareMetric, value: number | null, reference: number | null): { text: string; verdict: 'better' | 'worse' | 'same' } | null {
  if (value === null || reference === null) return null
  if (value === reference) return { text: '=', verdict: 'same' }
  const text =
    reference === 0 ? (value > 0 ? '+∞' : '−∞') : `${value > reference ? '+' : '−'}${formatNumber(Math.abs((value - reference) / reference) * 100)} %`
  const up = value > reference
  return { text, verdict: up === (m.better === 'higher') ? 'better' : 'worse' }
}
