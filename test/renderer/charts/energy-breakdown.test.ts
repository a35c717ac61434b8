import { describe, expect, it } from 'vitest'
import type { BarSeriesOption, YAXisComponentOption } from 'echarts'
import { energyBreakdownOption, seriesColor } from '../../../src/shared/charts'
import { summary, tinyResult } from '../fixtures/results'
import { asArray, tooltipOf } from './helpers'

const breakdown = { mvm: 0, crossbar: 100, dac: 0, adc: 3000, shiftAdd: 0, buffers: 900, digital: 0, router: 0, io: 0, programming: 1000 }

describe('energyBreakdownOption', () => {
  const r = { ...tinyResult(), summary: summary({ energyNj: 5000 }), energy: { breakdownNj: breakdown } }
  const o = energyBreakdownOption(r)!
  const series = asArray(o.series) as BarSeriesOption[]

  it('stacks the non-zero components on an inference bar and programming on its own bar', () => {
    expect((asArray(o.yAxis)[0] as YAXisComponentOption & { data: string[] }).data).toEqual(['1 inference', 'programming (one-time)'])
    expect(series.map((s) => s.name)).toEqual(['Crossbar reads', 'ADCs', 'Buffers', 'Cell programming'])
    expect(series.map((s) => s.data)).toEqual([
      [100, 0],
      [3000, 0],
      [900, 0],
      [0, 1000],
    ])
    expect(new Set(series.map((s) => s.stack))).toEqual(new Set(['energy']))
    // a component keeps its colour whatever else is zero: its place in ENERGY_COMPONENTS
    expect(series[1].itemStyle!.color).toBe(seriesColor(3))
    expect((o.title as { subtext: string }).subtext).toBe('5 µJ in all · inferences 4 µJ · programming 1 µJ')
  })

  it('names reloads and several inferences, and shows a share in the tooltip', () => {
    const reload = { ...r, summary: { ...r.summary, inferences: 4 }, endurance: { ...r.endurance, reloadMode: true } }
    expect((asArray(energyBreakdownOption(reload)!.yAxis)[0] as { data: string[] }).data).toEqual(['4 inferences', 'programming (reloads)'])
    const tip = tooltipOf(o)({ seriesIndex: 1 })
    expect(tip).toContain('ADCs')
    expect(tip).toContain('60.0 %')
  })

  it('is absent for a result stored before the breakdown existed', () => {
    expect(energyBreakdownOption({ ...r, energy: undefined })).toBeNull()
  })
})
