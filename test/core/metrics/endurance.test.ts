/** Cell writes and lifetime (cim-model.md section 8): weights written once, or reloaded per batch. */
import { describe, it, expect } from 'vitest'
import { runExperiment, withDefaults } from '../../../src/main/core/pipeline'
import { endurance } from '../../../src/main/core/metrics/endurance'
import { placeCopies } from '../../../src/main/core/mapping/placement'
import type { LayerMapping } from '../../../src/main/core/mapping/pes'
import type { ExperimentSpec } from '../../../src/shared/experiment'

const SECONDS_PER_YEAR = 365.25 * 24 * 3600

/**
 * LeNet-5 on clsa-cim (one weight per cell): cells K * N per copy
 *   conv1 25*6 = 150, conv2 150*16 = 2400, fc1 400*120 = 48000, fc2 120*84 = 10080, fc3 84*10 = 840
 *   = 61470 cells; PEs per copy 1, 1, 2 (K 400 > 256), 1, 1 = 6.
 */
const LENET_CELLS = [150, 2400, 48000, 10080, 840]
const LENET_PES = [1, 1, 2, 1, 1]
const lenet = (o: Partial<ExperimentSpec> = {}) => withDefaults({ network: { zoo: 'lenet5' }, arch: { preset: 'clsa-cim' }, ...o })

describe('endurance, weights written once (the network fits)', () => {
  it('total writes = sum of used cells x copies; no writes per inference; unlimited lifetime', async () => {
    for (const duplication of ['none', 'greedy', 'optimal'] as const) {
      const r = await runExperiment(lenet({ duplication, inferences: 3 }))
      const copies = r.layers.filter((l) => l.pes > 0).map((l) => l.copies)
      expect(r.layers.filter((l) => l.pes > 0).map((l) => l.pes)).toEqual(LENET_PES)
      const cells = LENET_CELLS.reduce((a, c, i) => a + c * copies[i], 0)
      if (duplication === 'none') expect(cells).toBe(61470)
      else expect(cells).toBeGreaterThan(61470)
      expect(r.summary.totalCellWrites, duplication).toBe(cells)
      expect(r.endurance).toMatchObject({ segments: 1, reloadMode: false, totalCellWrites: cells, writesPerInference: 0, maxWritesPerCellPerInference: 0 })
      expect(r.summary.writesPerInference).toBe(0)
      expect(r.summary.lifetimeInferences).toBeNull()
      expect(r.endurance.lifetimeYears).toBeNull()
      // per-tile figures add up; tiles are PE index / 16
      expect(r.tiles.reduce((a, t) => a + t.cellWrites, 0)).toBe(cells)
      expect(r.tiles.reduce((a, t) => a + t.pesUsed, 0)).toBe(r.summary.pesAllocated)
      expect(r.tiles.map((t) => t.tile)).toEqual([...Array(Math.ceil(r.summary.pesAllocated / 16)).keys()])
    }
  })
})

