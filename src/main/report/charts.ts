/**
 * The charts of each report, built with the same pure option builders as the workbench screens
 * (src/shared/charts): run detail (Gantt, utilization, PEs per layer, chip map, energy by component, reload plan), compare (overlaid
 * utilization, stacked Gantts, speedup / utilization bars) and sweep (trade-off curves, Pareto
 * front, endurance). Sizes are in CSS pixels of the SVG's view box; the page scales them to its width.
 */
import type { EChartsOption, XAXisComponentOption } from 'echarts'
import {
  chipMapOption,
  compareBarsOption,
  enduranceOption,
  energyBreakdownOption,
  energyOption,
  layerWritesOption,
  ganttLayout,
  ganttRows,
  ganttRun,
  nocTrafficHeight,
  nocTrafficOption,
  paretoOption,
  planOption,
  planView,
  pesPerLayerOption,
  sharedTimeAxis,
  stackedGanttOption,
  tileCount,
  timelineRun,
  toAxis,
  tradeoffOption,
  utilizationOption,
  type GanttRun,
  type SweepRun,
} from '../../shared/charts'
import { specNetworkName, type ExperimentResult } from '../../shared/experiment'
import type { ReportBlock, ReportRun } from './model'
import { resultFacts, runLabels } from '../../shared/labels'

/** Width of every chart's view box, px (about the text width of an A4 or Letter page at 96 px/in). */
export const CHART_WIDTH = 720
/** Tallest chart, px: fits a page below a heading on A4 and Letter. */
export const MAX_CHART_HEIGHT = 900

type Chart = Extract<ReportBlock, { type: 'chart' }>

const chart = (option: EChartsOption, height: number, caption?: string): Chart => ({
  type: 'chart',
  option,
  width: CHART_WIDTH,
  height: Math.min(MAX_CHART_HEIGHT, Math.round(height)),
  caption,
})

/** Labels of runs shown together, by run id: the id, the network and what else tells the runs apart (src/shared/labels.ts). */
export function labelsOf(runs: ReportRun[]): Map<number, string> {
  const labels = runLabels(
    runs.map((r) => ({ id: r.id, ...resultFacts(r.result) })),
    ['network'],
  )
  return new Map(runs.map((r, i) => [r.id, labels[i]]))
}

/** Chip map height: every tile shown (the screen scrolls past 40 tiles, paper cannot). */
export function chipMapPrintHeight(tiles: number): number {
  const rowPx = tiles <= 40 ? 16 : Math.max(5, 640 / tiles)
  return 120 + tiles * rowPx
}

/** The run detail screen's charts. */
export function runCharts(run: ReportRun): { schedule: Chart[]; mapping: Chart[]; energy: Chart[]; plan: Chart[] } {
  const r = run.result
  const gantt = stackedGanttOption([ganttRun('', r)])
  const ganttHeight = ganttLayout([ganttRows(r.layers).length]).height
  const bound = r.bottleneck ? `; the layer that bounds the latency, ${r.bottleneck.layer}, is outlined and marked ▶` : ''
  const schedule = [
    chart(gantt, ganttHeight, `Busy span of every MVM layer: from the start of its first set to the end of its last set${bound}.`),
    chart(
      utilizationOption([timelineRun(`#${run.id}`, r)]),
      320,
      'Mean share of chip PEs busy in consecutive time bins; the dashed line is the mean over the run.',
    ),
  ]
  const tiles = tileCount(r)
  const segments = Math.min(r.endurance.segments, 4)
  const mapping = [
    chart(pesPerLayerOption(r), 360, 'PEs of the first copy and of the duplicates of each MVM layer; the line shows the number of copies.'),
    ...Array.from({ length: segments }, (_, g) =>
      chart(
        chipMapOption(r, { segment: g }),
        chipMapPrintHeight(tiles),
        g === 0 ? 'Each row is a tile, each cell a PE colored by the layer whose copy it holds; bars: cell writes per tile.' : undefined,
      ),
    ),
    chart(
      layerWritesOption(r),
      400,
      'Cells written for each MVM layer (used cells of one copy x copies x programmings), and its writes per cell per inference (0 when written once).',
    ),
  ]
  const noc = nocTrafficOption(r)
  if (noc && r.noc)
    mapping.push(
      chart(
        noc,
        nocTrafficHeight(r.noc.rows),
        'Routers of the on-chip mesh; each arrow a link that carried traffic, wider and darker the longer it was reserved.',
      ),
    )
  const breakdown = energyBreakdownOption(r)
  const energy = breakdown
    ? [chart(breakdown, 240, 'Energy of the run by component: the inferences, and programming the weights (one-time unless the run reloads).')]
    : []
  const view = planView(r)
  const plan = view
    ? [
        chart(
          planOption(view),
          560,
          'Throughput against lifetime (left) and batch latency (right) of the best plan of every segment count, the chosen plan and today’s reload mode; bars: writes per cell per inference of every PE under the chosen plan.',
        ),
      ]
    : []
  return { schedule, mapping, energy, plan }
}

