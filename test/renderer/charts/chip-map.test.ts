import { describe, expect, it } from 'vitest'
import type { BarSeriesOption, CustomSeriesOption, YAXisComponentOption } from 'echarts'
import { chipCells, chipMapOption, tileCount } from '../../../src/shared/charts'
import { tinyResult } from '../fixtures/results'
import { asArray, tooltipOf } from './helpers'

describe('chipMapOption', () => {
  const r = tinyResult()
  const o = chipMapOption(r)
  const [free, used, writes] = asArray(o.series) as [CustomSeriesOption, CustomSeriesOption, BarSeriesOption]

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

  it('colors PEs by layer, alternate copies lighter', () => {
    const data = used.data as { value: number[]; itemStyle: { color: string } }[]
    expect(data).toHaveLength(8)
    expect(data[0].itemStyle.color).toBe('hsl(210.0, 60%, 50%)') // layer 0's color; its duplicate lighter
    expect(data[1].itemStyle.color).toBe('hsl(210.0, 60%, 64%)')
    expect(data[6].value).toEqual([2, 1, 1, 3, 0, 6])
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
    const html = tooltipOf(o)({ seriesName: 'PEs holding weights', value: [1, 1, 1, 2, 1, 5], dataIndex: 5 })
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
