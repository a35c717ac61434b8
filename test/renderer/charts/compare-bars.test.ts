import { describe, expect, it } from 'vitest'
import type { BarSeriesOption } from 'echarts'
import { compareBarsOption } from '../../../src/shared/charts'
import { summary } from '../fixtures/results'
import { asArray, tooltipOf } from './helpers'

describe('compareBarsOption', () => {
  const o = compareBarsOption([
    { label: '#1 CLSA-CIM', summary: summary({ speedupVsBaseline: 35.7, utilizationChip: 0.379, utilizationAllocated: 0.4 }) },
    { label: '#2 layer-by-layer', summary: summary({ speedupVsBaseline: 1, utilizationChip: 0.02, utilizationAllocated: 0.03 }) },
  ])

  it('draws speedup and both utilizations per run', () => {
    const series = asArray(o.series) as BarSeriesOption[]
    expect(series.map((s) => s.name)).toEqual(['speedup', 'utilization of chip PEs', 'utilization of allocated PEs'])
    expect(series[0].data).toEqual([35.7, 1])
    expect((series[1].data as number[]).map((v) => Math.round(v * 10) / 10)).toEqual([37.9, 2])
    expect(asArray(o.grid)).toHaveLength(2)
  })

  it('stands the side-by-side utilization labels upright so they do not run into each other', () => {
    const [speedup, chip, allocated] = asArray(o.series) as (BarSeriesOption & { label: { rotate?: number; formatter: (p: { value: number }) => string } })[]
    expect(speedup.label.rotate).toBeUndefined()
    expect([chip.label.rotate, allocated.label.rotate]).toEqual([90, 90])
    expect(chip.label.formatter({ value: 37.9 })).toBe('37.9 %')
    const y = asArray(o.yAxis) as { axisLabel: { formatter: (v: number) => string } }[]
    expect(y.map((a) => a.axisLabel.formatter(0.30000000000000004 * 10))).toEqual(['3×', '3 %'])
  })

  it('gives units on hover', () => {
    const html = tooltipOf(o)([{ dataIndex: 0 }])
    expect(html).toContain('35.7×')
    expect(html).toContain('37.9 %')
  })
})
