/** Energy (cim-model.md sections 7 and 10): the sum of its components. */
import { describe, it, expect } from 'vitest'
import { copyMvm, runEnergy } from '../../../src/main/core/metrics/energy'
import { runExperiment, withDefaults } from '../../../src/main/core/pipeline'
import { presetArchitecture } from '../../../src/main/core/arch/presets'
import { zooNetwork } from '../../../src/main/core/model/zoo'
import type { Granularity } from '../../../src/shared/experiment'

describe('energy', () => {
  it('the lumped terms alone: pJ summed and converted to nJ, as before the component model', () => {
    const arch = presetArchitecture('clsa-cim')
    const at = { ...arch, mvmEnergyPj: 1000, digitalOpEnergyPj: 1, cellWriteEnergyPj: 10 }
    // 10 MVMs x 1000 pJ + 5 ops x 1 pJ + 100 writes x 10 pJ = 11005 pJ = 11.005 nJ
    const e = runEnergy({ mvms: 10, copyMvms: [], digitalOps: 5, cellWrites: 100, tiles: 3, latencyNs: 500, bitHops: 0 }, at)
    expect(e.totalNj).toBe(11005 / 1000)
    expect(e.componentsNj).toEqual({ mvm: 10, crossbar: 0, dac: 0, adc: 0, shiftAdd: 0, buffers: 0, digital: 0.005, router: 0, noc: 0, io: 0, programming: 1 })
  })

  it('components: cells, rows and conversions per input bit-slice, buffer bytes, static power over the latency', () => {
    // 128x128 crossbars, 2-bit cells, 16-bit weights: s = 8 columns per weight; 16 input bits, 1-bit DACs: 16 slices.
    const arch = presetArchitecture('isaac')
    // A dense layer K = 200, N = 20: 2 row blocks x 2 column blocks (160 columns) = 4 PEs.
    const m = { layer: 0, k: 200, n: 20, groups: 1, pes: 4, usedCells: 200 * 160, cellUtilization: 0 }
    const w = copyMvm(m, arch)
    expect(w).toEqual({ cells: 32000, rows: 400, conversions: 320, elements: 220 })
    const a = {
      ...arch,
      mvmEnergyPj: 0,
      cellReadPj: 0.5,
      dacPj: 2,
      adcPj: 3,
      shiftAddPj: 0.25,
      bufferBytePj: 4,
      routerMw: 10,
      ioMw: 100,
      linkEnergyPjPerBit: 0.1,
    }
    const e = runEnergy({ mvms: 3 * 4, copyMvms: [{ count: 3, work: w }], digitalOps: 0, cellWrites: 0, tiles: 2, latencyNs: 1000, bitHops: 5000 }, a)
    expect(e.componentsNj.crossbar).toBeCloseTo((3 * 32000 * 16 * 0.5) / 1000, 9)
    expect(e.componentsNj.dac).toBeCloseTo((3 * 400 * 16 * 2) / 1000, 9)
    expect(e.componentsNj.adc).toBeCloseTo((3 * 320 * 16 * 3) / 1000, 9)
    expect(e.componentsNj.shiftAdd).toBeCloseTo((3 * 320 * 16 * 0.25) / 1000, 9)
    // 220 elements x 2 bytes x 4 pJ per copy-MVM
    expect(e.componentsNj.buffers).toBeCloseTo((3 * 220 * 2 * 4) / 1000, 9)
    // 10 mW x 2 tiles x 1000 ns = 20 nJ; 100 mW x 1000 ns = 100 nJ
    expect([e.componentsNj.router, e.componentsNj.io]).toEqual([20, 100])
    // 5,000 bit-hops x 0.1 pJ on the on-chip network
    expect(e.componentsNj.noc).toBeCloseTo(0.5, 9)
    expect(e.totalNj).toBeCloseTo(
      Object.values(e.componentsNj).reduce((s, v) => s + v, 0),
      9,
    )
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
      expect(r.summary.energyNj, granularity).toBe((mvms * 700 + ops * 3 + writes * 20) / 1000)
    }
  })
})
