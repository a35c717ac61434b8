/**
 * PEs and copies per MVM layer: stacked bars of the first copy's PEs and the duplicates' PEs
 * (P_l and P_l * (d_l - 1)), with the duplication factor d_l on a second axis (cim-model.md 3, 6).
 */
import type { BarSeriesOption, EChartsOption, LineSeriesOption } from 'echarts'
import type { ExperimentResult } from '../experiment'
import { chartBase, INK, legendRow, MUTED, PLOT_TOP_LEGEND, toolbox, tooltipHtml, valueAxis } from './common'
import { formatCount, formatPercent, formatPes } from './format'
import { layerColor } from './palette'

/** Layers shown at once before the layer axis scrolls; above LABELS_UPRIGHT names stand upright. */
const VISIBLE_LAYERS = 40
const LABELS_UPRIGHT = 20

/** Legend swatches of the two stacks: bars take their layer's colour, full for one copy, lighter for duplicates. */
export const ONE_COPY_SWATCH = '#4b5563'
export const DUPLICATES_SWATCH = '#b6bcc6'

type Layer = ExperimentResult['layers'][number]

/** The tooltip of one layer: its PEs, copies and sets. */
function layerTooltip(l: Layer): string {
  return tooltipHtml(`${l.name} (${l.kind})`, [
    ['PEs of one copy', formatPes(l.pes)],
    ['copies', formatCount(l.copies)],
    ['PEs in all', formatPes(l.pes * l.copies)],
    ['sets', formatCount(l.sets)],
    ['sets per copy', formatCount(Math.ceil(l.sets / Math.max(1, l.copies)))],
    ...(l.cellUtilization === null ? [] : ([['cell utilization', formatPercent(l.cellUtilization)]] as [string, string][])),
  ])
}

export function pesPerLayerOption(result: Pick<ExperimentResult, 'layers' | 'summary'>): EChartsOption {
  const rows = result.layers.filter((l) => l.pes > 0)
  /** One stack of PEs per layer: bars in their layer's colour (lighter for duplicates), the legend swatch in grey. */
  const stack = (name: string, swatch: string, lighter: boolean, pes: (l: Layer) => number): BarSeriesOption => ({
    type: 'bar',
    name,
    stack: 'pes',
    barMaxWidth: 18,
    itemStyle: { color: swatch },
    data: rows.map((l, rank) => ({ value: pes(l), itemStyle: { color: layerColor(rank, lighter) } })),
  })
  const copies: LineSeriesOption = {
    type: 'line',
    name: 'copies',
    yAxisIndex: 1,
    symbol: 'circle',
    symbolSize: 5,
    lineStyle: { width: 1, color: INK },
    itemStyle: { color: INK },
    data: rows.map((l) => l.copies),
  }
  const s = result.summary
  const upright = rows.length > LABELS_UPRIGHT
  const scroll = rows.length > VISIBLE_LAYERS
  return {
    ...chartBase(
      'PEs and copies per layer',
      `${formatPes(s.pesAllocated)} allocated of ${formatPes(s.pesChip)} · minimum ${formatPes(s.pesMinimum)} · bar colour: the layer (as in the Gantt and the chip map), lighter: duplicates`,
    ),
    toolbox: toolbox('pes-per-layer', false),
    legend: legendRow(),
    grid: { left: 56, right: 52, top: PLOT_TOP_LEGEND, bottom: (upright ? 96 : 64) + (scroll ? 20 : 0) },
    xAxis: {
      type: 'category',
      data: rows.map((l) => l.name),
      // Every layer is named (interval 0): upright names above LABELS_UPRIGHT layers, a scrolling range above VISIBLE_LAYERS.
      axisLabel: { interval: 0, hideOverlap: true, rotate: upright ? 90 : 45, fontSize: 9, color: MUTED, width: 84, overflow: 'truncate' },
      axisTick: { alignWithLabel: true, interval: 0 },
    },
    yAxis: [valueAxis('PEs', { min: 0, minInterval: 1 }), valueAxis('copies', { min: 0, minInterval: 1, splitLine: { show: false } })],
    dataZoom: scroll
      ? [
          { type: 'slider', xAxisIndex: 0, height: 14, bottom: 4, showDetail: false, startValue: 0, endValue: VISIBLE_LAYERS - 1 },
          { type: 'inside', xAxisIndex: 0, zoomOnMouseWheel: false, moveOnMouseWheel: true },
        ]
      : undefined,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (p) => layerTooltip(rows[(p as unknown as { dataIndex: number }[])[0].dataIndex]),
    },
    series: [
      stack('PEs of one copy', ONE_COPY_SWATCH, false, (l) => l.pes),
      stack('PEs of duplicates', DUPLICATES_SWATCH, true, (l) => l.pes * (l.copies - 1)),
      copies,
    ],
  }
}
