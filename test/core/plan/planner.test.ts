/**
 * The reload planner (src/main/core/plan): its segment times against the full simulation, its plan against a
 * brute force over every segmentation and batch, and a two-segment case worked out by hand.
 */
import { describe, expect, it } from 'vitest'
import { NetworkBuilder } from '../../../src/main/core/model/builder'
import type { Network } from '../../../src/main/core/model/ir'
import { withDefaults, runExperiment } from '../../../src/main/core/pipeline'
import { planProblem, planReload } from '../../../src/main/core/plan'
import { Planner, targetInferences, type PlanTarget } from '../../../src/main/core/plan/planner'
import { segmentInput, type SegmentRun } from '../../../src/main/core/plan/segment-time'
import { balanceSegments } from '../../../src/main/core/mapping/placement'
import { programmingsPerPe } from '../../../src/shared/formulas'
import { simulate } from '../../../src/main/core/schedule/simulate'
import { mulberry32, randomNetwork } from '../../helpers/random'

const SECONDS_PER_YEAR = 365.25 * 24 * 3600

/** Makespan of b inferences through layers [first, last) alone, every inference simulated set by set. */
const segmentSteps = (run: SegmentRun, first: number, last: number, b: number) => simulate({ ...segmentInput(run, first, last, b), extend: false }).makespan

/** A spec of `net` on a chip of `pes` PEs of the default architecture (256 x 256 crossbars). */
const specOf = (net: Network, pes: number) => withDefaults({ network: { network: net }, arch: { preset: 'clsa-cim' }, chip: { pes } })

/** Random networks with 3 to 6 MVM layers, on a chip about 60% of their minimum. */
function cases(count: number): { net: Network; pes: number }[] {
  const out: { net: Network; pes: number }[] = []
  for (let seed = 1; out.length < count; seed++) {
    const net = randomNetwork(mulberry32(seed), { layers: 7, dilation: false })
    const mvm = net.layers.filter((l) => l.kind === 'conv' || l.kind === 'dense').length
    if (mvm >= 3 && mvm <= 6) out.push({ net, pes: Math.max(1, Math.floor(mvm * 0.6)) })
  }
  return out
}

describe('segment times', () => {
  it('equal the set-by-set simulation of every batch up to 40, every segment, every copy choice', () => {
    for (const { net, pes } of cases(4)) {
      const { problem } = planProblem(specOf(net, pes))
      const planner = new Planner({ ...problem, free: true }, 40)
      const M = problem.maps.length
      for (let i = 0; i < M; i++) {
        for (let j = i + 1; j <= M; j++) {
          const [first, last] = planner.layersOf(i, j)
          for (const option of planner.options(i, j)) {
            for (const b of [1, 2, 5, 6, 7, 13, 40])
              expect(planner.steps(option, b)).toBe(segmentSteps({ ...problem.run, copies: option.copyArray }, first, last, b))
          }
        }
      }
    }
  })
})

