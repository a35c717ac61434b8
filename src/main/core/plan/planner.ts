/**
 * Endurance-aware planning in reload mode (issue 15): the segments (consecutive MVM layers in topological order,
 * cut anywhere), the batch b of inferences per programming and the copies inside each segment that maximise the
 * throughput subject to lifetime >= target and, optionally, batch latency <= limit. Method: docs/model-choices.md.
 */
import { duplicate } from '../mapping/duplication'
import type { LayerMapping } from '../mapping/pes'
import type { DuplicationStrategy } from '../../../shared/strategies'
import { segmentMakespans, segmentSteps, type SegmentRun } from './segment-time'

const SECONDS_PER_YEAR = 365.25 * 24 * 3600

/** What the planner aims at. */
export interface PlanTarget {
  /** Lifetime the most-written cell must reach, years at `inferenceRate`. */
  lifetimeYears: number
  /** Inferences per second. */
  inferenceRate: number
  /** Most steps one batch (programming every segment and running b inferences through it) may take. */
  maxBatchLatencySteps?: number
  /** Largest batch considered (inferences per programming). */
  maxBatch: number
}

/** The chip and network the planner works on. */
export interface PlanProblem {
  maps: LayerMapping[]
  /** Layers of the network (segments cover every layer, digital ones with the MVM layer before them). */
  layerCount: number
  run: SegmentRun
  chipPes: number
  /** Programming one segment, steps. */
  writeSteps: number
  /** Write cycles a cell survives. */
  endurance: number
  /** The spec's duplication strategy, used inside each segment with the whole chip. */
  strategy: DuplicationStrategy
  /** Allow copies inside segments and cuts anywhere (false: the baseline, one copy each, cut where the chip fills). */
  free: boolean
}

/** One segment of a plan: MVM layers [firstMap, endMap) of the mappings and their copies. */
export interface PlannedSegment {
  firstMap: number
  endMap: number
  /** Copies of each of its MVM layers. */
  copies: number[]
  /** PEs its copies occupy, [firstPe, firstPe + pes). */
  pes: number
  /** First PE of its copies. */
  firstPe: number
  /** Running the batch through it, steps (its programming excluded). */
  runSteps: number
}

/** A plan and its figures. */
export interface Plan {
  batch: number
  segments: PlannedSegment[]
  /** Programming every segment and running the batch, steps. */
  batchLatencySteps: number
  /** Inferences per step. */
  throughputPerStep: number
  /** Cells written per inference (all segments of a batch / b). */
  writesPerInference: number
  /** Writes of the most-written cell per inference: segments using PE 0 / b. */
  maxWritesPerCellPerInference: number
  lifetimeInferences: number
}

/** Inferences simulated per segment before the time is extended by its period. */
export const SIMULATED_INFERENCES = 6

/**
 * How a segment's time grows with the batch: D(b) simulated for b <= SIMULATED_INFERENCES; beyond,
 * D(b) = D(n) + (b - n) x period when the last three increments of the simulated D are equal (the
 * schedule has become periodic), else simulated in full.
 */
export interface SegmentCost {
  copies: number[]
  pes: number
  /** D(1..SIMULATED_INFERENCES), steps. */
  makespans: number[]
  /** Steps each further inference adds, or null when the simulated increments are not yet constant. */
  period: number | null
  layers: [number, number]
  copyArray: Int32Array
}

/** Inferences a plan's lifetime must reach. */
export const targetInferences = (t: PlanTarget) => t.lifetimeYears * SECONDS_PER_YEAR * t.inferenceRate

export class Planner {
  private readonly costs = new Map<number, SegmentCost[]>()
  private readonly simulated = new Map<string, number>()
  private readonly fastest = new Map<number, { steps: number; cuts: number[] }[]>()
  private readonly M: number

  constructor(readonly problem: PlanProblem) {
    this.M = problem.maps.length
  }

  /** Layers [first, last) of the segment of MVM layers [i, j). */
  layersOf(i: number, j: number): [number, number] {
    const { maps, layerCount } = this.problem
    return [i === 0 ? 0 : maps[i].layer, j === this.M ? layerCount : maps[j].layer]
  }

