import { describe, expect, it } from 'vitest'
import type { CustomSeriesOption, XAXisComponentOption, YAXisComponentOption } from 'echarts'
import { ganttLayout, ganttOption, ganttRows, stackedGanttOption } from '../../../src/shared/charts'
import { largeResult, tinyResult } from '../fixtures/results'
import { asArray, tooltipOf } from './helpers'

describe('ganttOption', () => {
  const r = tinyResult()

  it('draws one bar per MVM layer at its busy span, in steps', () => {
    const o = ganttOption(r.layers, 800)
    const series = asArray(o.series) as CustomSeriesOption[]
    expect(series).toHaveLength(1)
    const data = series[0].data as { name: string; value: number[] }[]
    expect(data.map((d) => d.name)).toEqual(['conv0', 'conv1', 'fc'])
    // conv1 is network layer 2, the second row, busy 3..20 steps
    expect(data[1].value).toEqual([1, 3, 20, 2])
    const y = asArray(o.yAxis)[0] as YAXisComponentOption & { data: string[] }
    expect(y.data).toEqual(['conv0', 'conv1', 'fc'])
    const x = asArray(o.xAxis)[0] as XAXisComponentOption
    expect(x.name).toBe('time (MVM steps, 1 step = 800 ns)')
    expect(x.max).toBe(40)
  })

  it('includes digital layers on request', () => {
    expect(ganttRows(r.layers, true).map(([i]) => i)).toEqual([0, 1, 2, 3])
    const data = (asArray(ganttOption(r.layers, 800, { includeDigital: true }).series)[0] as CustomSeriesOption).data as { value: number[] }[]
    expect(data[1].value).toEqual([1, 1, 9, 1])
  })

  it('says the span with units in the tooltip', () => {
    const o = ganttOption(r.layers, 800)
    const html = tooltipOf(o)({ seriesIndex: 0, value: [1, 3, 20, 2] })
    expect(html).toContain('conv1 (conv)')
    expect(html).toContain('17 steps (13.6 µs)')
    expect(html).toContain('2 × 2 PEs')
  })

  it('has zoom on the time axis and a PNG export', () => {
    const o = ganttOption(r.layers, 800)
    expect(asArray(o.dataZoom).map((z) => (z as { type: string }).type)).toEqual(['inside', 'slider'])
    expect((o.toolbox as { feature: Record<string, unknown> }).feature).toHaveProperty('saveAsImage')
  })
})

describe('stackedGanttOption', () => {
  it('stacks one grid per run on a shared, linked time axis', () => {
    const a = tinyResult()
    const b = tinyResult()
    b.layers = b.layers.map((l) => ({ ...l, startSteps: l.startSteps * 2, endSteps: l.endSteps * 2 }))
    const o = stackedGanttOption([
      { label: 'A', layers: a.layers, stepNs: 800 },
      { label: 'B', layers: b.layers, stepNs: 800 },
    ])
    expect(asArray(o.grid)).toHaveLength(2)
    const xs = asArray(o.xAxis) as XAXisComponentOption[]
    expect(xs.map((x) => x.max)).toEqual([80, 80])
    expect((asArray(o.dataZoom)[0] as { xAxisIndex: number[] }).xAxisIndex).toEqual([0, 1])
    expect(asArray(o.series).map((s) => (s as CustomSeriesOption).name)).toEqual(['A', 'B'])
  })

  it('switches to µs when the runs have different MVM latencies', () => {
    const a = tinyResult()
    const o = stackedGanttOption([
      { label: 'A', layers: a.layers, stepNs: 800 },
      { label: 'B', layers: a.layers, stepNs: 1600 },
    ])
    const data = (asArray(o.series)[1] as CustomSeriesOption).data as { value: number[] }[]
    // conv1 of B: 3..20 steps at 1.6 µs per step
    expect(data[1].value.slice(1, 3)).toEqual([4.8, 32])
    expect((asArray(o.xAxis)[1] as XAXisComponentOption).name).toBe('time (µs)')
  })

  it('lays out 120 layers within a bounded height, naming every third', () => {
    const { rowPx, heights, height } = ganttLayout([120])
    expect(heights[0]).toBe(640)
    expect(height).toBeLessThan(800)
    const big = largeResult(120, 10)
    const y = asArray(ganttOption(big.layers, 800).yAxis)[0] as { axisLabel: { interval: number } }
    expect(rowPx).toBeCloseTo(5.33, 2)
    expect(y.axisLabel.interval).toBe(2)
  })
})
