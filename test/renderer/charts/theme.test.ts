import { describe, expect, it } from 'vitest'
import type { CustomSeriesOption } from 'echarts'
import { chipMapOption, ganttOption, themedOption } from '../../../src/shared/charts'
import { tinyResult } from '../fixtures/results'
import { asArray, tooltipOf } from './helpers'

describe('themedOption', () => {
  const light = ganttOption(tinyResult().layers, 800)

  it('leaves the light option as it is', () => {
    expect(themedOption(light, 'light')).toBe(light)
  })

  it('swaps the chrome colours for dark ones and keeps data colours and functions', () => {
    const dark = themedOption(light, 'dark')
    expect(dark.backgroundColor).toBe('#181c22')
    const title = asArray(dark.title)[0] as { textStyle: { color: string }; subtextStyle: { color: string } }
    expect([title.textStyle.color, title.subtextStyle.color]).toEqual(['#e5e7eb', '#9ca3af'])
    const x = asArray(dark.xAxis)[0] as { splitLine: { lineStyle: { color: string } }; axisLabel: { formatter: (v: number) => string } }
    expect(x.splitLine.lineStyle.color).toBe('#2c333c')
    expect(x.axisLabel.formatter(1234.5)).toBe('1,235')
    const bars = (asArray(dark.series)[0] as CustomSeriesOption).data as { itemStyle: { color: string } }[]
    const lightBars = (asArray(light.series)[0] as CustomSeriesOption).data as { itemStyle: { color: string } }[]
    expect(bars.map((b) => b.itemStyle.color)).toEqual(lightBars.map((b) => b.itemStyle.color))
    expect(tooltipOf(dark)({ seriesIndex: 0, value: [1, 3, 20, 2] })).toContain('conv1 (conv)')
    expect(asArray(dark.tooltip)[0]).toMatchObject({ backgroundColor: '#22272e', textStyle: { color: '#e5e7eb' } })
    // the light option is not changed
    expect(light.backgroundColor).toBe('#ffffff')
  })

  it('darkens the free PEs of the chip map', () => {
    const free = asArray(themedOption(chipMapOption(tinyResult()), 'dark').series)[0] as CustomSeriesOption
    expect(free.itemStyle!.color).toBe('#2c333c')
  })
})
