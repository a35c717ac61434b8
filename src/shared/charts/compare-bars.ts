/** Speedup and PE utilization of compared runs, side by side (cim-model.md section 7). */
import type { BarSeriesOption, EChartsOption } from 'echarts'
import type { RunSummary } from '../experiment'
import { chartBase, legendRow, MUTED, PLOT_TOP_LEGEND, tickLabels, toolbox, tooltipHtml, valueAxis } from './common'
import { summaryFigureRow } from '../metrics'
import { formatFactor, formatNumber, formatPercent } from './format'

/** A compared run: its short label and summary. */
export interface ComparedRun {
  label: string
  summary: RunSummary
}

export function compareBarsOption(runs: ComparedRun[]): EChartsOption {
  const labels = runs.map((r) => r.label)
  // The two utilization bars of a run stand side by side, too narrow for "37.9 %" each: their labels stand upright.
  const bar = (name: string, color: string, axis: number, values: number[]): BarSeriesOption => ({
    type: 'bar',
    name,
    xAxisIndex: axis,
    yAxisIndex: axis,
    barMaxWidth: 28,
    itemStyle: { color },
    label: {
      show: runs.length <= 6,
      position: 'top',
      ...(axis === 0 ? {} : { rotate: 90, align: 'left' as const, verticalAlign: 'middle' as const }),
      fontSize: 9,
      color: MUTED,
      formatter: (p) => (axis === 0 ? formatFactor(p.value as number) : formatPercent((p.value as number) / 100)),
    },
    labelLayout: { hideOverlap: true },
    data: values,
  })
  const category = (gridIndex: number) => ({
    type: 'category' as const,
    gridIndex,
    data: labels,
    axisLabel: { fontSize: 10, color: MUTED, interval: 0, width: 120, overflow: 'truncate' as const },
  })
  return {
    ...chartBase('Speedup and PE utilization', 'speedup against layer-by-layer without duplication on the same chip'),
    toolbox: toolbox('compare-speedup-utilization', false),
    legend: legendRow(),
    grid: [
      { left: 56, right: '53%', top: PLOT_TOP_LEGEND, bottom: 56 },
      { left: '57%', right: 20, top: PLOT_TOP_LEGEND, bottom: 56 },
    ],
    xAxis: [category(0), category(1)],
    yAxis: [
      valueAxis('speedup (×)', { gridIndex: 0, min: 0, axisLabel: tickLabels(formatFactor) }),
      valueAxis('PE utilization (%)', { gridIndex: 1, min: 0, max: 100, axisLabel: tickLabels((v) => `${formatNumber(v)} %`) }),
    ],
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (p) => {
        const items = p as unknown as { dataIndex: number }[]
        const r = runs[items[0].dataIndex]
        return tooltipHtml(
          r.label,
          (['speedupVsBaseline', 'latencySteps', 'utilizationChip', 'utilizationAllocated'] as const).map((k) => summaryFigureRow(k, r.summary)),
        )
      },
    },
    series: [
      bar(
        'speedup',
        '#2563eb',
        0,
        runs.map((r) => r.summary.speedupVsBaseline),
      ),
      bar(
        'utilization of chip PEs',
        '#059669',
        1,
        runs.map((r) => r.summary.utilizationChip * 100),
      ),
      bar(
        'utilization of allocated PEs',
        '#86c5a9',
        1,
        runs.map((r) => r.summary.utilizationAllocated * 100),
      ),
    ],
  }
}
