/**
 * The trade-offs of a sweep (cim-model.md section 6): latency and speedup against extra PEs per
 * schedule and strategy, the Pareto front of PEs used against latency, and cell writes / lifetime
 * against duplication, energy against extra PEs. Every point carries its run id, so a click can open the run.
 */
import type { EChartsOption, LineSeriesOption, ScatterSeriesOption } from 'echarts'
import type { DuplicationStrategy, RunSummary, ScheduleKind } from '../experiment'
import { chartBase, stepsAndTime, tickLabels, toolbox, tooltipHtml, valueAxis, wrappingLegend } from './common'
import { formatCompact, formatCount, formatFactor, formatPes } from './format'
import { extraPes, formatMetric, metric, summaryFigureRow } from '../metrics'
import { tellingApart } from '../labels'
import { seriesColor, seriesSymbol } from './palette'

/** A finished run of a sweep (a RunListItem with its summary). */
export interface SweepRun {
  id: number
  strategy: DuplicationStrategy
  schedule: ScheduleKind
  /** Chip (architecture) and network names: a sweep over several chips or networks groups by them too. */
  archName: string
  networkName?: string
  summary: RunSummary
}

export { extraPes }

/** Duplication of a run: allocated PEs over the minimum (1 = one copy of every layer). */
export function duplicationFactor(s: RunSummary): number {
  return s.pesAllocated / s.pesMinimum
}

/** A point's data item: [x, y] and the run it opens. */
export interface RunPoint {
  value: [number, number]
  runId: number
}

/** The run id behind a clicked chart item, if it is a run point. */
export function runIdOf(data: unknown): number | null {
  return data && typeof data === 'object' && 'runId' in data && typeof data.runId === 'number' ? data.runId : null
}

/** Runs grouped by schedule and strategy (and network and chip when a sweep spans several), in a stable order. */
export function sweepGroups(runs: SweepRun[]): { name: string; runs: SweepRun[] }[] {
  const names = tellingApart(
    runs.map((r) => ({ network: r.networkName, schedule: r.schedule, dup: r.strategy, chip: r.archName })),
    ['strategy'],
  )
  const groups = new Map<string, SweepRun[]>()
  runs.forEach((r, i) => groups.set(names[i], [...(groups.get(names[i]) ?? []), r]))
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, rs]) => ({ name, runs: rs }))
}

function runRows(r: SweepRun, stepNs?: number): [string, string][] {
  const s = r.summary
  return [
    ['run', `#${r.id}`],
    ['extra PEs', formatPes(extraPes(s))],
    ['PEs allocated / chip', `${formatCount(s.pesAllocated)} / ${formatPes(s.pesChip)}`],
    ['latency', stepsAndTime(s.latencySteps, stepNs ?? s.latencyNs / s.latencySteps)],
    summaryFigureRow('speedupVsBaseline', s),
    summaryFigureRow('utilizationChip', s),
  ]
}

function pointTooltip(runs: Map<number, SweepRun>, extra: (r: SweepRun) => [string, string][] = () => []) {
  return (p: unknown) => {
    const params = p as { seriesName: string; data: unknown }
    const id = runIdOf(params.data)
    const run = id === null ? undefined : runs.get(id)
    return run ? tooltipHtml(params.seriesName, [...runRows(run), ...extra(run)]) : ''
  }
}

/** Legend entry width for group names ("layer-by-layer, greedy duplication · resnet18"), px. */
const GROUP_LEGEND_PX = 250
/** The narrowest the trade-off charts are drawn: the first spans the screen or a report page, the others half the screen. */
const FULL_WIDTH_PX = 720
const HALF_WIDTH_PX = 520

/** Colour of the Pareto front line. */
export const PARETO_COLOR = '#111827'

const byId = (runs: SweepRun[]) => new Map(runs.map((r) => [r.id, r]))

/**
 * How group i of n is drawn so that groups with the same values (cell writes do not depend on the
 * schedule) all stay visible: its own marker shape, hollow, and marker and line sizes shrinking from
 * the first group (drawn below) to the last (drawn on top).
 */
export function groupStyle(i: number, n: number): { symbol: string; symbolSize: number; lineWidth: number } {
  const below = n - 1 - i
  return { symbol: `empty${seriesSymbol(i)[0].toUpperCase()}${seriesSymbol(i).slice(1)}`, symbolSize: 7 + 3 * below, lineWidth: 1.5 + 2 * below }
}
const point = (r: SweepRun, x: number, y: number): RunPoint => ({ value: [x, y], runId: r.id })

/** A figure of a run plotted against its extra PEs. */
type RunFigure = (s: RunSummary) => number

