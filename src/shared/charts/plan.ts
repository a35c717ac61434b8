/**
 * The reload plan's trade-off (issue 15): throughput against lifetime and against batch latency, one point per
 * candidate plan (the best plan of each segment count), the chosen plan and today's reload mode marked; and the
 * writes per cell per inference of every PE under the chosen plan.
 */
import { programmingsPerPe } from '../formulas'
import type { EChartsOption, ScatterSeriesOption } from 'echarts'
import type { ExperimentResult } from '../experiment'
import type { PlanFigures, PlanResult } from '../schemas/result'
import { chartBase, legendRow, PLOT_TOP_LEGEND, tickLabels, toolbox, tooltipHtml, valueAxis } from './common'
import { formatCompact, formatCount, formatLifespan, formatLifetime, formatNs, formatNumber } from './format'
import { seriesColor } from './palette'

/** One plan: its batch, where each of its segments sits (PEs [firstPe, firstPe + pes)), and its figures. */
export type PlanPoint = Pick<PlanFigures, 'batch' | 'throughputPerS' | 'lifetimeYears' | 'batchLatencyNs'> & {
  segments: Pick<PlanFigures['segments'][number], 'firstPe' | 'pes'>[]
}

export interface PlanView {
  model: string
  chipPes: number
  lifetimeTargetYears: number
  /** The best plan of every segment count. */
  candidates: PlanPoint[]
  chosen: PlanPoint
  /** Today's reload mode (one copy each, cut where the chip fills) under the same target, if it reaches it. */
  baseline: PlanPoint | null
}

/** The plan view of a run planned for a lifetime target, or null for a run without a plan. */
export function planView(r: Pick<ExperimentResult, 'plan' | 'summary'>): PlanView | null {
  const p = r.plan
  if (!p) return null
  return { model: r.summary.model, chipPes: r.summary.pesChip, lifetimeTargetYears: p.target.years, candidates: p.candidates, chosen: p, baseline: p.baseline }
}

/** Writes per cell per inference of every PE 0..chipPes-1: the segments whose PEs [firstPe, firstPe + pes) cover it, over the batch. */
export function writesPerPe(p: PlanPoint, chipPes: number): number[] {
  return programmingsPerPe(p.segments, chipPes).map((n) => n / p.batch)
}

const rows = (p: PlanPoint): [string, string][] => [
  ['segments', String(p.segments.length)],
  ['batch', `${formatCount(p.batch)} inferences`],
  ['throughput', `${formatNumber(p.throughputPerS)} inferences/s`],
  ['lifetime', `${formatNumber(p.lifetimeYears)} years`],
  ['batch latency', formatNs(p.batchLatencyNs)],
]

/** A plan as the data item of both scatter plots: [lifetime years, throughput] and [batch latency ms, throughput]. */
const item = (p: PlanPoint, x: 'life' | 'latency') => ({ value: [x === 'life' ? p.lifetimeYears : p.batchLatencyNs / 1e6, p.throughputPerS], plan: p })