  /** The copy choices of MVM layers [i, j): one copy each and the strategy's copies on the whole chip; none when one copy each does not fit. */
  options(i: number, j: number): SegmentCost[] {
    const key = i * (this.M + 1) + j
    if (this.costs.has(key)) return this.costs.get(key)!
    const { maps, run, chipPes, strategy, free } = this.problem
    const seg = maps.slice(i, j)
    const ones = seg.map(() => 1)
    const options: SegmentCost[] = []
    if (seg.reduce((a, m) => a + m.pes, 0) <= chipPes) {
      const choices = [ones]
      if (free) {
        const sets = seg.map((m) => run.sets[m.layer])
        const dup = duplicate(
          strategy,
          seg,
          sets.map((s) => s.sets),
          chipPes,
          sets.map((s) => s.mvmsPerSet),
        )
        if (dup.some((d) => d > 1)) choices.push(dup)
      }
      for (const copies of choices) options.push(this.measure(i, j, copies))
    }
    this.costs.set(key, options)
    return options
  }

  /** The fastest copy choice of MVM layers [i, j) for batch b and its steps, or null when the segment does not fit. */
  private cost(i: number, j: number, b: number): { option: SegmentCost; steps: number } | null {
    let best: { option: SegmentCost; steps: number } | null = null
    for (const option of this.options(i, j)) {
      const steps = this.steps(option, b)
      if (!best || steps < best.steps) best = { option, steps }
    }
    return best
  }

  private measure(i: number, j: number, copies: number[]): SegmentCost {
    const { maps, run } = this.problem
    const copyArray = Int32Array.from(run.copies)
    maps.slice(i, j).forEach((m, x) => (copyArray[m.layer] = copies[x]))
    const layers = this.layersOf(i, j)
    const d = segmentMakespans({ ...run, copies: copyArray }, layers[0], layers[1], SIMULATED_INFERENCES)
    const n = d.length
    const period = d[n - 1] - d[n - 2]
    const periodic = d[n - 2] - d[n - 3] === period && d[n - 3] - d[n - 4] === period
    const pes = maps.slice(i, j).reduce((a, m, x) => a + m.pes * copies[x], 0)
    return { copies, pes, makespans: d, period: periodic ? period : null, layers, copyArray }
  }

  /** Steps of b inferences through a segment with one of its copy choices. */
  steps(c: SegmentCost, b: number): number {
    const n = c.makespans.length
    if (b <= n) return c.makespans[b - 1]
    if (c.period !== null) return c.makespans[n - 1] + (b - n) * c.period
    const key = `${c.layers}:${c.copies}:${b}`
    if (!this.simulated.has(key)) this.simulated.set(key, segmentSteps({ ...this.problem.run, copies: c.copyArray }, c.layers[0], c.layers[1], b))
    return this.simulated.get(key)!
  }

  /** Segment boundaries (MVM layer indices) of one copy each cut where the chip fills, as placeCopies does. */
  private fillCuts(): number[] {
    const cuts = [0]
    let used = 0
    this.problem.maps.forEach((m, x) => {
      if (used + m.pes > this.problem.chipPes && x > cuts[cuts.length - 1]) {
        cuts.push(x)
        used = 0
      }
      used += m.pes
    })
    return [...cuts, this.M]
  }

  /**
   * Fastest batch time with at most k segments for every k, by dynamic programming over cut points
   * (exact: the batch time is the sum of the segments' times, each depending only on its own layers).
   * Returns per k the time and the cuts.
   */
  private best(b: number): { steps: number; cuts: number[] }[] {
    if (!this.fastest.has(b)) this.fastest.set(b, this.search(b))
    return this.fastest.get(b)!
  }

