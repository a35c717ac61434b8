/**
 * PEs and copies per MVM layer: stacked bars of the first copy's PEs and the duplicates' PEs
 * (P_l and P_l * (d_l - 1)), with the duplication factor d_l on a second axis (cim-model.md 3, 6).
 */
import type { BarSeriesOption, EChartsOption, LineSeriesOption } from 'echarts'
import type { ExperimentResult } from '../experiment'
import { chartBase, INK, legendRow, MUTED, PLOT_TOP_LEGEND, toolbox, tooltipHtml, valueAxis } from './common'
import { formatCount, formatPercent, formatPes } from './format'
import { layerColor } from './palette'

export function pesPerLayerOption(result: Pick<ExperimentResult, 'layers' | 'summary'>): EChartsOption {
  const rows = result.layers.map((l, i) => ({ l, i })).filter(({ l }) => l.pes > 0)
  const firstCopy: BarSeriesOption = {
    type: 'bar',
    name: 'PEs of one copy',
    stack: 'pes',
    barMaxWidth: 18,
    data: rows.map(({ l, i }) => ({ value: l.pes, itemStyle: { color: layerColor(i) } })),
  }
  const duplicates: BarSeriesOption = {
    type: 'bar',
    name: 'PEs of duplicates',
    stack: 'pes',
    barMaxWidth: 18,
    data: rows.map(({ l, i }) => ({ value: l.pes * (l.copies - 1), itemStyle: { color: layerColor(i, true) } })),
  }
  const copies: LineSeriesOption = {
    type: 'line',
    name: 'copies',
    yAxisIndex: 1,
    symbol: 'circle',
    symbolSize: 5,
    lineStyle: { width: 1, color: INK },
    itemStyle: { color: INK },
    data: rows.map(({ l }) => l.copies),
  }
  const s = result.summary
  return {
    ...chartBase('PEs and copies per layer', `${formatPes(s.pesAllocated)} allocated of ${formatPes(s.pesChip)} · minimum ${formatPes(s.pesMinimum)}`),
    toolbox: toolbox('pes-per-layer', false),
    legend: legendRow(),
    grid: { left: 56, right: 52, top: PLOT_TOP_LEGEND, bottom: rows.length > 30 ? 84 : 64 },
    xAxis: {
      type: 'category',
      data: rows.map(({ l }) => l.name),
      axisLabel: { rotate: 45, fontSize: 9, color: MUTED, width: 90, overflow: 'truncate' },
      axisTick: { alignWithLabel: true },
    },
    yAxis: [valueAxis('PEs', { min: 0 }), valueAxis('copies', { min: 0, minInterval: 1, splitLine: { show: false } })],
    dataZoom:
      rows.length > 30
        ? [
            { type: 'slider', xAxisIndex: 0, height: 14, bottom: 4, showDetail: false },
            { type: 'inside', xAxisIndex: 0 },
          ]
        : undefined,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (p) => {
        const items = p as unknown as { dataIndex: number }[]
        const { l } = rows[items[0].dataIndex]
        return tooltipHtml(`${l.name} (${l.kind})`, [
          ['PEs of one copy', formatPes(l.pes)],
          ['copies', formatCount(l.copies)],
          ['PEs in all', formatPes(l.pes * l.copies)],
          ['sets', formatCount(l.sets)],
          ['sets per copy', formatCount(Math.ceil(l.sets / Math.max(1, l.copies)))],
          ...(l.cellUtilization === null ? [] : ([['cell utilization', formatPercent(l.cellUtilization)]] as [string, string][])),
        ])
      },
    },
    series: [firstCopy, duplicates, copies],
  }
}
