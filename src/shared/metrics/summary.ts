/** The run summary and the result's `metrics`, their schemas and types derived from the metric catalog. */
import { z } from 'zod'
import type { Architecture, ExperimentResult } from '../experiment'
import { DUPLICATION_STRATEGIES, SCHEDULES } from '../strategies'
import { METRICS, formatMetric, metric, sectionShape, type Metric, type StoredMetricKey } from './catalog'

/** The headline numbers of a run (the `summary` of `cim run --json`): what it ran, then every summary figure. */
export const runSummarySchema = z.object({
  model: z.string(),
  schedule: z.enum(SCHEDULES),
  dup: z.enum(DUPLICATION_STRATEGIES),
  /** The layer that bounds the latency (result.bottleneck); null without MVM layers and for results of older versions. */
  bottleneckLayer: z.string().nullable().default(null),
  ...sectionShape('summary'),
})
export type RunSummary = z.infer<typeof runSummarySchema>

/** The further figures of a run (`metrics` of the result). */
export const runMetricsSchema = z.object(sectionShape('metrics'))
export type RunMetrics = z.infer<typeof runMetricsSchema>

/** A figure's raw value in a result; null also for a result stored before the figure existed. */
export function metricValue(m: Metric, r: Partial<Pick<ExperimentResult, 'summary' | 'metrics' | 'endurance'>>): number | null {
  return (r[m.section] as unknown as Record<string, number | null | undefined> | undefined)?.[m.key] ?? null
}

/** What a run ran, its bottleneck layer and every figure of the catalog as raw numbers: one record of a JSON or CSV export. */
export function metricRecord(r: Pick<ExperimentResult, 'summary' | 'metrics' | 'endurance'>): Record<string, string | number | null> {
  const { model, schedule, dup, bottleneckLayer } = r.summary
  return { model, schedule, dup, bottleneckLayer: bottleneckLayer ?? null, ...Object.fromEntries(METRICS.map((m) => [m.key, metricValue(m, r)])) }
}

/** The summary figures, in catalog order: what every listed run carries. */
export const SUMMARY_METRICS = METRICS.filter((m) => m.section === 'summary')

/** A listed run's bottleneck layer and summary figures as raw numbers, as metricRecord has them; all null for a run without a result. */
export function summaryRecord(s: RunSummary | null): Record<string, string | number | null> {
  return { bottleneckLayer: s?.bottleneckLayer ?? null, ...Object.fromEntries(SUMMARY_METRICS.map((m) => [m.key, s ? metricValue(m, { summary: s }) : null])) }
}

/** A summary figure as a [label, text] row (chart tooltips). */
export function summaryFigureRow(key: StoredMetricKey, s: RunSummary): [string, string] {
  const m = metric(key)
  return [m.label, formatMetric(m, s[key])]
}

/** Extra PEs of a run: chip PEs beyond the network's minimum (what a sweep varies). */
export function extraPes(s: Pick<RunSummary, 'pesChip' | 'pesMinimum'>): number {
  return s.pesChip - s.pesMinimum
}

/** A chip's crossbar as rows x columns: "256x256". */
export function crossbarSize(a: Pick<Architecture, 'crossbarRows' | 'crossbarCols'>): string {
  return `${a.crossbarRows}x${a.crossbarCols}`
}
