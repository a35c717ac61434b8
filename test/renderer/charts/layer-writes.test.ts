import { describe, expect, it } from 'vitest'
import type { BarSeriesOption } from 'echarts'
import { layerWritesOption, layerWritesPerCellPerInference, usedCellsPerCopy } from '../../../src/shared/charts'
import { tinyResult } from '../fixtures/results'
import { asArray, tooltipOf } from './helpers'

// tinyResult: 256 x 256 crossbars, cell utilization 0.25: 16384 used cells per PE of a copy.
const values = (s: BarSeriesOption) => (s.data as { value: number }[]).map((d) => d.value)

describe('cell writes per layer', () => {
  it('draws the cells written for every MVM layer; written once, 0 writes per cell per inference', () => {
    const r = tinyResult()
    r.layers = r.layers.map((l) => ({ ...l, cellWrites: l.pes * l.copies * 16384 }))
    expect(usedCellsPerCopy(r.layers[2], r.architecture)).toBe(32768)
    const o = layerWritesOption(r)
    const series = asArray(o.series) as BarSeriesOption[]
    expect(values(series[0])).toEqual([32768, 65536, 32768]) // conv0 2 copies x 1 PE, conv1 2 x 2, fc 1 x 2; pool is digital
    expect(values(series[1])).toEqual([0, 0, 0])
    expect((o.title as { subtext: string }).subtext).toContain('131,072 cells written')
    const html = tooltipOf(o)({ seriesName: 'cell writes', dataIndex: 1 })
    expect(html).toContain('conv1 (conv)')
    expect(html).toContain('65,536 cells')
  })

  it('in reload mode: writes per cell per inference are the programmings of each layer over the batch', () => {
    const r = tinyResult()
    r.endurance = { ...r.endurance, segments: 2, reloadMode: true }
    r.summary = { ...r.summary, inferences: 4 }
    // conv0 programmed twice per batch, conv1 and fc once.
    r.layers = r.layers.map((l, i) => ({ ...l, cellWrites: l.pes * l.copies * 16384 * (i === 0 ? 2 : 1) }))
    expect(layerWritesPerCellPerInference(r.layers[0], r)).toBe(0.5)
    const series = asArray(layerWritesOption(r).series) as BarSeriesOption[]
    expect(values(series[0])).toEqual([65536, 65536, 32768])
    expect(values(series[1])).toEqual([0.5, 0.25, 0.25])
  })
})
