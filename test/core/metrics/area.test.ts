/** Chip area and peak power from the component figures (cim-model.md section 10), against the papers' totals. */
import { describe, it, expect } from 'vitest'
import { presetArchitecture } from '../../../src/main/core/arch/presets'
import { adcsPerPe, chipAreaMm2, chipPeakPowerW, peAreaMm2, pePeakMw, tileSharedAreaMm2 } from '../../../src/main/core/metrics/area'
import { runExperiment, withDefaults } from '../../../src/main/core/pipeline'

const within = (value: number, published: number, fraction: number) => expect(Math.abs(value / published - 1)).toBeLessThan(fraction)

describe('area and peak power', () => {
  it("ISAAC's preset comes out at the paper's totals for its own chip (Shafiee et al., ISCA 2016, Table 6)", () => {
    const a = presetArchitecture('isaac')
    expect(adcsPerPe(a)).toBe(1)
    // the 12 IMAs of a tile = 96 PEs: 0.157 mm² and 289 mW with their IR and OR (0.00287 mm² and 1.47 mW each, counted
    // with the tile's buffers here; the PEs' peak power includes the buffer energy of their bytes)
    within(96 * peAreaMm2(a) + 12 * (0.0021 + 0.00077), 0.157, 0.01)
    within(96 * pePeakMw(a) - (20.7 + 7 + 1.68), 289, 0.01)
    // one tile: 0.372 mm², 330 mW
    within(96 * peAreaMm2(a) + tileSharedAreaMm2(a), 0.372, 0.01)
    within((chipPeakPowerW(a, 96, 1) - a.ioMw / 1000) * 1000, 330, 0.01)
    // the chip: 168 tiles and the HyperTransport links, 85.4 mm² and 65.8 W
    within(chipAreaMm2(a, 168 * 96, 168), 85.4, 0.01)
    within(chipPeakPowerW(a, 168 * 96, 168), 65.8, 0.01)
  })

  it('PUMA with ISAAC components falls short of its node totals by what it leaves out (docs/validation.md)', () => {
    const a = presetArchitecture('puma')
    // 138 tiles of 128 PEs: 138 x (128 x 0.00128125 + 0.24579) mm², against the published 90.6 mm² and 62.5 W
    expect(chipAreaMm2(a, 138 * 128, 138)).toBeCloseTo(57.034, 3)
    expect(chipPeakPowerW(a, 138 * 128, 138)).toBeCloseTo(42.25, 2)
  })

  it('a run reports the area of its chip and of the PEs holding weights, and efficiency figures', async () => {
    const r = await runExperiment(withDefaults({ network: { zoo: 'lenet5' }, arch: { preset: 'isaac' } }))
    const a = r.architecture
    expect(r.metrics.areaMm2).toBeCloseTo(85.4, 0)
    expect(r.metrics.peakPowerW).toBeCloseTo(65.8, 0)
    expect(r.metrics.weightAreaMm2).toBeCloseTo(r.summary.pesAllocated * peAreaMm2(a), 12)
    const ops = 2 * r.layers.reduce((s, l) => s + l.macs, 0)
    const inferenceNj = r.summary.energyNj - r.energy!.breakdownNj.programming
    expect(r.metrics.topsPerW).toBeCloseTo(ops / inferenceNj / 1e3, 9)
    expect(r.metrics.topsPerMm2).toBeCloseTo(ops / r.summary.latencyNs / 1e3 / r.metrics.areaMm2!, 12)
    const b = r.energy!.breakdownNj
    expect(Object.values(b).reduce((s, v) => s + v, 0)).toBeCloseTo(r.summary.energyNj, 6)
    // ISAAC's components replace the lumped MVM energy; the static links dominate a small network's energy
    expect(b.mvm).toBe(0)
    expect(b.adc).toBeGreaterThan(b.dac)
    expect(b.io).toBeCloseTo((10_400 * r.summary.latencyNs) / 1000, 6)
  })
})