/** Throughput against lifetime (top left) and batch latency (top right), writes per PE (bottom). */
export function planOption(v: PlanView): EChartsOption {
  const groups: { name: string; plans: PlanPoint[]; symbol: string; size: number; color: string }[] = [
    { name: 'candidate plans', plans: v.candidates, symbol: 'circle', size: 8, color: seriesColor(0) },
    { name: 'chosen plan', plans: [v.chosen], symbol: 'triangle', size: 16, color: seriesColor(1) },
    ...(v.baseline
      ? [{ name: 'today (one copy each, cut where the chip fills)', plans: [v.baseline], symbol: 'diamond', size: 12, color: seriesColor(2) }]
      : []),
  ]
  const series: ScatterSeriesOption[] = groups.flatMap((g) =>
    (['life', 'latency'] as const).map((x, i) => ({
      type: 'scatter' as const,
      name: g.name,
      symbol: g.symbol,
      symbolSize: g.size,
      color: g.color,
      xAxisIndex: i,
      yAxisIndex: i,
      data: g.plans.map((p) => item(p, x)),
      ...(g === groups[0] &&
        x === 'life' && {
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { type: 'dashed' as const },
            label: { formatter: 'target' },
            data: [{ xAxis: v.lifetimeTargetYears }],
          },
        }),
    })),
  )
  const writes = writesPerPe(v.chosen, v.chipPes)
  return {
    ...chartBase(
      `Reload plan: ${v.model} on ${formatCount(v.chipPes)} PEs`,
      `lifetime target ${formatLifespan(v.lifetimeTargetYears)} · one point per segment count`,
    ),
    toolbox: toolbox('reload-plan', false),
    legend: legendRow(),
    grid: [
      { left: 72, width: '36%', top: PLOT_TOP_LEGEND, height: '38%' },
      { right: 28, width: '36%', top: PLOT_TOP_LEGEND, height: '38%' },
      { left: 72, right: 28, bottom: 44, height: '22%' },
    ],
    xAxis: [
      valueAxis('lifetime (years, log)', { gridIndex: 0, type: 'log', nameLocation: 'middle', nameGap: 24 }),
      valueAxis('batch latency (ms, log)', { gridIndex: 1, type: 'log', nameLocation: 'middle', nameGap: 24 }),
      { type: 'category', gridIndex: 2, name: 'PE', data: writes.map((_, pe) => String(pe)), axisLabel: { interval: 'auto' } },
    ],
    yAxis: [
      valueAxis('throughput (inferences/s)', { gridIndex: 0, axisLabel: tickLabels() }),
      valueAxis('', { gridIndex: 1, axisLabel: tickLabels() }),
      valueAxis('writes / cell / inference', { gridIndex: 2, axisLabel: tickLabels() }),
    ],
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const params = p as { seriesName: string; data: { plan?: PlanPoint } | number; name: string }
        if (typeof params.data === 'number') return tooltipHtml(`PE ${params.name}`, [['writes / cell / inference', formatNumber(params.data)]])
        return params.data.plan ? tooltipHtml(params.seriesName, rows(params.data.plan)) : ''
      },
    },
    series: [
      ...series,
      { type: 'bar', name: 'writes per PE (chosen plan)', xAxisIndex: 2, yAxisIndex: 2, data: writes, color: seriesColor(1), barCategoryGap: '10%' },
    ],
  }
}

/** A table of the plan for the run screen and the report: column headers (numbers align right) and formatted rows. */
export interface PlanTable {
  columns: { label: string; numeric: boolean }[]
  rows: string[][]
}

/** The chosen plan's segments: their layers, copies, PEs and time for one batch. */
export function planSegmentsTable(p: PlanResult, stepNs: number): PlanTable {
  const col = (label: string, numeric = true) => ({ label, numeric })
  return {
    columns: [col('segment'), col('layers', false), col('MVM layers'), col('copies'), col('PEs'), col('run time per batch')],
    rows: p.segments.map((s, g) => [
      String(g + 1),
      s.firstLayer === s.lastLayer ? s.firstLayer : `${s.firstLayer} … ${s.lastLayer}`,
      formatCount(s.mvmLayers),
      formatCount(s.copies.reduce((a, c) => a + c, 0)),
      `${formatCount(s.firstPe)}–${formatCount(s.firstPe + s.pes - 1)}`,
      formatNs(s.runSteps * stepNs),
    ]),
  }
}

/** Every candidate plan (the chosen one marked) and today's reload mode: batch, segments and their figures. */
export function planCandidatesTable(p: PlanResult): PlanTable {
  const col = (label: string, numeric = true) => ({ label, numeric })
  const row = (name: string, f: PlanFigures) => [
    name,
    formatCount(f.batch),
    formatCount(f.segments.length),
    formatNumber(f.throughputPerS),
    formatNs(f.batchLatencyNs),
    formatCompact(f.writesPerInference),
    formatLifetime(f.lifetimeInferences, f.lifetimeYears),
  ]
  return {
    columns: [
      col('plan', false),
      col('batch'),
      col('segments'),
      col('throughput (inferences/s)'),
      col('batch latency'),
      col('cell writes / inference'),
      col('lifetime'),
    ],
    rows: [
      ...p.candidates.map((c) => row(c.segments.length === p.segments.length ? 'chosen ▲' : 'candidate', c)),
      ...(p.baseline ? [row('today (one copy each, cut where the chip fills)', p.baseline)] : []),
    ],
  }
}
