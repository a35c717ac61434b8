import { describe, expect, it } from 'vitest'
import type { BarSeriesOption, CustomSeriesOption, LegendComponentOption, YAXisComponentOption } from 'echarts'
import { chipCells, chipMapHeight, chipMapOption, layerColor, tileCount } from '../../../src/shared/charts'
import { tinyResult } from '../fixtures/results'
import { asArray, tooltipOf } from './helpers'

describe('chipMapOption', () => {
  const r = tinyResult()
  const o = chipMapOption(r)
  const series = asArray(o.series) as (CustomSeriesOption | BarSeriesOption)[]
  const [free, conv0, conv1, fc, writes] = series as [CustomSeriesOption, CustomSeriesOption, CustomSeriesOption, CustomSeriesOption, BarSeriesOption]

  it('puts every PE of every copy in its tile and slot', () => {
    expect(tileCount(r)).toBe(3)
    const cells = chipCells(r)
    expect(cells).toHaveLength(8)
    // conv1 copy 1 holds PEs 4 and 5: tile 1, slots 0 and 1
    expect(cells.filter((c) => c.layer === 2 && c.copy === 1)).toEqual([
      { pe: 4, tile: 1, slot: 0, layer: 2, copy: 1 },
      { pe: 5, tile: 1, slot: 1, layer: 2, copy: 1 },
    ])
  })

  it('colors PEs by layer, alternate copies lighter, one legend entry per layer in its colour', () => {
    expect(series.map((x) => x.name)).toEqual(['free PEs', 'conv0', 'conv1', 'fc', 'cell writes per tile'])
    const colors = (x: CustomSeriesOption) => (x.data as { itemStyle: { color: string } }[]).map((d) => d.itemStyle.color)
    expect(colors(conv0)).toEqual(['hsl(210.0, 62%, 46%)', 'hsl(210.0, 62%, 62%)']) // copy 2 lighter
    expect(conv0.itemStyle!.color).toBe('hsl(210.0, 62%, 46%)') // the legend swatch is the layer's colour
    expect(colors(conv1)).toEqual(['hsl(347.5, 62%, 54%)', 'hsl(347.5, 62%, 54%)', 'hsl(347.5, 62%, 70%)', 'hsl(347.5, 62%, 70%)'])
    expect(fc.itemStyle!.color).toBe('hsl(125.0, 62%, 40%)') // MVM layers are coloured by rank: the maxpool takes none
    expect((fc.data as { value: number[] }[])[0].value).toEqual([2, 1, 1, 3, 0, 6])
    const legend = o.legend as LegendComponentOption
    expect(legend.type).toBe('plain') // wraps, never pages
  })

  it('gives neighbouring layers clearly different colours', () => {
    const hue = (c: string) => Number(c.match(/hsl\(([\d.]+)/)![1])
    const light = (c: string) => Number(c.match(/([\d.]+)%\)$/)![1])
    for (let rank = 0; rank < 200; rank++) {
      const [a, b] = [layerColor(rank), layerColor(rank + 1)]
      const dh = Math.abs(hue(a) - hue(b))
      expect(Math.min(dh, 360 - dh)).toBeGreaterThan(80)
      expect(light(a)).not.toBe(light(b))
    }
    expect(new Set(Array.from({ length: 60 }, (_, i) => layerColor(i))).size).toBe(60)
  })

  it('grows with the layer legend', () => {
    expect(chipMapHeight(3, 3)).toBe(100 + 54 + 48)
    expect(chipMapHeight(3, 60)).toBe(chipMapHeight(3, 3) + 12 * 18) // 62 entries, 5 to a line on a 720 px report page
  })

  it('draws one row per tile and its cell writes', () => {
    expect((asArray(o.yAxis)[0] as YAXisComponentOption & { data: string[] }).data).toEqual(['tile 0', 'tile 1', 'tile 2'])
    expect(free.data).toEqual([
      [0, 0, 4],
      [0, 1, 4],
      [0, 2, 4],
    ])
    expect(writes.data).toEqual([600, 400, 0])
  })

  it('says which copy a PE holds and which PEs the copy spans', () => {
    const html = tooltipOf(o)({ seriesName: 'conv1', value: [1, 1, 1, 2, 1, 5], dataIndex: 5 })
    expect(html).toContain('PE 5 · tile 1, slot 1')
    expect(html).toContain('conv1 (conv)')
    expect(html).toContain('2 of 2')
    expect(html).toContain('PEs 4–5 (2 PEs)')
    expect(tooltipOf(o)({ seriesName: 'cell writes per tile', value: 600, dataIndex: 0 })).toContain('600 cells')
  })

  it('shows one reload segment at a time', () => {
    const reload = tinyResult()
    reload.layers[3] = { ...reload.layers[3], segment: 1 }
    reload.placement[4] = { layer: 3, copy: 0, firstPe: 0, pes: 2 }
    reload.endurance = { ...reload.endurance, segments: 2, reloadMode: true }
    expect(chipCells(reload, 1).map((c) => c.pe)).toEqual([0, 1])
    expect(chipCells(reload, 0)).toHaveLength(6)
    expect((chipMapOption(reload, { segment: 1 }).title as { subtext: string }).subtext).toContain('reload segment 2 of 2')
  })
})
