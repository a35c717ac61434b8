import { describe, expect, it } from 'vitest'
import * as echarts from 'echarts'
import type { EChartsOption } from 'echarts'
import {
  chipMapOption,
  compareBarsOption,
  enduranceOption,
  ganttOption,
  paretoOption,
  pesPerLayerOption,
  stackedGanttOption,
  timelineRun,
  tradeoffOption,
  utilizationOption,
} from '../../../src/shared/charts'
import { FONT_FAMILY } from '../../../src/shared/charts/common'
import { sweepRuns, tinyResult } from '../fixtures/results'

/** Renders an option with ECharts' server-side SVG renderer, as the PDF report does. */
function toSvg(option: EChartsOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 800, height: 500 })
  chart.setOption(option)
  const svg = chart.renderToSVGString()
  chart.dispose()
  return svg
}

describe('chart options render to SVG without a DOM', () => {
  const r = tinyResult()
  const cases: [string, EChartsOption, string][] = [
    ['gantt', ganttOption(r.layers, 800), 'conv1'],
    [
      'stacked gantt',
      stackedGanttOption([
        { label: 'run A', layers: r.layers, stepNs: 800 },
        { label: 'run B', layers: r.layers, stepNs: 800 },
      ]),
      'run B',
    ],
    ['utilization', utilizationOption([timelineRun('#1', r)]), 'busy PEs (% of chip)'],
    ['pes per layer', pesPerLayerOption(r), 'PEs of duplicates'],
    ['chip map', chipMapOption(r), 'tile 2'],
    ['trade-off', tradeoffOption(sweepRuns()), 'speedup (×)'],
    ['pareto', paretoOption(sweepRuns()), 'Pareto front'],
    ['endurance', enduranceOption(sweepRuns()), 'cell writes (programming once)'],
    [
      'compare bars',
      compareBarsOption([
        { label: '#1', summary: r.summary },
        { label: '#2', summary: r.summary },
      ]),
      'utilization of chip PEs',
    ],
  ]
  it.each(cases)('%s', (_name, option, text) => {
    const svg = toSvg(option)
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain(text)
    expect((svg.match(/<path|<rect/g) ?? []).length).toBeGreaterThan(10)
    // well-formed attributes: a closing quote is followed by a space, > or / (the font stack has no double quote)
    expect(svg).toContain(FONT_FAMILY)
    expect(svg).not.toMatch(/="[^"]*"[^\s>/]/)
  })
})
