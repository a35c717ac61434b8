/**
 * PE utilization over time (ExperimentResult.timeline): the mean share of chip PEs busy in
 * consecutive bins of binSteps steps. Several runs overlay on one time axis.
 */
import type { EChartsOption, LineSeriesOption } from 'echarts'
import type { ExperimentResult } from '../experiment'
import {
  chartBase,
  legendRow,
  PLOT_TOP,
  PLOT_TOP_LEGEND,
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
import { formatNs, formatNumber, formatPercent } from './format'
import { seriesColor } from './palette'

/** One run's utilization timeline. */
export interface TimelineRun {
  label: string
  timeline: ExperimentResult['timeline']
  /** MVM latency, ns per step. */
  stepNs: number
  /** Makespan, steps: where the last bin ends. */
  latencySteps: number
  /** Mean chip utilization over the whole run (drawn as a dashed line when one run is shown). */
  meanUtilization: number
}

/** The timeline of a run's result. */
export function timelineRun(label: string, result: Pick<ExperimentResult, 'timeline' | 'architecture' | 'summary'>): TimelineRun {
  return {
    label,
    timeline: result.timeline,
    stepNs: result.architecture.mvmLatencyNs,
    latencySteps: result.summary.latencySteps,
    meanUtilization: result.summary.utilizationChip,
  }
}

/**
 * Points [time, utilization %] of a timeline: each bin's value holds from its start until the
 * next bin (a step line), with a closing point at the makespan.
 */
export function timelinePoints(run: TimelineRun, axis: TimeAxis = 'steps'): [number, number][] {
  const { binSteps, utilization } = run.timeline
  const points = utilization.map((u, i) => [toAxis(i * binSteps, axis, run.stepNs), u * 100] as [number, number])
  if (utilization.length) points.push([toAxis(run.latencySteps, axis, run.stepNs), utilization[utilization.length - 1] * 100])
  return points
}

export interface UtilizationOptions {
  title?: string
  axis?: TimeAxis
}

/** Utilization over time of one or several runs (overlaid). */
export function utilizationOption(runs: TimelineRun[], opts: UtilizationOptions = {}): EChartsOption {
  const axis = opts.axis ?? sharedTimeAxis(runs.map((r) => r.stepNs))
  const single = runs.length === 1
  const stepNs = runs.every((r) => r.stepNs === runs[0]?.stepNs) ? runs[0]?.stepNs : undefined
  const series: LineSeriesOption[] = runs.map((r, i) => ({
    type: 'line',
    name: r.label,
    step: 'end',
    showSymbol: false,
    lineStyle: { width: 1.25, color: seriesColor(i) },
    itemStyle: { color: seriesColor(i) },
    areaStyle: single ? { color: seriesColor(i), opacity: 0.12 } : undefined,
    data: timelinePoints(r, axis),
    markLine: single
      ? {
          silent: true,
          symbol: 'none',
          lineStyle: { type: 'dashed', color: '#6b7280' },
          label: { formatter: `mean ${formatPercent(r.meanUtilization)}`, position: 'insideEndTop', fontSize: 10 },
          data: [{ yAxis: r.meanUtilization * 100 }],
        }
      : undefined,
  }))
  const binText = single ? `bins of ${stepsAndTime(runs[0].timeline.binSteps, runs[0].stepNs)}` : undefined
  return {
    ...chartBase(opts.title ?? 'PE utilization over time', binText),
    toolbox: toolbox('pe-utilization', true),
    legend: single ? undefined : legendRow(),
    grid: { left: 56, right: 28, top: single ? PLOT_TOP : PLOT_TOP_LEGEND, bottom: 64 },
    xAxis: valueAxis(timeAxisName(axis, stepNs), {
      nameLocation: 'middle',
      nameGap: 24,
      min: 0,
      max: Math.max(...runs.map((r) => toAxis(r.latencySteps, axis, r.stepNs))),
      axisLabel: { ...tickLabels(), showMaxLabel: false },
    }),
    yAxis: valueAxis('busy PEs (% of chip)', { min: 0, max: 100, axisLabel: tickLabels((v) => `${formatNumber(v)} %`) }),
    dataZoom: timeZoom([0], 8),
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'line' },
      formatter: (p) => {
        const items = p as unknown as { seriesName: string; value: [number, number] }[]
        if (!items.length) return ''
        const t = items[0].value[0]
        const heading = axis === 'time' ? `t = ${formatNs(t * 1000)}` : `t = ${stepsAndTime(t, stepNs)}`
        return tooltipHtml(
          heading,
          items.map((it) => [it.seriesName, `${formatNumber(it.value[1])} % busy`]),
        )
      },
    },
    series,
  }
}
