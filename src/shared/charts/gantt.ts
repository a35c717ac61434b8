/**
 * The layer Gantt: each layer's busy span, from its first set's start to its last set's finish
 * (LayerResult.startSteps..endSteps). Layer-by-layer draws a staircase; CLSA-CIM draws the
 * overlapping spans of cross-layer scheduling. Several runs stack on one shared, linked time axis.
 */
import type {
  CustomSeriesOption,
  CustomSeriesRenderItem,
  EChartsOption,
  GridComponentOption,
  TitleComponentOption,
  XAXisComponentOption,
  YAXisComponentOption,
} from 'echarts'
import type { LayerResult } from '../experiment'
import {
  chartBase,
  INK,
  legendRow,
  MUTED,
  PLOT_TOP,
  PLOT_TOP_LEGEND,
  sharedTimeAxis,
  stepsAndTime,
  timeAxisName,
  timeZoom,
  toAxis,
  toolbox,
  tooltipHtml,
  valueAxis,
  type TimeAxis,
} from './common'
import { formatCount, formatPes } from './format'
import { DIGITAL_COLOR, layerColor } from './palette'

/** One run's layers for the Gantt, with its MVM latency to convert steps to time. */
export interface GanttRun {
  label: string
  layers: LayerResult[]
  /** MVM latency of the run's chip, ns per step. */
  stepNs: number
}

export interface GanttOptions {
  title?: string
  /** Also draw digital (GPEU) layers, which hold no PEs; default false: MVM layers only. */
  includeDigital?: boolean
  /** Steps (default when every run has the same MVM latency) or µs. */
  axis?: TimeAxis
}

/** The rows a Gantt draws: [layer index, layer] in network order. */
export function ganttRows(layers: LayerResult[], includeDigital = false): [number, LayerResult][] {
  return layers.map((l, i) => [i, l] as [number, LayerResult]).filter(([, l]) => includeDigital || l.pes > 0)
}

const LEFT = 118
const RIGHT = 28
const GAP = 30
const BOTTOM = 56
const LABEL_PX = 12

/** Pixel layout of stacked Gantts with the given row counts: row pitch, grid tops and heights, and the chart height. */
export function ganttLayout(rowCounts: number[]): { rowPx: number; tops: number[]; heights: number[]; height: number } {
  const rows = rowCounts.reduce((a, b) => a + b, 0)
  const rowPx = Math.min(14, Math.max(4, 640 / Math.max(1, rows)))
  const heights = rowCounts.map((n) => Math.max(48, Math.round(n * rowPx)))
  const tops: number[] = []
  let y = rowCounts.length > 1 ? PLOT_TOP_LEGEND + 12 : PLOT_TOP
  for (const h of heights) {
    tops.push(y)
    y += h + GAP
  }
  return { rowPx, tops, heights, height: y - GAP + BOTTOM }
}

/** Draws one bar from value [row, start, end], clipped to the grid, at least 1 px wide. */
const renderBar: CustomSeriesRenderItem = (params, api) => {
  const row = api.value(0) as number
  const [x0, y] = api.coord([api.value(1), row])
  const [x1] = api.coord([api.value(2), row])
  const height = (api.size!([0, 1]) as number[])[1] * 0.72
  const box = params.coordSys as unknown as { x: number; width: number }
  const left = Math.max(x0, box.x)
  const right = Math.min(Math.max(x1, x0 + 1), box.x + box.width)
  if (right <= left) return null
  return { type: 'rect', shape: { x: left, y: y - height / 2, width: right - left, height }, style: { fill: api.visual('color') as string } }
}

/** Gantt of one run. */
export function ganttOption(layers: LayerResult[], stepNs: number, opts: GanttOptions = {}): EChartsOption {
  return stackedGanttOption([{ label: '', layers, stepNs }], opts)
}

