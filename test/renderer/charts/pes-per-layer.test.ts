import { describe, expect, it } from 'vitest'
import type { BarSeriesOption, LineSeriesOption, XAXisComponentOption, YAXisComponentOption } from 'echarts'
import { pesPerLayerOption } from '../../../src/shared/charts'
import { tinyResult } from '../fixtures/results'
import { asArray, tooltipOf } from './helpers'

describe('pesPerLayerOption', () => {
  const o = pesPerLayerOption(tinyResult())
  const series = asArray(o.series) as (BarSeriesOption | LineSeriesOption)[]

  it('stacks one copy and the duplicates per MVM layer, with copies on a second axis', () => {
    expect((asArray(o.xAxis)[0] as XAXisComponentOption & { data: string[] }).data).toEqual(['conv0', 'conv1', 'fc'])
    expect(series.map((s) => s.name)).toEqual(['PEs of one copy', 'PEs of duplicates', 'copies'])
    expect((series[0].data as { value: number }[]).map((d) => d.value)).toEqual([1, 2, 2])
    expect((series[1].data as { value: number }[]).map((d) => d.value)).toEqual([1, 2, 0])
    expect(series[2].data).toEqual([2, 2, 1])
    expect(series[2].yAxisIndex).toBe(1)
    expect((asArray(o.yAxis) as YAXisComponentOption[]).map((y) => y.name)).toEqual(['PEs', 'copies'])
  })

  it("tells a layer's PEs, copies and sets per copy on hover", () => {
    const html = tooltipOf(o)([{ dataIndex: 1 }])
    expect(html).toContain('conv1 (conv)')
    expect(html).toContain('4 PEs')
    expect(html).toContain('25.0 %')
    expect(html).toMatch(/sets per copy.*8/)
  })
})
