/** The plan view as SVG; loaded only with --svg (it brings ECharts). */
import { planOption, planView } from '../../shared/charts/plan'
import type { ExperimentResult } from '../../shared/experiment'
import { renderChartSvg } from '../report/svg'

/** The plan view of a planned run (src/shared/charts/plan.ts) as an SVG of the report's kind, or null without a plan. */
export function planSvg(r: ExperimentResult): string | null {
  const view = planView(r)
  return view && renderChartSvg(planOption(view), 900, 600, 'plan')
}
