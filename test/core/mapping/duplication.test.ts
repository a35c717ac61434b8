/** Weight duplication (cim-model.md section 6): none, CLSA-CIM greedy, min-max (key `optimal`); the registry. */
import { describe, it, expect } from 'vitest'
import { checkFits, duplicate } from '../../../src/main/core/mapping/duplication'
import { DUPLICATIONS, DUPLICATION_STRATEGIES, type DuplicationStrategy } from '../../../src/shared/strategies'
import { MappingError, type LayerMapping } from '../../../src/main/core/mapping/pes'
import { mulberry32, randInt } from '../../helpers/random'
import { NetworkBuilder } from '../../../src/main/core/model/builder'
import { runExperiment, withDefaults } from '../../../src/main/core/pipeline'
import type { Granularity } from '../../../src/shared/experiment'

/** Mappings that only carry PEs per copy (what duplication looks at). */
const maps = (pes: number[]): LayerMapping[] => pes.map((p, i) => ({ layer: i, k: 1, n: 1, groups: 1, pes: p, usedCells: p, cellUtilization: 1 }))
const bottleneck = (sets: number[], d: number[]) => Math.max(...sets.map((s, i) => Math.ceil(s / d[i])))
const cost = (pes: number[], d: number[]) => pes.reduce((a, p, i) => a + p * d[i], 0)
const dup = (strategy: DuplicationStrategy, sets: number[], pes: number[], budget: number) => duplicate(strategy, maps(pes), sets, budget)

/** The least bottleneck over every duplication vector that fits, by exhaustive enumeration. */
function bruteForceMin(sets: number[], pes: number[], budget: number): number {
  let best = Infinity
  const d: number[] = []
  const walk = (l: number, used: number) => {
    if (l === sets.length) {
      best = Math.min(best, bottleneck(sets, d))
      return
    }
    for (let c = 1; c <= sets[l] && used + c * pes[l] <= budget; c++) {
      d[l] = c
      walk(l + 1, used + c * pes[l])
    }
  }
  walk(0, 0)
  return best
}

describe('greedy duplication', () => {
  // sets [100, 50, 10], PEs [1, 2, 1]: one copy each uses 4 PEs.
  // Budget 8 (4 free): ceil(S/d) = [100, 50, 10] -> layer 0 (1 PE, 3 left) -> [50, 50, 10], tie: the
  // earliest layer, 0 (2 left) -> [34, 50, 10] -> layer 1 (2 PEs, 0 left) -> [34, 25, 10] -> layer 0
  // needs 1 PE, none left: stop at d = [3, 2, 1], bottleneck 34.
  it('hand example, budget 8', () => {
    expect(dup('greedy', [100, 50, 10], [1, 2, 1], 8)).toEqual([3, 2, 1])
  })

  // Budget 10 (6 free): as above to [34, 25, 10] with 2 left -> layer 0 (1 left) -> [25, 25, 10], tie
  // -> layer 0 (0 left) -> [20, 25, 10] -> layer 1 needs 2 PEs: stop at [5, 2, 1], bottleneck 25.
  // Optimal reaches the same bottleneck 25 with d = ceil(S / 25) = [4, 2, 1], 9 PEs; T = 24 would need
  // [5, 3, 1] = 12 PEs.
  it('hand example, budget 10: greedy spends a PE that optimal saves', () => {
    expect(dup('greedy', [100, 50, 10], [1, 2, 1], 10)).toEqual([5, 2, 1])
    expect(dup('optimal', [100, 50, 10], [1, 2, 1], 10)).toEqual([4, 2, 1])
    expect(bruteForceMin([100, 50, 10], [1, 2, 1], 10)).toBe(25)
  })

  it('breaks ties towards the earliest layer', () => {
    expect(dup('greedy', [50, 50, 10], [1, 1, 1], 4)).toEqual([2, 1, 1])
    expect(dup('greedy', [10, 50, 50], [1, 1, 1], 4)).toEqual([1, 2, 1])
  })

  it('stops when the slowest layer no longer fits, even if another layer would', () => {
    // layer 0 (ceil 100) needs 3 PEs, 2 are free: stop, although layer 1 could take 2 more copies
    expect(dup('greedy', [100, 50], [3, 1], 6)).toEqual([1, 1])
  })

  it('stops when the slowest layer cannot get faster (one set per copy)', () => {
    // [2, 1] -> layer 0 gets a second copy -> [1, 1]: the tie goes to layer 0, which already has a copy per set
    expect(dup('greedy', [2, 1], [1, 1], 100)).toEqual([2, 1])
  })

  it('none gives one copy each; nothing is duplicated when one copy each does not fit (reload mode)', () => {
    expect(dup('none', [100, 50, 10], [1, 2, 1], 1000)).toEqual([1, 1, 1])
    expect(dup('greedy', [100, 50, 10], [1, 2, 1], 3)).toEqual([1, 1, 1])
    expect(dup('optimal', [100, 50, 10], [1, 2, 1], 3)).toEqual([1, 1, 1])
    expect(dup('greedy', [100, 50, 10], [1, 2, 1], 4)).toEqual([1, 1, 1])
  })
})