describe('endurance in reload mode (chip smaller than the network)', () => {
  // Chip of 3 PEs: segments [conv1, conv2] (2 PEs; fc1 needs 2 more), [fc1, fc2] (3), [fc3] (1).
  // Every segment starts at PE 0, so PE 0 is programmed 3 times per batch.
  // Programming a segment: 256 rows x 219 ns = 56064 ns = 70.08 steps of 800 ns (8 input bits x 100 ns).
  const WRITE_STEPS = (256 * 219) / 800

  it('segments > 1, lifetime = endurance x batch / segments, writes per inference = cells / batch', async () => {
    for (const inferences of [1, 4]) {
      const r = await runExperiment(lenet({ chip: { pes: 3 }, inferences, inferenceRate: 30 }))
      expect(r.summary.pesMinimum).toBe(6)
      expect(r.summary.pesChip).toBe(3)
      expect(r.endurance.segments).toBe(3)
      expect(r.endurance.reloadMode).toBe(true)
      expect(r.layers.map((l) => l.segment)).toEqual([0, 0, 0, 0, 0, 1, 1, 2])
      expect(r.layers.filter((l) => l.pes > 0).map((l) => l.copies)).toEqual([1, 1, 1, 1, 1]) // no duplication
      expect(r.summary.totalCellWrites).toBe(61470) // every weight written once per batch
      expect(r.summary.writesPerInference).toBe(61470 / inferences)
      expect(r.endurance.maxWritesPerCellPerInference).toBe(3 / inferences)
      expect(r.summary.lifetimeInferences).toBeCloseTo((1e8 * inferences) / 3, 3)
      expect(r.endurance.lifetimeYears).toBeCloseTo((1e8 * inferences) / 3 / 30 / SECONDS_PER_YEAR, 9)
      expect(r.endurance.mostWrittenPe).toBe(0)
      expect(r.summary.pesAllocated).toBe(3)
    }
  })

  // Layer by layer, one inference: 3 programmings + conv1 28*28 = 784 + conv2 10*10 = 100 + fc1, fc2,
  // fc3 one step each = 887 compute steps. With a batch of 4: each segment runs all 4 inferences.
  it('latency includes the write time of every segment', async () => {
    const one = await runExperiment(lenet({ chip: { pes: 3 }, schedule: 'layer-by-layer', duplication: 'none' }))
    expect(one.summary.latencySteps).toBeCloseTo(3 * WRITE_STEPS + 887, 9)
    expect(one.summary.latencyNs).toBeCloseTo((3 * WRITE_STEPS + 887) * 800, 6)
    const four = await runExperiment(lenet({ chip: { pes: 3 }, schedule: 'layer-by-layer', duplication: 'none', inferences: 4 }))
    expect(four.summary.latencySteps).toBeCloseTo(3 * WRITE_STEPS + 4 * 887, 9)
    // cross-layer overlaps layers inside a segment only, and still pays every write
    const clsa = await runExperiment(lenet({ chip: { pes: 3 } }))
    const fit = await runExperiment(lenet({ duplication: 'none' }))
    expect(clsa.summary.latencySteps).toBeLessThan(one.summary.latencySteps)
    expect(clsa.summary.latencySteps).toBeGreaterThanOrEqual(fit.summary.latencySteps + 3 * WRITE_STEPS)
    expect(clsa.layers[5].startSteps).toBeGreaterThanOrEqual(clsa.layers[3].endSteps + WRITE_STEPS) // fc1 after conv2's segment + writes
  })

  it('endurance() directly: per-PE programming counts, tiles and the most-written PE', () => {
    const maps: LayerMapping[] = [3, 4, 2, 5].map((pes, i) => ({ layer: i, k: 1, n: 1, groups: 1, pes, usedCells: pes * 100, cellUtilization: 1 }))
    const segs = placeCopies(maps, [1, 1, 1, 1], 7) // [L0 @0-2, L1 @3-6], [L2 @0-1, L3 @2-6]
    const { result, tiles } = endurance(maps, segs, 4, 2, 1000, 1)
    expect(result).toMatchObject({
      segments: 2,
      reloadMode: true,
      totalCellWrites: 1400,
      writesPerInference: 700,
      maxWritesPerCellPerInference: 1, // every PE of the 7 is programmed twice per batch of 2
      mostWrittenPe: 0,
      lifetimeInferences: 1000,
    })
    // tiles of 4 PEs: tile 0 holds PEs 0-3 (each written 100 cells x 2 segments), tile 1 PEs 4-6
    expect(tiles).toEqual([
      { tile: 0, pesUsed: 4, cellWrites: 800 },
      { tile: 1, pesUsed: 3, cellWrites: 600 },
    ])
    // on a 5-PE chip every layer is a segment of its own ([3], [4], [2], [5]): PE 0 is programmed 4
    // times per inference, PE 4 only once (by the last segment)
    const uneven = endurance(maps, placeCopies(maps, [1, 1, 1, 1], 5), 16, 1, 1000, 1).result
    expect(uneven.segments).toBe(4)
    expect(uneven.maxWritesPerCellPerInference).toBe(4)
    expect(uneven.lifetimeInferences).toBe(250)
  })
})
