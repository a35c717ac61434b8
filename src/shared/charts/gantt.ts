/**
 * The layer Gantt: each layer's busy span, from its first set's start to its last set's finish
 * (LayerResult.startSteps..endSteps). Layer-by-layer draws a staircase; CLSA-CIM draws the
 * overlapping spans of cross-layer scheduling; in reload mode the reprogramming phases before each
 * segment are drawn as bands. The layer that bounds the latency is outlined and its name marked; in
 * density mode a bar's shade is the share of its span the layer's copies compute. Several runs stack
 * on one shared, linked time axis.
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
import { reprogrammingSteps, type ExperimentResult, type LayerResult } from '../experiment'
import {
  chartBase,
  INK,
  legendRow,
  PLOT_TOP,
  sharedTimeAxis,
  stepsAndTime,
  timeAxisName,
  tickLabels,
  timeZoom,
  toAxis,
  toolbox,
  tooltipHtml,
  valueAxis,
  type TimeAxis,
} from './common'
import { formatCount, formatPercent, formatPes, formatSteps } from './format'
import { BOTTLENECK_COLOR, DIGITAL_COLOR, layerColors, REPROGRAM_COLOR } from './palette'

/** One run's layers for the Gantt, with its MVM latency to convert steps to time. */
export interface GanttRun {
  label: string
  layers: LayerResult[]
  /** MVM latency of the run's chip, ns per step. */
  stepNs: number
  /** Time to program one reload segment, steps (reload mode; default 0: no phases drawn). */
  reprogramSteps?: number
  /** Name of the layer that bounds the latency, highlighted (none for results of older versions). */
  bottleneck?: string | null
}

/** The Gantt of a run's result: its layers, MVM latency, reprogramming time and bottleneck layer. */
export function ganttRun(label: string, result: Pick<ExperimentResult, 'layers' | 'architecture' | 'bottleneck'>): GanttRun {
  const arch = result.architecture
  return {
    label,
    layers: result.layers,
    stepNs: arch.mvmLatencyNs,
    reprogramSteps: reprogrammingSteps(arch, arch.mvmLatencyNs),
    bottleneck: result.bottleneck?.layer ?? null,
  }
}

/**
 * Busy density of a layer: its MVM work over copies x span (first start to last end), in 0..1; 1 for
 * digital layers and a layer without a span.
 */
export function busyDensity(l: LayerResult): number {
  const span = l.endSteps - l.startSteps
  return l.pes > 0 && span > 0 ? Math.min(1, l.busySteps / (Math.max(1, l.copies) * span)) : 1
}

/** Lightest shade of a bar in density mode (a layer busy for a sliver of its span stays visible). */
const MIN_SHADE = 0.12

/** A reprogramming phase: segment `segment` (from 0) is written from `startSteps` to `endSteps`. */
export interface ReprogramPhase {
  segment: number
  startSteps: number
  endSteps: number
}

/**
 * The reprogramming phases of a run in reload mode (none when the network fits in one segment):
 * segment g is written once everything before it has finished (the latest end of the layers of
 * segments < g, 0 for the first) and takes `reprogramSteps`.
 */
export function reprogramPhases(layers: LayerResult[], reprogramSteps: number): ReprogramPhase[] {
  const segments = Math.max(0, ...layers.map((l) => l.segment)) + 1
  if (segments < 2 || reprogramSteps <= 0) return []
  const phases: ReprogramPhase[] = []
  let done = 0
  for (let g = 0; g < segments; g++) {
    phases.push({ segment: g, startSteps: done, endSteps: done + reprogramSteps })
    for (const l of layers) if (l.segment === g) done = Math.max(done, l.endSteps)
  }
  return phases
}

export interface GanttOptions {
  title?: string
  /** Also draw digital (GPEU) layers, which hold no PEs; default false: MVM layers only. */
  includeDigital?: boolean
  /** Steps (default when every run has the same MVM latency) or µs. */
  axis?: TimeAxis
  /** Shade each bar by its busy density (busyDensity) instead of drawing it solid. */
  density?: boolean
}

