/** The plan view as SVG; loaded only with --svg (it brings ECharts). */
import { planOption, type PlanPoint } from '../../shared/charts/plan'
import { renderChartSvg } from '../report/svg'
import type { planRun } from './plan'

/** The plan view of a chosen plan (src/shared/charts/plan.ts) as an SVG of the report's kind, or null without a plan. */
export function planSvg(model: string, p: ReturnType<typeof planRun>, years: number): string | null {
  if (!p.chosen) return null
  const point = (f: NonNullable<typeof p.baseline>): PlanPoint => ({
    batch: f.batch,
    segmentPes: f.segments.map((s) => s.pes),
    throughputPerS: f.throughputPerS,
    lifetimeYears: f.lifetimeYears,
    batchLatencyNs: f.batchLatencyNs,
  })
  const view = {
    model,
    chipPes: p.chipPes,
    lifetimeTargetYears: years,
    candidates: p.candidates.map((c) => point(c!)),
    chosen: point(p as NonNullable<typeof p.baseline>),
    baseline: p.baseline && point(p.baseline),
  }
  return renderChartSvg(planOption(view), 900, 600, 'plan')
}
