/** Energy (cim-model.md section 7): MVMs x MVM energy + digital ops x op energy + cell writes x write energy. */
import { describe, it, expect } from 'vitest'
import { energyNj } from '../../../src/main/core/metrics/energy'
import { runExperiment, withDefaults } from '../../../src/main/core/pipeline'
import { presetArchitecture } from '../../../src/main/core/arch/presets'
import { zooNetwork } from '../../../src/main/core/model/zoo'
import type { Granularity } from '../../../src/shared/experiment'

describe('energy', () => {
  it('energyNj: pJ terms summed and converted to nJ', () => {
    // 10 MVMs x 1000 pJ + 5 ops x 1 pJ + 100 writes x 10 pJ = 11005 pJ = 11.005 nJ
    expect(energyNj(10, 1000, 5, 1, 100, 10)).toBeCloseTo(11.005, 12)
    expect(energyNj(0, 1000, 0, 1, 0, 10)).toBe(0)
    expect(energyNj(1, 0, 1, 0, 1, 2.5)).toBeCloseTo(0.0025, 15)
  })

  it('a run counts every MVM on every PE, every digital output element, every written cell', async () => {
    const arch = { ...presetArchitecture('clsa-cim'), mvmEnergyPj: 700, digitalOpEnergyPj: 3, cellWriteEnergyPj: 20 }
    const net = zooNetwork('lenet5')
    for (const granularity of ['pixel', 'row'] as Granularity[]) {
      const r = await runExperiment(withDefaults({ network: { zoo: 'lenet5' }, arch: { architecture: arch }, inferences: 2, granularity }))
      // MVMs: PEs of one copy x output pixels x inferences (duplication splits the pixels, it adds none)
      //   conv1 1 x 28*28 + conv2 1 x 10*10 + fc1 2 x 1 + fc2 1 + fc3 1 = 888 per inference
      // digital outputs: pool1 6*14*14 = 1176, pool2 16*5*5 = 400, flatten 400 = 1976 per inference
      let mvms = 0
      let ops = 0
      net.layers.forEach((l, i) => {
        if (r.layers[i].pes > 0) mvms += r.layers[i].pes * l.out.h * l.out.w * 2
        else ops += l.out.c * l.out.h * l.out.w * 2
      })
      expect([mvms, ops]).toEqual([2 * 888, 2 * 1976])
      expect(r.metrics.mvms).toBe(mvms)
      expect(r.metrics.digitalOps).toBe(ops)
      expect(r.metrics.busyPeSteps).toBe(mvms)
      const writes = r.summary.totalCellWrites
      expect(r.summary.energyNj, granularity).toBeCloseTo((mvms * 700 + ops * 3 + writes * 20) / 1000, 9)
    }
  })
})
