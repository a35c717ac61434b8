import { describe, expect, it } from 'vitest'
import type { LineSeriesOption, XAXisComponentOption, YAXisComponentOption } from 'echarts'
import { timelinePoints, timelineRun, utilizationOption } from '../../../src/shared/charts'
import { largeResult, tinyResult } from '../fixtures/results'
import { asArray, tooltipOf } from './helpers'

describe('utilizationOption', () => {
  const run = timelineRun('#1', tinyResult())

  it('draws each bin from its start as a step line in percent, closed at the makespan', () => {
    expect(timelinePoints(run)).toEqual([
      [0, 25],
      [10, 50],
      [20, 75],
      [30, 50],
      [40, 50],
    ])
    const o = utilizationOption([run])
    const series = asArray(o.series) as LineSeriesOption[]
    expect(series).toHaveLength(1)
    expect(series[0].step).toBe('end')
    expect((series[0].markLine as { data: { yAxis: number }[] }).data[0].yAxis).toBe(50)
  })

  it('names the axes with units', () => {
    const o = utilizationOption([run])
    expect((asArray(o.xAxis)[0] as XAXisComponentOption).name).toBe('time (MVM steps, 1 step = 800 ns)')
    const y = asArray(o.yAxis)[0] as YAXisComponentOption
    expect(y.name).toBe('busy PEs (% of chip)')
    expect(y.max).toBe(100)
    expect(tooltipOf(o)([{ seriesName: '#1', value: [10, 50] }])).toContain('10 steps (8 µs)')
  })

  it('overlays several runs, one series each, with a legend and time zoom', () => {
    const o = utilizationOption([run, { ...run, label: '#2' }])
    expect(asArray(o.series).map((s) => (s as LineSeriesOption).name)).toEqual(['#1', '#2'])
    expect(o.legend).toBeDefined()
    expect(asArray(o.dataZoom)).toHaveLength(2)
  })

  it('keeps all 1000 points of a long timeline', () => {
    const big = timelineRun('big', largeResult(120, 1000))
    const data = (asArray(utilizationOption([big]).series)[0] as LineSeriesOption).data as number[][]
    expect(data).toHaveLength(1001)
  })

  it('uses µs when runs have different MVM latencies', () => {
    const o = utilizationOption([run, { ...run, label: 'slow', stepNs: 1600 }])
    const slow = (asArray(o.series)[1] as LineSeriesOption).data as number[][]
    expect(slow[1]).toEqual([16, 50])
    expect((asArray(o.xAxis)[0] as XAXisComponentOption).name).toBe('time (µs)')
  })
})