/**
 * One line per group against extra PEs, for each figure: figure j on axes (grid) j. The latency /
 * speedup and the energy charts share it.
 */
function extraPesSeries(groups: { name: string; runs: SweepRun[] }[], figures: RunFigure[]): LineSeriesOption[] {
  return groups.flatMap((g, i) => {
    const sorted = [...g.runs].sort((a, b) => extraPes(a.summary) - extraPes(b.summary))
    const common = {
      type: 'line' as const,
      name: g.name,
      symbol: groupStyle(i, groups.length).symbol,
      symbolSize: 7,
      color: seriesColor(i),
      lineStyle: { width: 1.5 },
    }
    return figures.map((y, j) => ({ ...common, xAxisIndex: j, yAxisIndex: j, data: sorted.map((r) => point(r, extraPes(r.summary), y(r.summary))) }))
  })
}

const EXTRA_PES_AXIS = 'extra PEs (chip PEs above the network minimum)'

/** Latency (top, log axis) and speedup (bottom) against extra PEs: one line per group. */
export function tradeoffOption(runs: SweepRun[]): EChartsOption {
  const groups = sweepGroups(runs)
  const series = extraPesSeries(groups, [(s) => s.latencySteps, (s) => s.speedupVsBaseline])
  const { legend, plotTop } = wrappingLegend(groups.length, GROUP_LEGEND_PX, FULL_WIDTH_PX)
  return {
    ...chartBase('Latency and speedup against extra PEs', `${runs.length} runs · click a point to open its run`),
    toolbox: toolbox('tradeoff-extra-pes', false),
    legend,
    grid: [
      { left: 64, right: 28, top: plotTop, height: '30%' },
      { left: 64, right: 28, bottom: 44, height: '30%' },
    ],
    xAxis: [
      valueAxis('', { gridIndex: 0, min: 0, max: 'dataMax' }),
      valueAxis(EXTRA_PES_AXIS, { gridIndex: 1, min: 0, max: 'dataMax', nameLocation: 'middle', nameGap: 24 }),
    ],
    yAxis: [
      valueAxis('latency (steps, log)', { gridIndex: 0, type: 'log' }),
      valueAxis('speedup (×)', { gridIndex: 1, min: 0, axisLabel: tickLabels(formatFactor) }),
    ],
    tooltip: { trigger: 'item', formatter: pointTooltip(byId(runs)) },
    series,
  }
}

/** Energy of a run against its extra PEs: one line per group, as the latency chart. */
export function energyOption(runs: SweepRun[]): EChartsOption {
  const groups = sweepGroups(runs)
  const energy = metric('energyNj')
  const { legend, plotTop } = wrappingLegend(groups.length, GROUP_LEGEND_PX, HALF_WIDTH_PX)
  return {
    ...chartBase('Energy against extra PEs', `${runs.length} runs · click a point to open its run`),
    toolbox: toolbox('energy-extra-pes', false),
    legend,
    grid: { left: 72, right: 28, top: plotTop, bottom: 44 },
    xAxis: valueAxis(EXTRA_PES_AXIS, { min: 0, max: 'dataMax', nameLocation: 'middle', nameGap: 24 }),
    yAxis: valueAxis('energy', { scale: true, axisLabel: tickLabels((v) => formatMetric(energy, v)) }),
    tooltip: { trigger: 'item', formatter: pointTooltip(byId(runs), (r) => [summaryFigureRow('energyNj', r.summary)]) },
    series: extraPesSeries(groups, [(s) => s.energyNj]),
  }
}

/**
 * The runs no other run beats on both PEs used and latency (minimizing both), by index into
 * `points`, sorted by PEs. Ties in both keep the first.
 */
export function paretoFront(points: { pes: number; latency: number }[]): number[] {
  const order = points.map((_, i) => i).sort((a, b) => points[a].pes - points[b].pes || points[a].latency - points[b].latency || a - b)
  const front: number[] = []
  let best = Infinity
  for (const i of order) {
    if (points[i].latency < best) {
      front.push(i)
      best = points[i].latency
    }
  }
  return front
}

