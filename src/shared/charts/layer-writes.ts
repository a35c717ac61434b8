/**
 * Cell writes per MVM layer (cim-model.md section 8), beside the per-tile writes of the chip map:
 * bars of the cells the run writes for each layer (top), and the endurance view, writes per cell
 * per inference of each layer (bottom; 0 when the weights are written once).
 */
import type { BarSeriesOption, EChartsOption } from 'echarts'
import type { ExperimentResult } from '../experiment'
import { chartBase, MUTED, PLOT_TOP, tickLabels, toolbox, tooltipHtml, valueAxis } from './common'
import { formatCompact, formatCount, formatNumber, formatPes } from './format'
import { layerColor } from './palette'

type Layer = ExperimentResult['layers'][number]
type WritesInput = Pick<ExperimentResult, 'layers' | 'architecture' | 'endurance' | 'summary'>

/** Used cells of one copy of a layer: cell utilization x PEs x crossbar cells (0 for digital layers). */
export function usedCellsPerCopy(l: Layer, arch: WritesInput['architecture']): number {
  return l.cellUtilization === null ? 0 : Math.round(l.cellUtilization * l.pes * arch.crossbarRows * arch.crossbarCols)
}

/**
 * Writes per cell per inference of a layer: its writes / (copies x used cells of one copy), the times
 * its segment is programmed, over the batch of inferences; 0 when the weights are written once.
 */
export function layerWritesPerCellPerInference(l: Layer, r: WritesInput): number {
  const cells = l.copies * usedCellsPerCopy(l, r.architecture)
  return r.endurance.reloadMode && cells > 0 ? l.cellWrites / cells / r.summary.inferences : 0
}

export function layerWritesOption(r: WritesInput): EChartsOption {
  const rows = r.layers.filter((l) => l.pes > 0)
  const bars = (name: string, axis: number, value: (l: Layer) => number): BarSeriesOption => ({
    type: 'bar',
    name,
    xAxisIndex: axis,
    yAxisIndex: axis,
    barMaxWidth: 18,
    data: rows.map((l, rank) => ({ value: value(l), itemStyle: { color: layerColor(rank, false) } })),
  })
  const category = (gridIndex: number, labels: boolean) => ({
    type: 'category' as const,
    gridIndex,
    data: rows.map((l) => l.name),
    axisLabel: labels ? { interval: 0, hideOverlap: true, rotate: 45, fontSize: 9, color: MUTED, width: 84, overflow: 'truncate' as const } : { show: false },
    axisTick: { alignWithLabel: true },
  })
  const total = rows.reduce((a, l) => a + l.cellWrites, 0)
  const subtitle = r.endurance.reloadMode
    ? `${formatCount(total)} cells written · reload mode: ${r.endurance.segments} segments, ${formatCount(r.summary.inferences)} inferences per batch`
    : `${formatCount(total)} cells written · weights written once: 0 writes per cell per inference`
  return {
    ...chartBase('Cell writes per layer', subtitle),
    toolbox: toolbox('layer-writes', false),
    grid: [
      { left: 64, right: 28, top: PLOT_TOP, height: '28%' },
      { left: 64, right: 28, bottom: 72, height: '28%' },
    ],
    xAxis: [category(0, false), category(1, true)],
    yAxis: [
      valueAxis('cell writes', { gridIndex: 0, min: 0, axisLabel: tickLabels(formatCompact) }),
      valueAxis('writes / cell / inference', { gridIndex: 1, min: 0 }),
    ],
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const l = rows[(p as unknown as { dataIndex: number }).dataIndex]
        return tooltipHtml(`${l.name} (${l.kind})`, [
          ['cell writes', `${formatCount(l.cellWrites)} cells`],
          ['copies', formatCount(l.copies)],
          ['PEs of one copy', formatPes(l.pes)],
          ['used cells of one copy', formatCount(usedCellsPerCopy(l, r.architecture))],
          ['writes / cell / inference', formatNumber(layerWritesPerCellPerInference(l, r))],
        ])
      },
    },
    series: [bars('cell writes', 0, (l) => l.cellWrites), bars('writes per cell per inference', 1, (l) => layerWritesPerCellPerInference(l, r))],
  }
}
