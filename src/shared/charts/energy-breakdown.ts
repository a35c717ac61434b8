/**
 * Energy by component (cim-model.md sections 7 and 10): one horizontal bar for the inferences and one
 * for programming the weights, each stacked by component, so one-time programming stands apart
 * from the energy every inference costs (in reload mode programming recurs and is labelled so).
 */
import type { BarSeriesOption, EChartsOption } from 'echarts'
import type { ExperimentResult } from '../experiment'
import { ENERGY_COMPONENTS, energyComponentLabel } from '../energy'
import { chartBase, MUTED, toolbox, tooltipHtml, valueAxis, wrappingLegend } from './common'
import { formatEnergyNj, formatPercent } from './format'
import { seriesColor } from './palette'

/** The two bars: the run's inferences, and writing the weights. */
export function energyBars(r: Pick<ExperimentResult, 'summary' | 'endurance'>): [string, string] {
  const n = r.summary.inferences
  return [`${n} inference${n === 1 ? '' : 's'}`, r.endurance.reloadMode ? 'programming (reloads)' : 'programming (one-time)']
}

/** The breakdown chart of a run; null for a result without a breakdown (stored before it existed). */
export function energyBreakdownOption(r: Pick<ExperimentResult, 'summary' | 'energy' | 'endurance'>): EChartsOption | null {
  const b = r.energy?.breakdownNj
  if (!b) return null
  const total = r.summary.energyNj
  const bars = energyBars(r)
  const parts = Object.entries(b).filter(([, nj]) => nj > 0)
  const order = Object.keys(ENERGY_COMPONENTS)
  const series: BarSeriesOption[] = parts.map(([key, nj]) => ({
    type: 'bar',
    name: energyComponentLabel(key),
    stack: 'energy',
    barMaxWidth: 28,
    itemStyle: { color: seriesColor(order.includes(key) ? order.indexOf(key) : order.length) },
    data: key === 'programming' ? [0, nj] : [nj, 0],
  }))
  const programming = b.programming ?? 0
  const { legend, plotTop } = wrappingLegend(parts.length, 150, 640)
  return {
    ...chartBase(
      'Energy by component',
      `${formatEnergyNj(total)} in all · inferences ${formatEnergyNj(total - programming)} · programming ${formatEnergyNj(programming)}`,
    ),
    toolbox: toolbox('energy-breakdown', false),
    legend,
    grid: { left: 150, right: 32, top: plotTop, bottom: 40 },
    xAxis: valueAxis('nJ', { min: 0 }),
    yAxis: { type: 'category', data: bars, inverse: true, axisLabel: { color: MUTED } },
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const { seriesIndex } = p as unknown as { seriesIndex: number }
        const [key, nj] = parts[seriesIndex]
        return tooltipHtml(energyComponentLabel(key), [
          ['energy', formatEnergyNj(nj)],
          ['share of the total', formatPercent(nj / total)],
        ])
      },
    },
    series,
  }
}