/** The rows a Gantt draws: [layer index, layer] in network order. */
export function ganttRows(layers: LayerResult[], includeDigital = false): [number, LayerResult][] {
  return layers.map((l, i) => [i, l] as [number, LayerResult]).filter(([, l]) => includeDigital || l.pes > 0)
}

const LEFT = 118
const RIGHT = 28
const GAP = 30
const BOTTOM = 56
/** Row pitch (px): a line of text, so every layer is named; above VISIBLE_ROWS rows the layer axis scrolls. */
const ROW_PX = 12
const VISIBLE_ROWS = 48

/** Pixel layout of stacked Gantts with the given row counts: row pitch, grid tops and heights, and the chart height. */
export function ganttLayout(rowCounts: number[]): { rowPx: number; tops: number[]; heights: number[]; height: number } {
  const rowPx = ROW_PX
  const heights = rowCounts.map((n) => Math.max(48, Math.min(n, VISIBLE_ROWS) * rowPx))
  const tops: number[] = []
  let y = rowCounts.length > 1 ? PLOT_TOP + 14 : PLOT_TOP // room for the run's name above its grid
  for (const h of heights) {
    tops.push(y)
    y += h + GAP
  }
  return { rowPx, tops, heights, height: y - GAP + BOTTOM }
}

/** Draws one bar from value [row, start, end, layer, bottleneck (1/0), shade], clipped to the grid, at least 1 px wide; the bottleneck outlined. */
const renderBar: CustomSeriesRenderItem = (params, api) => {
  const row = api.value(0) as number
  const [x0, y] = api.coord([api.value(1), row])
  const [x1] = api.coord([api.value(2), row])
  const height = (api.size!([0, 1]) as number[])[1] * 0.72
  const box = params.coordSys as unknown as { x: number; width: number }
  const left = Math.max(x0, box.x)
  const right = Math.min(Math.max(x1, x0 + 1), box.x + box.width)
  if (right <= left) return null
  const fill = api.visual('color') as string
  const opacity = api.value(5) as number
  const shape = { x: left, y: y - height / 2, width: right - left, height }
  if (api.value(4) !== 1) return { type: 'rect', shape, style: { fill, opacity } }
  return { type: 'rect', shape, style: { fill: fill, fillOpacity: opacity, stroke: BOTTLENECK_COLOR, lineWidth: 2 } }
}

/** Gantt of one run. */
export function ganttOption(layers: LayerResult[], stepNs: number, opts: GanttOptions = {}): EChartsOption {
  return stackedGanttOption([{ label: '', layers, stepNs }], opts)
}