/** Gantts of several runs one above the other, on the same (linked, zoomable) time axis. */
export function stackedGanttOption(runs: GanttRun[], opts: GanttOptions = {}): EChartsOption {
  const axis = opts.axis ?? sharedTimeAxis(runs.map((r) => r.stepNs))
  const rowsOf = runs.map((r) => ganttRows(r.layers, opts.includeDigital))
  const layout = ganttLayout(rowsOf.map((r) => r.length))
  const end = Math.max(1, ...runs.map((r) => toAxis(Math.max(0, ...r.layers.map((l) => l.endSteps)), axis, r.stepNs)))
  const last = runs.length - 1
  const grids: GridComponentOption[] = runs.map((_, i) => ({ left: LEFT, right: RIGHT, top: layout.tops[i], height: layout.heights[i] }))
  const xAxes: XAXisComponentOption[] = runs.map((r, i) => ({
    ...valueAxis(i === last ? timeAxisName(axis, runs.every((x) => x.stepNs === r.stepNs) ? r.stepNs : undefined) : ''),
    gridIndex: i,
    min: 0,
    max: end,
    nameLocation: 'middle',
    nameGap: 22,
    axisLabel: { show: i === last, color: MUTED, fontSize: 10 },
  }))
  const yAxes: YAXisComponentOption[] = rowsOf.map((rows, i) => ({
    type: 'category',
    gridIndex: i,
    inverse: true,
    data: rows.map(([, l]) => l.name),
    axisTick: { show: false },
    axisLine: { lineStyle: { color: '#9ca3af' } },
    // Every n-th layer name when rows are thinner than a line of text.
    axisLabel: { color: INK, fontSize: 10, width: LEFT - 12, overflow: 'truncate', interval: Math.max(0, Math.ceil(LABEL_PX / layout.rowPx) - 1) },
  }))
  const series: CustomSeriesOption[] = runs.map((r, i) => ({
    type: 'custom',
    name: r.label || 'layers',
    xAxisIndex: i,
    yAxisIndex: i,
    renderItem: renderBar,
    encode: { x: [1, 2], y: 0 },
    clip: true,
    data: rowsOf[i].map(([index, l], row) => ({
      name: l.name,
      value: [row, toAxis(l.startSteps, axis, r.stepNs), toAxis(l.endSteps, axis, r.stepNs), index],
      itemStyle: { color: l.pes > 0 ? layerColor(index) : DIGITAL_COLOR },
    })),
  }))
  const runTitles: TitleComponentOption[] =
    runs.length > 1
      ? runs.map((r, i) => ({ text: r.label, left: LEFT, top: layout.tops[i] - 17, textStyle: { fontSize: 11, fontWeight: 600, color: INK } }))
      : []
  const base = chartBase(opts.title ?? 'Layer Gantt', runs.length === 1 ? ganttSubtitle(runs[0], rowsOf[0].length) : undefined)
  return {
    ...base,
    title: [base.title as TitleComponentOption, ...runTitles],
    toolbox: toolbox('layer-gantt', true),
    grid: grids,
    xAxis: xAxes,
    yAxis: yAxes,
    dataZoom: timeZoom(
      runs.map((_, i) => i),
      10,
    ),
    legend: runs.length > 1 ? legendRow() : undefined,
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const params = p as unknown as { seriesIndex: number; value: number[] }
        const run = runs[params.seriesIndex]
        const l = run.layers[params.value[3]]
        return tooltipHtml(`${l.name} (${l.kind})`, [
          ...(runs.length > 1 ? ([['run', run.label]] as [string, string][]) : []),
          ['busy from', stepsAndTime(l.startSteps, run.stepNs)],
          ['busy until', stepsAndTime(l.endSteps, run.stepNs)],
          ['span', stepsAndTime(l.endSteps - l.startSteps, run.stepNs)],
          ...(l.pes > 0
            ? ([
                ['copies', `${l.copies} × ${formatPes(l.pes)}`],
                ['sets', formatCount(l.sets)],
              ] as [string, string][])
            : ([['runs on', 'digital unit (GPEU)']] as [string, string][])),
        ])
      },
    },
    series,
  }
}

function ganttSubtitle(run: GanttRun, rows: number): string {
  const latency = Math.max(0, ...run.layers.map((l) => l.endSteps))
  return `${rows} layers · latency ${stepsAndTime(latency, run.stepNs)}`
}
