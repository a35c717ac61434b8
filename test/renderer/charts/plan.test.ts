import { describe, expect, it } from 'vitest'
import * as echarts from 'echarts'
import type { BarSeriesOption, ScatterSeriesOption } from 'echarts'
import { planOption, writesPerPe, type PlanPoint, type PlanView } from '../../../src/shared/charts'
import { asArray, tooltipOf } from './helpers'

/** A plan whose segments sit from PE 0 with the given PEs. */
const plan = (segmentPes: number[], batch: number, throughputPerS: number, lifetimeYears: number, batchLatencyNs: number): PlanPoint => ({
  segments: segmentPes.map((pes) => ({ firstPe: 0, pes })),
  batch,
  throughputPerS,
  lifetimeYears,
  batchLatencyNs,
})

const view: PlanView = {
  model: 'tinyyolov4',
  chipPes: 6,
  lifetimeTargetYears: 10,
  candidates: [plan([6, 6], 100, 300, 12, 2e8), plan([6, 6, 5], 150, 340, 11, 3e8)],
  chosen: plan([6, 6, 5], 150, 340, 11, 3e8),
  baseline: plan([6, 2], 100, 30, 12, 2e9),
}

describe('reload plan chart', () => {
  it('writes per PE: segments using the PE over the batch', () => {
    // PEs 0-4 are in all three segments, PE 5 only in the two that use 6 PEs
    expect(writesPerPe(view.chosen, 6)).toEqual([0.02, 0.02, 0.02, 0.02, 0.02, 2 / 150])
    expect(writesPerPe(view.baseline!, 6)).toEqual([0.02, 0.02, 0.01, 0.01, 0.01, 0.01])
  })

  it('writes per PE: a segment covers PEs [firstPe, firstPe + pes)', () => {
    const balanced = {
      ...view.chosen,
      batch: 10,
      segments: [
        { firstPe: 0, pes: 4 },
        { firstPe: 4, pes: 2 },
        { firstPe: 2, pes: 3 },
      ],
    }
    expect(writesPerPe(balanced, 6)).toEqual([0.1, 0.1, 0.2, 0.2, 0.2, 0.1])
  })

  it('plots every candidate against lifetime and batch latency, marks the chosen plan and today’s, and bars the writes per PE', () => {
    const o = planOption(view)
    const series = asArray(o.series) as (ScatterSeriesOption | BarSeriesOption)[]
    const scatter = series.filter((s) => s.type === 'scatter') as ScatterSeriesOption[]
    expect(scatter.map((s) => [s.name, s.xAxisIndex, (s.data as { value: number[] }[]).map((d) => d.value)])).toEqual([
      [
        'candidate plans',
        0,
        [
          [12, 300],
          [11, 340],
        ],
      ],
      [
        'candidate plans',
        1,
        [
          [200, 300],
          [300, 340],
        ],
      ],
      ['chosen plan', 0, [[11, 340]]],
      ['chosen plan', 1, [[300, 340]]],
      ['today (one copy each, cut where the chip fills)', 0, [[12, 30]]],
      ['today (one copy each, cut where the chip fills)', 1, [[2000, 30]]],
    ])
    expect(scatter.find((s) => s.name === 'chosen plan')!.symbol).toBe('triangle')
    expect(scatter[0].markLine!.data).toEqual([{ xAxis: 10 }])
    const bars = series.find((s) => s.type === 'bar') as BarSeriesOption
    expect(bars.data).toEqual(writesPerPe(view.chosen, 6))
    const tip = tooltipOf(o)({ seriesName: 'chosen plan', data: (scatter[2].data as unknown[])[0] })
    expect(tip).toContain('150 inferences')
    expect(tip).toContain('3')
  })

  it('renders to SVG without a DOM (as the report does)', () => {
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 800, height: 500 })
    chart.setOption(planOption({ ...view, baseline: null }))
    const svg = chart.renderToSVGString()
    chart.dispose()
    expect(svg).toContain('batch latency (ms, log)')
    expect(svg).not.toContain('today (one copy each')
  })
})