describe('the plan', () => {
  /**
   * The best throughput over every segmentation, batch and copy choice, each segment timed by the set-by-set
   * simulation; a plan of k segments lasts endurance x b / k inferences (`balanced`: / the most-programmed PE's
   * count with the segments balanced over the chip).
   */
  function bruteForce(problem: ReturnType<typeof planProblem>['problem'], target: PlanTarget, balanced: boolean): number {
    const planner = new Planner({ ...problem, free: true }, target.maxBatch)
    const M = problem.maps.length
    const need = targetInferences(target)
    let best = 0
    for (let mask = 0; mask < 1 << (M - 1); mask++) {
      const cuts = [0, ...Array.from({ length: M - 1 }, (_, x) => x + 1).filter((x) => mask & (1 << (x - 1))), M]
      const k = cuts.length - 1
      const options = cuts.slice(1).map((end, g) => planner.options(cuts[g], end))
      if (options.some((o) => !o.length)) continue
      for (let b = 1; b <= target.maxBatch; b++) {
        const times = options.map((o, g) => o.map((c) => segmentSteps({ ...problem.run, copies: c.copyArray }, ...planner.layersOf(cuts[g], cuts[g + 1]), b)))
        // every copy choice of every segment
        for (let pick = 0; pick < 1 << k; pick++) {
          const chosen = options.map((o, g) => Math.min(o.length - 1, (pick >> g) & 1))
          const steps = chosen.reduce((a, c, g) => a + problem.writeSteps + times[g][c], 0)
          const segmentPes = chosen.map((c, g) => options[g][c].pes)
          const firstPes = balanceSegments(segmentPes, problem.chipPes)
          const placed = segmentPes.map((pes, g) => ({ pes, firstPe: firstPes[g] }))
          const writes = balanced ? Math.max(...programmingsPerPe(placed, problem.chipPes)) : k
          if ((problem.endurance * b) / writes < need) continue
          if (steps <= (target.maxBatchLatencySteps ?? Infinity)) best = Math.max(best, b / steps)
        }
      }
    }
    return best
  }

  it('is the best of a brute force over every segmentation and batch, with and without a batch latency limit', () => {
    for (const { net, pes } of cases(4)) {
      const { problem } = planProblem(specOf(net, pes))
      // need = 3 x endurance: a PE programmed w times per batch needs a batch of at least 3w
      const base = { lifetimeYears: (3 * problem.endurance) / SECONDS_PER_YEAR, inferenceRate: 1, maxBatch: 12 }
      const free = new Planner({ ...problem, free: true }, 12).solve(base).chosen!
      for (const target of [base, { ...base, maxBatchLatencySteps: free.batchLatencySteps * 0.7 }]) {
        // exact against the bound k / b on writes; the balanced placement can only do better, never beyond the balanced brute force
        const bound = bruteForce(problem, target, false)
        const balanced = bruteForce(problem, target, true)
        const chosen = new Planner({ ...problem, free: true }, 12).solve(target).chosen
        if (balanced === 0) expect(chosen).toBeNull()
        else {
          expect(chosen!.throughputPerStep).toBeGreaterThanOrEqual(bound * (1 - 1e-12))
          expect(chosen!.throughputPerStep).toBeLessThanOrEqual(balanced * (1 + 1e-12))
          expect(chosen!.lifetimeInferences).toBeGreaterThanOrEqual(targetInferences(target))
        }
      }
    }
  })

  it('spreads segments that leave PEs free, so the most-written PE is programmed fewer times than there are segments', () => {
    // segments of 30, 20, 30 and 20 PEs on 60: from PE 0 each would program PEs 0-19 four times; balanced twice
    // (100 PE programmings over 60 PEs cannot do better)
    const pes = [30, 20, 30, 20]
    const firstPes = balanceSegments(pes, 60)
    expect(firstPes).toEqual([0, 30, 30, 0])
    const counts = programmingsPerPe(
      pes.map((n, g) => ({ firstPe: firstPes[g], pes: n })),
      60,
    )
    expect(Math.max(...counts)).toBe(2)
    expect(counts.reduce((a, b) => a + b, 0)).toBe(100)
    // windows of 40 on 60 PEs all cover PEs 20-39: four such segments program them four times, whatever the placement
    expect(
      Math.max(
        ...programmingsPerPe(
          balanceSegments([40, 40, 40, 40], 60).map((firstPe) => ({ firstPe, pes: 40 })),
          60,
        ),
      ),
    ).toBe(4)
  })

  it('keeps one copy each when the fastest copies fill the chip and write a PE too often', () => {
    // a random network in 4 segments on 2 PEs: copies fill the chip, so every segment programs both PEs (4 writes per
    // batch of 64: 1.6e9 inferences); one copy each, balanced, programs a PE 3 times (2.13e9): only it lasts 2 years
    // at 30 inferences/s, which today's reload mode (every segment from PE 0) misses too
    const spec = specOf(randomNetwork(mulberry32(275), { layers: 7, dilation: false }), 2)
    const oneYear = planReload(spec, { lifetimeYears: 1, inferenceRate: 30, maxBatch: 64 })
    expect(oneYear.chosen!.segments.some((s) => s.copies.some((c) => c > 1))).toBe(true)
    expect(oneYear.chosen!.lifetimeInferences).toBe(1.6e9)
    expect(oneYear.chosen!.throughputPerStep).toBeGreaterThan(oneYear.baseline!.throughputPerStep)
    const twoYears = planReload(spec, { lifetimeYears: 2, inferenceRate: 30, maxBatch: 64 })
    expect(twoYears.baseline).toBeNull()
    expect(twoYears.chosen!.segments.map((s) => s.copies)).toEqual([[1, 1], [1], [1], [1]])
    expect(twoYears.chosen!.segments.map((s) => s.firstPe)).toEqual([0, 0, 0, 1])
    expect(twoYears.chosen!.lifetimeInferences).toBeCloseTo((1e8 * 64) / 3, 3)
  })

  it('is never slower than today’s reload mode with the batch latency limited to exactly today’s (segment times summed in one order)', () => {
    for (const [seed, layers, pes, maxBatch] of [
      [5, 8, 1, 3],
      [1, 7, 2, 1],
    ]) {
      const spec = specOf(randomNetwork(mulberry32(seed), { layers, dilation: false }), pes)
      const free = planReload(spec, { lifetimeYears: 1e-3, inferenceRate: 30, maxBatch })
      const limited = planReload(spec, { lifetimeYears: 1e-3, inferenceRate: 30, maxBatch, maxBatchLatencyNs: free.baseline!.batchLatencySteps * free.stepNs })
      expect(limited.baseline!.batch, `seed ${seed}`).toBe(free.baseline!.batch)
      expect(limited.chosen!.throughputPerStep, `seed ${seed}`).toBeGreaterThanOrEqual(limited.baseline!.throughputPerStep)
    }
  })

  it('is never slower than the best of today’s reload mode (one copy each, cut where the chip fills), whose batch time is the pipeline’s', async () => {
    for (const { net, pes } of cases(3)) {
      const spec = specOf(net, pes)
      const a = planReload(spec, { lifetimeYears: 1e-3, inferenceRate: 30, maxBatch: 24 })
      expect(a.chosen!.throughputPerStep).toBeGreaterThanOrEqual(a.baseline!.throughputPerStep)
      const run = await runExperiment({ ...spec, duplication: 'none', inferences: a.baseline!.batch })
      expect(a.baseline!.batchLatencySteps).toBeCloseTo(run.summary.latencySteps, 6)
      expect(a.baseline!.lifetimeInferences).toBeCloseTo(run.endurance.lifetimeInferences!, 0)
    }
  })
})

