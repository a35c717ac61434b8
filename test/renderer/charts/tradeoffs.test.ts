import { describe, expect, it } from 'vitest'
import type { LineSeriesOption, ScatterSeriesOption, YAXisComponentOption } from 'echarts'
import { enduranceOption, energyOption, groupStyle, paretoFront, paretoOption, runIdOf, sweepGroups, tradeoffOption } from '../../../src/shared/charts'
import { formatMetric, metric } from '../../../src/shared/metrics'
import { summary, sweepRuns } from '../fixtures/results'
import { asArray, tooltipOf } from './helpers'

describe('paretoFront', () => {
  it('keeps exactly the runs no other run beats on both PEs and latency', () => {
    const points = [
      { pes: 10, latency: 100 }, // front: fewest PEs
      { pes: 12, latency: 120 }, // dominated by 0
      { pes: 14, latency: 60 }, // front
      { pes: 14, latency: 70 }, // dominated by 2 (same PEs, slower)
      { pes: 20, latency: 60 }, // dominated by 2 (more PEs, same latency)
      { pes: 30, latency: 40 }, // front
      { pes: 10, latency: 100 }, // duplicate of 0: the first one is kept
    ]
    expect(paretoFront(points)).toEqual([0, 2, 5])
  })
})

describe('sweep trade-off charts', () => {
  const runs = sweepRuns()

  it('groups runs by schedule and strategy', () => {
    expect(sweepGroups(runs).map((g) => [g.name, g.runs.length])).toEqual([
      ['CLSA-CIM, greedy duplication', 3],
      ['layer-by-layer, no duplication', 3],
    ])
  })

  it('names the chip and the network in the groups when a sweep spans several', () => {
    const mixed = runs.map((r, i) => ({ ...r, archName: i % 2 ? 'clsa-cim 128x128' : 'clsa-cim 256x256', networkName: i < 3 ? 'tiny' : 'vgg16' }))
    expect(sweepGroups(mixed).map((g) => g.name)).toContain('vgg16 · layer-by-layer, no duplication · clsa-cim 128x128')
  })

  it('plots latency and speedup against extra PEs per group, each point opening its run', () => {
    const o = tradeoffOption(runs)
    const series = asArray(o.series) as LineSeriesOption[]
    expect(series).toHaveLength(4)
    expect(series[0].data).toEqual([
      { value: [0, 400], runId: 1 },
      { value: [8, 250], runId: 2 },
      { value: [16, 200], runId: 3 },
    ])
    expect((series[1].data as { value: number[] }[]).map((d) => d.value[1])).toEqual([2.5, 4, 5])
    expect(runIdOf(series[1].data![2])).toBe(3)
    expect((asArray(o.yAxis) as YAXisComponentOption[]).map((y) => y.name)).toEqual(['latency (steps, log)', 'speedup (×)'])
    const html = tooltipOf(o)({ seriesName: 'CLSA-CIM, greedy duplication', data: { value: [8, 250], runId: 2 } })
    expect(html).toContain('#2')
    expect(html).toContain('250 steps (200 µs)')
    expect(html).toContain('4×')
  })

  it('plots energy against extra PEs per group, formatted by the catalog', () => {
    const withEnergy = runs.map((r) => ({ ...r, summary: summary({ ...r.summary, energyNj: 1000 * r.summary.pesAllocated + r.id }) }))
    const o = energyOption(withEnergy)
    const series = asArray(o.series) as LineSeriesOption[]
    expect(series.map((s) => s.name)).toEqual(['CLSA-CIM, greedy duplication', 'layer-by-layer, no duplication'])
    expect(series[0].data).toEqual([
      { value: [0, 10001], runId: 1 },
      { value: [8, 18002], runId: 2 },
      { value: [16, 26003], runId: 3 },
    ])
    expect((series[1].data as { value: number[] }[]).map((d) => d.value[1])).toEqual([10004, 10005, 10006])
    const y = asArray(o.yAxis)[0] as YAXisComponentOption & { axisLabel: { formatter: (v: number) => string } }
    expect(y.axisLabel.formatter(18002)).toBe(formatMetric(metric('energyNj'), 18002))
    expect(tooltipOf(o)({ seriesName: 'x', data: { value: [8, 18002], runId: 2 } })).toContain(formatMetric(metric('energyNj'), 18002))
  })

  it('draws the Pareto front of PEs used against latency', () => {
    const o = paretoOption(runs)
    const series = asArray(o.series) as (ScatterSeriesOption | LineSeriesOption)[]
    expect(series.map((s) => s.name)).toEqual(['CLSA-CIM, greedy duplication', 'layer-by-layer, no duplication', 'Pareto front'])
    expect((series[2].data as { runId: number }[]).map((d) => d.runId)).toEqual([1, 2, 3])
    expect((o.title as { subtext: string }).subtext).toContain('3 of 6 runs on the front')
  })

  it('plots total cell writes against duplication when weights are written once', () => {
    const o = enduranceOption(runs)
    const series = asArray(o.series) as LineSeriesOption[]
    expect(series).toHaveLength(2) // no lifetime series: nothing wears
    expect(series[0].data).toEqual([
      { value: [1, 1000], runId: 1 },
      { value: [1.8, 1800], runId: 2 },
      { value: [2.6, 2600], runId: 3 },
    ])
    expect((asArray(o.yAxis)[0] as YAXisComponentOption).name).toBe('cell writes (programming once)')
  })

  it('plots writes per inference and lifetime in reload mode', () => {
    const reload = sweepRuns().map((r) => ({ ...r, summary: summary({ ...r.summary, writesPerInference: 50, lifetimeInferences: 2e6 }) }))
    const o = enduranceOption(reload)
    const series = asArray(o.series) as LineSeriesOption[]
    expect(series).toHaveLength(4)
    expect(series[1].yAxisIndex).toBe(1)
    expect((asArray(o.yAxis)[0] as YAXisComponentOption).name).toBe('cell writes per inference')
    expect(tooltipOf(o)({ seriesName: 'x', data: { value: [1, 50], runId: 1 } })).toContain('2 M inferences')
  })

  it('keeps coinciding groups visible: each its own hollow marker, the first drawn widest below the next', () => {
    // Four groups with the same cell writes (writes do not depend on the schedule).
    const four = [0, 1, 2, 3].flatMap((g) =>
      sweepRuns()
        .slice(0, 3)
        .map((r) => ({
          ...r,
          id: r.id + 10 * g,
          schedule: g % 2 ? ('layer-by-layer' as const) : ('clsa' as const),
          strategy: g < 2 ? ('greedy' as const) : ('none' as const),
        })),
    )
    const series = asArray(enduranceOption(four).series) as LineSeriesOption[]
    expect(series).toHaveLength(4)
    expect(series.map((x) => x.symbol)).toEqual(['emptyCircle', 'emptyRect', 'emptyTriangle', 'emptyDiamond'])
    expect(series.map((x) => x.symbolSize)).toEqual([16, 13, 10, 7])
    expect(series.map((x) => x.lineStyle!.width)).toEqual([7.5, 5.5, 3.5, 1.5])
    expect(groupStyle(0, 1)).toEqual({ symbol: 'emptyCircle', symbolSize: 7, lineWidth: 1.5 })
  })

  it('wraps the legend instead of paging it, with the plots below it', () => {
    const line = 18
    // 2 groups: one line on the full-width chart and on the half-width cell-writes chart; the Pareto front's 3 entries take 2 lines at half width
    const tops = [tradeoffOption(runs), paretoOption(runs), enduranceOption(runs)].map((o) => {
      expect((o.legend as { type: string; textStyle: { width: number; overflow: string } }).type).toBe('plain')
      expect((o.legend as { textStyle: { width: number } }).textStyle.width).toBe(217) // "layer-by-layer, greedy duplication" fits
      return asArray(o.grid)[0].top
    })
    expect(tops).toEqual([46 + line + 36, 46 + 2 * line + 36, 46 + line + 36])
    const many = Array.from({ length: 12 }, (_, g) => ({ ...runs[0], id: g + 1, archName: `chip ${g}` }))
    expect(asArray(tradeoffOption(many).grid)[0].top).toBe(46 + 6 * line + 36) // 2 to a line on a 720 px report page
  })
})