/** Gantts of several runs one above the other, on the same (linked, zoomable) time axis. */
export function stackedGanttOption(runs: GanttRun[], opts: GanttOptions = {}): EChartsOption {
  const axis = opts.axis ?? sharedTimeAxis(runs.map((r) => r.stepNs))
  const rowsOf = runs.map((r) => ganttRows(r.layers, opts.includeDigital))
  const colorsOf = runs.map((r) => layerColors(r.layers))
  const layout = ganttLayout(rowsOf.map((r) => r.length))
  const end = Math.max(1, ...runs.map((r) => toAxis(Math.max(0, ...r.layers.map((l) => l.endSteps)), axis, r.stepNs)))
  const last = runs.length - 1
  const scrolls = rowsOf.map((rows) => rows.length > VISIBLE_ROWS)
  const right = scrolls.some(Boolean) ? RIGHT + 18 : RIGHT
  const grids: GridComponentOption[] = runs.map((_, i) => ({ left: LEFT, right, top: layout.tops[i], height: layout.heights[i] }))
  const xAxes: XAXisComponentOption[] = runs.map((r, i) =>
    valueAxis(i === last ? timeAxisName(axis, runs.every((x) => x.stepNs === r.stepNs) ? r.stepNs : undefined) : '', {
      gridIndex: i,
      min: 0,
      max: end,
      nameLocation: 'middle',
      nameGap: 22,
      // The end of the run is rarely a round tick: leave it out rather than crowd the last tick ("3,000 3,170").
      axisLabel: { ...tickLabels(), show: i === last, showMaxLabel: false },
    }),
  )
  const yAxes: YAXisComponentOption[] = rowsOf.map((rows, i) => ({
    type: 'category',
    gridIndex: i,
    inverse: true,
    data: rows.map(([, l]) => l.name),
    axisTick: { show: false },
    axisLine: { lineStyle: { color: '#9ca3af' } },
    // Every layer is named: rows are a line of text high, and the axis scrolls instead of skipping names
    // (a printed chart has no scroll: there names that would overlap are left out).
    axisLabel: {
      color: INK,
      fontSize: 10,
      width: LEFT - 12,
      overflow: 'truncate',
      interval: 0,
      hideOverlap: true,
      formatter: (name: string) => (name === runs[i].bottleneck ? `{hot|${name} ▶}` : name),
      rich: { hot: { color: BOTTLENECK_COLOR, fontWeight: 'bold', fontSize: 10 } },
    },
  }))
  const layerSeries: CustomSeriesOption[] = runs.map((r, i) => ({
    type: 'custom',
    name: r.label || 'layers',
    xAxisIndex: i,
    yAxisIndex: i,
    renderItem: renderBar,
    encode: { x: [1, 2], y: 0 },
    clip: true,
    data: rowsOf[i].map(([index, l], row) => ({
      name: l.name,
      value: [
        row,
        toAxis(l.startSteps, axis, r.stepNs),
        toAxis(l.endSteps, axis, r.stepNs),
        index,
        l.name === r.bottleneck ? 1 : 0,
        opts.density ? Math.max(MIN_SHADE, busyDensity(l)) : 1,
      ],
      itemStyle: { color: l.pes > 0 ? colorsOf[i][index] : DIGITAL_COLOR },
    })),
  }))
  const phasesOf = runs.map((r) => reprogramPhases(r.layers, r.reprogramSteps ?? 0))
  const phaseSeries: CustomSeriesOption[] = runs.flatMap((r, i) =>
    phasesOf[i].length
      ? [
          {
            type: 'custom' as const,
            name: REPROGRAMMING,
            xAxisIndex: i,
            yAxisIndex: i,
            renderItem: renderBand,
            encode: { x: [0, 1] },
            clip: true,
            z: 1,
            itemStyle: { color: REPROGRAM_COLOR, opacity: 0.35 },
            data: phasesOf[i].map((p) => ({ value: [toAxis(p.startSteps, axis, r.stepNs), toAxis(p.endSteps, axis, r.stepNs), i, p.segment] })),
          },
        ]
      : [],
  )
  const reloads = phaseSeries.length > 0
  const runTitles: TitleComponentOption[] =
    runs.length > 1
      ? runs.map((r, i) => ({ text: r.label, left: LEFT, top: layout.tops[i] - 17, textStyle: { fontSize: 11, fontWeight: 600, color: INK } }))
      : []
  const base = chartBase(opts.title ?? 'Layer Gantt', runs.length === 1 ? ganttSubtitle(runs[0], rowsOf[0].length, opts.density) : undefined)
  return {
    ...base,
    title: [base.title as TitleComponentOption, ...runTitles],
    toolbox: toolbox('layer-gantt', true),
    grid: grids,
    xAxis: xAxes,
    yAxis: yAxes,
    dataZoom: [
      ...timeZoom(
        runs.map((_, i) => i),
        10,
      ),
      ...runs.flatMap((_, i) =>
        scrolls[i]
          ? [
              {
                type: 'slider' as const,
                yAxisIndex: i,
                right: 6,
                width: 12,
                startValue: 0,
                endValue: VISIBLE_ROWS - 1,
                zoomLock: true,
                showDetail: false,
                brushSelect: false,
              },
            ]
          : [],
      ),
    ],
    // Bars take their layer's colour, so only the reprogramming bands have a legend entry; runs are named above their grids.
    legend: reloads ? { ...legendRow(), data: [REPROGRAMMING], left: runs.length > 1 ? 'right' : LEFT } : undefined,
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const params = p as unknown as { seriesName: string; seriesIndex: number; value: number[] }
        if (params.seriesName === REPROGRAMMING) {
          const run = runs[params.value[2]]
          const phase = phasesOf[params.value[2]][params.value[3]]
          return tooltipHtml(`reprogramming segment ${phase.segment + 1} of ${phasesOf[params.value[2]].length}`, [
            ...(runs.length > 1 ? ([['run', run.label]] as [string, string][]) : []),
            ['from', stepsAndTime(phase.startSteps, run.stepNs)],
            ['until', stepsAndTime(phase.endSteps, run.stepNs)],
            ['takes', stepsAndTime(phase.endSteps - phase.startSteps, run.stepNs)],
          ])
        }
        const run = runs[params.seriesIndex]
        const l = run.layers[params.value[3]]
        return tooltipHtml(`${l.name} (${l.kind})${l.name === run.bottleneck ? ': bounds the latency' : ''}`, [
          ...(runs.length > 1 ? ([['run', run.label]] as [string, string][]) : []),
          ['busy from', stepsAndTime(l.startSteps, run.stepNs)],
          ['busy until', stepsAndTime(l.endSteps, run.stepNs)],
          ['span', stepsAndTime(l.endSteps - l.startSteps, run.stepNs)],
          ...(l.pes > 0
            ? ([
                ['copies', `${l.copies} × ${formatPes(l.pes)}`],
                ['sets', formatCount(l.sets)],
                ['busy in its span', formatPercent(busyDensity(l))],
                ...layerLoadRows(l),
              ] as [string, string][])
            : ([['runs on', 'digital unit (GPEU)']] as [string, string][])),
        ])
      },
    },
    // Layer bars first, so a bar's series index is its run.
    series: [...layerSeries, ...phaseSeries],
  }
}