describe('min-max duplication (registry key optimal)', () => {
  it('hits the true minimum bottleneck; greedy never beats it; both fit (seed 4242, 400 cases)', () => {
    const rnd = mulberry32(4242)
    let strictlyCheaper = 0
    for (let t = 0; t < 400; t++) {
      const n = randInt(rnd, 1, 4)
      const sets = Array.from({ length: n }, () => randInt(rnd, 1, 30))
      const pes = Array.from({ length: n }, () => randInt(rnd, 1, 4))
      const budget =
        cost(
          pes,
          pes.map(() => 1),
        ) + randInt(rnd, 0, 16)
      const best = bruteForceMin(sets, pes, budget)
      const o = dup('optimal', sets, pes, budget)
      const g = dup('greedy', sets, pes, budget)
      const tag = JSON.stringify({ sets, pes, budget, o, g })
      expect(bottleneck(sets, o), tag).toBe(best)
      expect(cost(pes, o), tag).toBeLessThanOrEqual(budget)
      expect(
        o.every((d, i) => d >= 1 && d <= sets[i]),
        tag,
      ).toBe(true)
      // optimal takes the fewest copies reaching its bottleneck: one copy less anywhere is slower
      o.forEach((d, i) => {
        if (d > 1) expect(Math.ceil(sets[i] / (d - 1)), tag).toBeGreaterThan(best)
      })
      expect(bottleneck(sets, g), tag).toBeGreaterThanOrEqual(best)
      expect(cost(pes, g), tag).toBeLessThanOrEqual(budget)
      if (bottleneck(sets, g) === best) expect(cost(pes, o), tag).toBeLessThanOrEqual(cost(pes, g))
      if (cost(pes, o) < cost(pes, g)) strictlyCheaper++
    }
    expect(strictlyCheaper).toBeGreaterThan(0)
  })
})

describe('the strategy registry', () => {
  it('every strategy of the registry runs; an unknown name is an error, never another strategy', () => {
    // sets [100, 50, 10], PEs [1, 2, 1], budget 10: the hand examples above.
    expect(Object.fromEntries(DUPLICATION_STRATEGIES.map((s) => [s, dup(s, [100, 50, 10], [1, 2, 1], 10)]))).toEqual({
      none: [1, 1, 1],
      greedy: [5, 2, 1],
      optimal: [4, 2, 1],
    })
    expect(() => dup('minmax' as DuplicationStrategy, [100], [1], 4)).toThrow('unknown duplication strategy "minmax": choose one of none, greedy, optimal')
    expect(() => dup('toString' as DuplicationStrategy, [100], [1], 4)).toThrow('unknown duplication strategy "toString"')
  })

  it('names the optimal key for what it is: min-max, not optimal for latency', () => {
    expect(DUPLICATIONS.optimal.label).toBe('Min-max')
    expect(DUPLICATIONS.optimal.description).toContain('not for the latency')
  })
})

describe('checkFits', () => {
  it('names the layer whose single copy is larger than the chip', () => {
    const m = maps([2, 40, 3])
    expect(() => checkFits(m, ['conv1', 'fc6', 'fc7'], 40)).not.toThrow()
    expect(() => checkFits(m, ['conv1', 'fc6', 'fc7'], 39)).toThrow(MappingError)
    expect(() => checkFits(m, ['conv1', 'fc6', 'fc7'], 39)).toThrow('layer "fc6" needs 40 PEs for one copy but the chip has 39')
  })
})

describe('duplication inside a run', () => {
  /**
   * Layer A: 3x3 conv on 1x2x32 -> 2 rows x 32 columns (64 pixels); layer B: a 1x16 window, stride 16,
   * padding 3 rows top and bottom -> 8 rows x 2 columns (16 pixels). One PE each, 1 spare PE.
   * The spare copy belongs to A: A 2 copies -> 32 steps, B 16 -> bottleneck 32 (B instead: A stays 64).
   */
  function twoLayers() {
    const b = new NetworkBuilder('ab', { c: 1, h: 2, w: 32 })
    b.conv(1, 3, { pad: 1, name: 'A' })
    const window = { kh: 1, kw: 16, strideH: 1, strideW: 16, pads: [3, 0, 3, 0] as [number, number, number, number], dilationH: 1, dilationW: 1 }
    b.layers.push({ name: 'B', kind: 'conv', inputs: [0], out: { c: 1, h: 8, w: 2 }, window, groups: 1 })
    return b.build()
  }
  const run = (granularity: Granularity, duplication: 'greedy' | 'optimal') =>
    runExperiment(withDefaults({ network: { network: twoLayers() }, arch: { preset: 'clsa-cim' }, chip: { extraPes: 1 }, granularity, duplication }))

  it('pixel sets: the spare PE duplicates the slowest layer', async () => {
    for (const duplication of ['greedy', 'optimal'] as const) {
      const r = await run('pixel', duplication)
      expect(r.layers.map((l) => l.copies)).toEqual([2, 1])
      expect(r.metrics.bottleneckSteps).toBe(32)
    }
  })

  // At row granularity duplication balances steps (rows x W_out MVMs), not rows: A (2 rows of 32 MVMs
  // = 64 steps) is slower than B (8 rows of 2 MVMs = 16 steps) and gets the spare copy: bottleneck 32.
  it('row sets: the spare PE duplicates the slowest layer', async () => {
    for (const duplication of ['greedy', 'optimal'] as const) {
      const r = await run('row', duplication)
      expect(r.metrics.bottleneckSteps).toBe(32)
      expect(r.layers.map((l) => l.copies)).toEqual([2, 1])
    }
  })
})