  private search(b: number): { steps: number; cuts: number[] }[] {
    const { writeSteps, free } = this.problem
    const M = this.M
    if (!free) {
      const cuts = this.fillCuts()
      let steps = 0
      for (let g = 0; g + 1 < cuts.length; g++) steps += writeSteps + this.cost(cuts[g], cuts[g + 1], b)!.steps
      return Array.from({ length: M + 1 }, (_, k) => (k >= cuts.length - 1 ? { steps, cuts } : { steps: Infinity, cuts: [] }))
    }
    // t[k][j]: fastest cover of MVM layers [0, j) with exactly k segments; from[k][j] its last cut.
    const t = Array.from({ length: M + 1 }, () => new Float64Array(M + 1).fill(Infinity))
    const from = Array.from({ length: M + 1 }, () => new Int32Array(M + 1).fill(-1))
    t[0][0] = 0
    for (let k = 1; k <= M; k++) {
      for (let j = 1; j <= M; j++) {
        for (let i = j - 1; i >= 0; i--) {
          if (t[k - 1][i] === Infinity) continue
          const c = this.cost(i, j, b)
          if (!c) break // a longer segment does not fit either
          const v = t[k - 1][i] + writeSteps + c.steps
          if (v < t[k][j]) {
            t[k][j] = v
            from[k][j] = i
          }
        }
      }
    }
    const out: { steps: number; cuts: number[] }[] = [{ steps: Infinity, cuts: [] }]
    for (let k = 1; k <= M; k++) {
      const prev = out[k - 1]
      if (t[k][M] < prev.steps) {
        const cuts = [M]
        for (let kk = k, j = M; kk > 0; kk--) cuts.unshift((j = from[kk][j]))
        out.push({ steps: t[k][M], cuts })
      } else out.push(prev)
    }
    return out
  }

  /** The plan of batch b with the given cuts. */
  private plan(b: number, cuts: number[]): Plan {
    const { maps, endurance } = this.problem
    const segments: PlannedSegment[] = []
    let cells = 0
    let steps = 0
    for (let g = 0; g + 1 < cuts.length; g++) {
      const { option: c, steps: runSteps } = this.cost(cuts[g], cuts[g + 1], b)!
      segments.push({ firstMap: cuts[g], endMap: cuts[g + 1], copies: c.copies, pes: c.pes, firstPe: 0, runSteps })
      steps += this.problem.writeSteps + runSteps
      cells += maps.slice(cuts[g], cuts[g + 1]).reduce((a, m, x) => a + m.usedCells * c.copies[x], 0)
    }
    const perCell = segments.length / b // every segment starts at PE 0
    return {
      batch: b,
      segments,
      batchLatencySteps: steps,
      throughputPerStep: b / steps,
      writesPerInference: cells / b,
      maxWritesPerCellPerInference: perCell,
      lifetimeInferences: endurance / perCell,
    }
  }

  /**
   * The best plan for the target, and the best plan of every segment count (the candidates), or null when no
   * batch up to maxBatch reaches the lifetime within the latency limit. For k segments the batch must be at least
   * ceil(target x k / endurance); the throughput b / T(b) grows with b, so the largest batch within the latency
   * limit is taken (binary search: T(b) grows with b).
   */
  solve(target: PlanTarget): { chosen: Plan | null; candidates: Plan[] } {
    const need = targetInferences(target)
    const limit = target.maxBatchLatencySteps ?? Infinity
    const candidates: Plan[] = []
    for (let k = 1; k <= this.M; k++) {
      const bMin = Math.max(1, Math.ceil((need * k) / this.problem.endurance))
      if (bMin > target.maxBatch) break
      const fits = (b: number) => this.best(b)[k].steps <= limit
      if (!fits(bMin)) continue
      let lo = bMin
      let hi = target.maxBatch
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2)
        if (fits(mid)) lo = mid
        else hi = mid - 1
      }
      const best = this.best(lo)[k]
      if (best.cuts.length - 1 < k) continue // fewer segments already did as well: that plan is its own candidate
      candidates.push(this.plan(lo, best.cuts))
    }
    let chosen: Plan | null = null
    for (const p of candidates) if (!chosen || p.throughputPerStep > chosen.throughputPerStep) chosen = p
    return { chosen, candidates }
  }
}