const REPROGRAMMING = 'reprogramming (reload mode)'

/** Narrowest a reprogramming band is drawn (it lasts ~70 steps of runs of tens of thousands), px. */
const BAND_MIN_PX = 3

/** Draws a band over the whole grid height from value [start, end], at least BAND_MIN_PX wide. */
const renderBand: CustomSeriesRenderItem = (params, api) => {
  const box = params.coordSys as unknown as { x: number; y: number; width: number; height: number }
  const [x0] = api.coord([api.value(0), 0])
  const [x1] = api.coord([api.value(1), 0])
  const left = Math.max(x0, box.x)
  const right = Math.min(Math.max(x1, x0 + BAND_MIN_PX), box.x + box.width)
  if (right <= left) return null
  return { type: 'rect', shape: { x: left, y: box.y, width: right - left, height: box.height }, style: api.style() }
}

/** Tooltip rows of a layer's bottleneck figures (none for results of older versions). */
function layerLoadRows(l: LayerResult): [string, string][] {
  if (l.perCopySteps == null || l.busyFraction == null || l.waitInputsSteps == null || l.waitCopySteps == null) return []
  return [
    ['work per copy', formatSteps(l.perCopySteps)],
    ['busy in the run', formatPercent(l.busyFraction)],
    ['waiting for inputs', `${formatCount(l.waitInputsSteps)} copy-steps`],
    ['waiting for a copy', `${formatCount(l.waitCopySteps)} set-steps`],
  ]
}

function ganttSubtitle(run: GanttRun, rows: number, density = false): string {
  const latency = Math.max(0, ...run.layers.map((l) => l.endSteps))
  const phases = reprogramPhases(run.layers, run.reprogramSteps ?? 0)
  const reload = phases.length ? ` · ${phases.length} reload segments, ${stepsAndTime(run.reprogramSteps!, run.stepNs)} to program each` : ''
  const bound = run.bottleneck ? ` · bound by ${run.bottleneck} (outlined)` : ''
  const shade = density ? ' · shade: busy share of each span' : ''
  return `${rows} layers · latency ${stepsAndTime(latency, run.stepNs)}${reload}${bound}${shade}`
}