describe('a two-segment plan by hand', () => {
  // conv1 1 -> 4 channels, conv2 4 -> 4, both 3x3 pad 1 on 4x4: 16 sets each; one PE each, the chip has one PE.
  const b = new NetworkBuilder('two', { c: 1, h: 4, w: 4 })
  b.conv(4, 3, { pad: 1 })
  b.conv(4, 3, { pad: 1 })
  const net = b.build()
  const spec = specOf(net, 1)

  it('writes each PE twice per batch and runs 16 sets per inference in each segment', async () => {
    const { problem, stepNs } = planProblem(spec)
    const a = planReload(spec, { lifetimeYears: 1, inferenceRate: 1, maxBatch: 10 })
    const p = a.chosen!
    // clsa-cim stores a weight in one cell (s = 1): conv1 K = 9 rows x N = 4 columns = 36 cells; conv2 36 x 4 = 144;
    // both rewritten every batch of 10
    expect(p.batch).toBe(10)
    expect(p.segments.map((s) => [s.firstMap, s.endMap, s.pes])).toEqual([
      [0, 1, 1],
      [1, 2, 1],
    ])
    expect(p.writesPerInference).toBe((36 + 144) / 10)
    expect(p.maxWritesPerCellPerInference).toBe(2 / 10)
    expect(p.lifetimeInferences).toBe((1e8 * 10) / 2)
    // programming a segment: 256 rows x 219 ns; each segment runs 16 sets x 10 inferences one after another
    expect(problem.writeSteps).toBeCloseTo((256 * 219) / stepNs, 9)
    expect(p.batchLatencySteps).toBeCloseTo(2 * problem.writeSteps + 2 * 160, 9)
    const run = await runExperiment({ ...spec, duplication: 'none', inferences: 10 })
    expect(run.summary.latencySteps).toBeCloseTo(p.batchLatencySteps, 9)
    expect(run.summary.writesPerInference).toBe(18)
    expect(run.endurance.lifetimeInferences).toBe(5e8)
  })

  it('refuses a network that fits the chip', () => {
    expect(() => planReload(specOf(net, 2), { lifetimeYears: 1, inferenceRate: 1, maxBatch: 10 })).toThrow('two fits the chip (2 of 2 PEs)')
  })
})