/** PEs used (allocated) against latency for every run, with the Pareto front as a staircase. */
export function paretoOption(runs: SweepRun[]): EChartsOption {
  const groups = sweepGroups(runs)
  const front = paretoFront(runs.map((r) => ({ pes: r.summary.pesAllocated, latency: r.summary.latencySteps }))).map((i) => runs[i])
  const scatter: ScatterSeriesOption[] = groups.map((g, i) => ({
    type: 'scatter',
    name: g.name,
    color: seriesColor(i),
    symbol: groupStyle(i, groups.length).symbol,
    symbolSize: 8,
    data: g.runs.map((r) => point(r, r.summary.pesAllocated, r.summary.latencySteps)),
  }))
  const frontLine: LineSeriesOption = {
    type: 'line',
    name: 'Pareto front',
    step: 'end',
    symbol: 'emptyCircle',
    symbolSize: 11,
    color: PARETO_COLOR,
    lineStyle: { width: 1.5, type: 'dashed' },
    z: 1,
    data: front.map((r) => point(r, r.summary.pesAllocated, r.summary.latencySteps)),
  }
  const { legend, plotTop } = wrappingLegend(groups.length + 1, GROUP_LEGEND_PX, HALF_WIDTH_PX)
  return {
    ...chartBase('Pareto front: PEs used against latency', `${front.length} of ${runs.length} runs on the front (fewer PEs and lower latency are better)`),
    toolbox: toolbox('pareto-pes-latency', false),
    legend,
    grid: { left: 64, right: 28, top: plotTop, bottom: 44 },
    xAxis: valueAxis('PEs used (allocated)', { scale: true, nameLocation: 'middle', nameGap: 24 }),
    yAxis: valueAxis('latency (steps, log)', { type: 'log' }),
    tooltip: { trigger: 'item', formatter: pointTooltip(byId(runs)) },
    series: [...scatter, frontLine],
  }
}

/**
 * Cell writes and lifetime against duplication (allocated / minimum PEs). The left axis shows
 * cell writes per inference when some run reloads weights (reload mode), else the total cell
 * writes of programming the chip once; the right axis the lifetime of runs that wear the chip.
 */
export function enduranceOption(runs: SweepRun[]): EChartsOption {
  const groups = sweepGroups(runs)
  const perInference = runs.some((r) => r.summary.writesPerInference > 0)
  const writes = (s: RunSummary) => (perInference ? s.writesPerInference : s.totalCellWrites)
  const wearing = runs.filter((r) => r.summary.lifetimeInferences !== null)
  const series: (ScatterSeriesOption | LineSeriesOption)[] = groups.flatMap((g, i) => {
    const sorted = [...g.runs].sort((a, b) => duplicationFactor(a.summary) - duplicationFactor(b.summary))
    const lifetime = sorted.filter((r) => r.summary.lifetimeInferences !== null)
    const style = groupStyle(i, groups.length)
    const common = { name: g.name, color: seriesColor(i), symbol: style.symbol, symbolSize: style.symbolSize }
    return [
      {
        type: 'line',
        ...common,
        lineStyle: { width: style.lineWidth, opacity: 0.85 },
        data: sorted.map((r) => point(r, duplicationFactor(r.summary), writes(r.summary))),
      },
      ...(lifetime.length
        ? [
            {
              type: 'line' as const,
              ...common,
              yAxisIndex: 1,
              lineStyle: { type: 'dashed' as const, width: style.lineWidth, opacity: 0.85 },
              data: lifetime.map((r) => point(r, duplicationFactor(r.summary), r.summary.lifetimeInferences!)),
            },
          ]
        : []),
    ]
  })
  const subtitle = wearing.length
    ? 'solid: cell writes · dashed: lifetime · equal values overlap: see the markers'
    : 'weights written once: lifetime unlimited · equal values overlap: see the markers'
  const { legend, plotTop } = wrappingLegend(groups.length, GROUP_LEGEND_PX, HALF_WIDTH_PX)
  return {
    ...chartBase('Cell writes and lifetime against duplication', subtitle),
    toolbox: toolbox('endurance-duplication', false),
    legend,
    grid: { left: 72, right: 72, top: plotTop, bottom: 44 },
    xAxis: valueAxis('duplication (allocated PEs / minimum PEs, ×)', { scale: true, nameLocation: 'middle', nameGap: 24 }),
    yAxis: [
      valueAxis(perInference ? 'cell writes per inference' : 'cell writes (programming once)', {
        scale: true,
      }),
      valueAxis('lifetime (inferences, log)', { type: 'log', show: wearing.length > 0, splitLine: { show: false }, axisLabel: tickLabels(formatCompact) }),
    ],
    tooltip: {
      trigger: 'item',
      formatter: pointTooltip(byId(runs), (r) => [
        ['duplication', formatFactor(duplicationFactor(r.summary))],
        ...(['totalCellWrites', 'writesPerInference', 'lifetimeInferences'] as const).map((k) => summaryFigureRow(k, r.summary)),
      ]),
    },
    series,
  }
}
