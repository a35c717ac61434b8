import { describe, expect, it } from 'vitest'
import type { BarSeriesOption, LineSeriesOption, XAXisComponentOption, YAXisComponentOption } from 'echarts'
import { DUPLICATES_SWATCH, layerColor, ONE_COPY_SWATCH, pesPerLayerOption } from '../../../src/shared/charts'
import { largeResult, tinyResult } from '../fixtures/results'
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

  it('has legend swatches that say what the shades mean: full for one copy, lighter for duplicates', () => {
    expect((series[0] as BarSeriesOption).itemStyle!.color).toBe(ONE_COPY_SWATCH)
    expect((series[1] as BarSeriesOption).itemStyle!.color).toBe(DUPLICATES_SWATCH)
    expect((series[0].data as { itemStyle: { color: string } }[])[2].itemStyle.color).toBe(layerColor(2)) // fc: the third MVM layer
    expect((series[1].data as { itemStyle: { color: string } }[])[2].itemStyle.color).toBe(layerColor(2, true))
    expect((o.title as { subtext: string }).subtext).toContain('bar colour: the layer')
  })

  it('names every one of many layers (upright) and scrolls above 40', () => {
    const x = (r: number) => asArray(pesPerLayerOption(largeResult(r, 10)).xAxis)[0] as { axisLabel: { interval: number; rotate: number } }
    expect(x(12).axisLabel).toMatchObject({ interval: 0, rotate: 45 })
    expect(x(25).axisLabel).toMatchObject({ interval: 0, rotate: 90 })
    expect(pesPerLayerOption(largeResult(25, 10)).dataZoom).toBeUndefined()
    expect(asArray(pesPerLayerOption(largeResult(120, 10)).dataZoom)[0]).toMatchObject({ type: 'slider', startValue: 0, endValue: 39 })
  })

  it("tells a layer's PEs, copies and sets per copy on hover", () => {
    const html = tooltipOf(o)([{ dataIndex: 1 }])
    expect(html).toContain('conv1 (conv)')
    expect(html).toContain('4 PEs')
    expect(html).toContain('25.0 %')
    expect(html).toMatch(/sets per copy.*8/)
  })
})
