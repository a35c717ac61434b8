import { describe, expect, it } from 'vitest'
import type { GraphSeriesOption } from 'echarts'
import { runExperiment, withDefaults } from '../../src/main/core/pipeline'
import { linkColor, nocTrafficOption } from '../../src/shared/charts/noc-traffic'

const run = (noc: 'none' | 'mesh') => runExperiment(withDefaults({ network: { zoo: 'lenet5' }, arch: { preset: 'clsa-cim' }, chip: { extraPes: 64 }, noc }))

describe('NoC traffic chart', () => {
  it('draws every router of the mesh and one arrow per link that carried traffic', async () => {
    const r = await run('mesh')
    expect(r.noc).toMatchObject({ cols: 3, rows: 2 }) // 70 PEs: 5 tiles of 16
    const option = nocTrafficOption(r)!
    const series = (option.series as GraphSeriesOption[])[0]
    expect(series.data).toHaveLength(6)
    expect(series.links).toHaveLength(r.noc!.links.length)
    expect(r.noc!.links.length).toBeGreaterThan(0)
    const busiest = Math.max(...r.noc!.links.map((l) => l.utilization))
    expect(busiest).toBeCloseTo(r.metrics.linkUtilizationMax!, 12)
    for (const l of r.noc!.links) {
      // links join grid neighbours
      const [fx, fy, tx, ty] = [l.from % 3, Math.floor(l.from / 3), l.to % 3, Math.floor(l.to / 3)]
      expect(Math.abs(fx - tx) + Math.abs(fy - ty)).toBe(1)
    }
    // the sixth router has no tile: drawn dashed
    expect((series.data as { itemStyle: { borderType: string } }[])[5].itemStyle.borderType).toBe('dashed')
  })

  it('is absent without a network', async () => {
    const r = await run('none')
    expect(r.noc).toBeNull()
    expect(nocTrafficOption(r)).toBeNull()
  })

  it('colours links from idle to always reserved', () => {
    expect(linkColor(0)).toBe('#c7d2fe')
    expect(linkColor(1)).toBe('#312e81')
    expect(linkColor(2)).toBe('#312e81')
    expect(linkColor(0.5)).toBe('#7c80c0') // halfway: (0xc7 + 0x31) / 2 = 0x7c, ...
  })
})