/** Gives every x axis of a stacked Gantt the same end, so charts split over pages share one scale. */
function withTimeEnd(option: EChartsOption, end: number): EChartsOption {
  const axes = (Array.isArray(option.xAxis) ? option.xAxis : [option.xAxis]) as XAXisComponentOption[]
  return { ...option, xAxis: axes.map((a) => ({ ...a, max: end }) as XAXisComponentOption) }
}

/**
 * Stacked Gantts of compared runs on one time scale, split into charts that each fit a page
 * (every chart keeps the same axis end).
 */
export function stackedGanttCharts(runs: ReportRun[]): Chart[] {
  const label = labelsOf(runs)
  const gruns: GanttRun[] = runs.map((r) => ({
    label: label.get(r.id)!,
    layers: r.result.layers,
    stepNs: r.result.architecture.mvmLatencyNs,
    bottleneck: r.result.bottleneck?.layer,
  }))
  const axis = sharedTimeAxis(gruns.map((g) => g.stepNs))
  const end = Math.max(1, ...gruns.map((g) => toAxis(Math.max(0, ...g.layers.map((l) => l.endSteps)), axis, g.stepNs)))
  const chunks: GanttRun[][] = []
  for (const g of gruns) {
    const last = chunks[chunks.length - 1]
    if (last && ganttLayout([...last, g].map((x) => ganttRows(x.layers).length)).height <= MAX_CHART_HEIGHT) last.push(g)
    else chunks.push([g])
  }
  return chunks.map((c, i) => {
    const title = chunks.length > 1 ? `Layer Gantts (${i + 1} of ${chunks.length})` : 'Layer Gantts'
    const option = withTimeEnd(stackedGanttOption(c, { title, axis }), end)
    return chart(
      option,
      ganttLayout(c.map((x) => ganttRows(x.layers).length)).height,
      i === 0 ? 'Busy spans of the MVM layers of each run, on one time axis.' : undefined,
    )
  })
}

/** The compare screen's charts. */
export function compareCharts(runs: ReportRun[]): Chart[] {
  const label = labelsOf(runs)
  return [
    chart(compareBarsOption(runs.map((r) => ({ label: label.get(r.id)!, summary: r.result.summary }))), 360),
    chart(utilizationOption(runs.map((r) => timelineRun(label.get(r.id)!, r.result))), 340, 'Mean share of chip PEs busy over time, one line per run.'),
    ...stackedGanttCharts(runs),
  ]
}

/** Drops the screen-only hint of a subtitle ("click a point to open its run"). */
function printSubtitle(option: EChartsOption): EChartsOption {
  const title = option.title as { subtext?: string } | undefined
  if (!title || Array.isArray(title) || !title.subtext) return option
  return { ...option, title: { ...title, subtext: title.subtext.replace(/\s*·\s*click a point to open its run/, '') } }
}

/** A sweep run as the trade-off builders take it. */
export function sweepRun(run: ReportRun): SweepRun {
  const r: ExperimentResult = run.result
  return {
    id: run.id,
    strategy: r.spec.duplication,
    schedule: r.spec.schedule,
    networkName: specNetworkName(r.spec),
    archName: r.architecture.name,
    summary: r.summary,
  }
}

/** The trade-off screen's charts. */
export function sweepCharts(runs: ReportRun[]): { tradeoffs: Chart[]; endurance: Chart } {
  const sweep = runs.map(sweepRun)
  return {
    tradeoffs: [
      chart(
        printSubtitle(tradeoffOption(sweep)),
        640,
        'Latency (top, log scale) and speedup (bottom) of every run against the PEs added above the network minimum.',
      ),
      chart(paretoOption(sweep), 400, 'Runs no other run beats on both PEs used and latency form the Pareto front.'),
      chart(printSubtitle(energyOption(sweep)), 380, 'Energy of every run against the PEs added above the network minimum.'),
    ],
    endurance: chart(enduranceOption(sweep), 380),
  }
}
