/**
 * Endurance-aware planning in reload mode (issue 15): the segments (consecutive MVM layers in topological order,
 * cut anywhere), the batch b of inferences per programming and the copies inside each segment that maximise the
 * throughput subject to lifetime >= target and, optionally, batch latency <= limit. Method: docs/model-choices.md.
 */
import { duplicate } from '../mapping/duplication'
import type { LayerMapping } from '../mapping/pes'
import { balanceSegments } from '../mapping/placement'
import { SECONDS_PER_YEAR, programmingsPerPe } from '../../../shared/formulas'
import type { DuplicationStrategy } from '../../../shared/strategies'
import { segmentMakespans, type SegmentRun } from './segment-time'

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
  /**
   * Allow copies inside segments and cuts anywhere, segments balanced over the chip (false: today's reload mode,
   * one copy each, cut where the chip fills, every segment from PE 0).
   */
  free: boolean
}

/** One segment of a plan: MVM layers [firstMap, endMap) of the mappings and their copies. */
export interface PlannedSegment {
  firstMap: number
  endMap: number
  /** Copies of each of its MVM layers. */
  copies: number[]
  /** PEs its copies occupy, from PE firstPe. */
  pes: number
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
  /** Writes of the most-written cell per inference: segments using the most-written PE / b. */
  maxWritesPerCellPerInference: number
  lifetimeInferences: number
}

/** One copy choice of a segment and its time D(b) for every batch up to the planner's largest. */
export interface SegmentCost {
  copies: number[]
  pes: number
  /** D(b), steps: b inferences through the segment alone. */
  makespanOf: (b: number) => number
  layers: [number, number]
  copyArray: Int32Array
}

/** Inferences a plan's lifetime must reach. */
export const targetInferences = (t: Pick<PlanTarget, 'lifetimeYears' | 'inferenceRate'>) => t.lifetimeYears * SECONDS_PER_YEAR * t.inferenceRate

export class Planner {
  private readonly costs = new Map<number, SegmentCost[]>()
  private readonly fastest = new Map<string, { steps: number; cuts: number[] }[]>()
  private readonly M: number

  /** Copy choices simulated so far, and at most how many there are (two per segment that fits), for onProgress. */
  private simulated = 0
  private readonly choices: number

  /** `maxBatch`: the largest batch any segment time is asked for; `onProgress`: the share of copy choices simulated, in [0, 1]. */
  constructor(
    readonly problem: PlanProblem,
    private readonly maxBatch: number,
    private readonly onProgress?: (fraction: number) => void,
  ) {
    this.M = problem.maps.length
    let fitting = 0
    for (let i = 0; i < this.M; i++) for (let j = i + 1, pes = 0; j <= this.M && (pes += problem.maps[j - 1].pes) <= problem.chipPes; j++) fitting++
    this.choices = Math.max(1, (problem.free ? 2 : 1) * fitting)
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

  /**
   * The fastest copy choice of MVM layers [i, j) for batch b (`oneCopy`: one copy each) and its steps, or null when
   * the segment does not fit.
   */
  private cost(i: number, j: number, b: number, oneCopy: boolean): { option: SegmentCost; steps: number } | null {
    let best: { option: SegmentCost; steps: number } | null = null
    for (const option of this.options(i, j).slice(0, oneCopy ? 1 : undefined)) {
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
    const makespanOf = segmentMakespans({ ...run, copies: copyArray }, layers[0], layers[1], this.maxBatch)
    this.onProgress?.(Math.min(1, ++this.simulated / this.choices))
    const pes = maps.slice(i, j).reduce((a, m, x) => a + m.pes * copies[x], 0)
    return { copies, pes, makespanOf, layers, copyArray }
  }

  /** Steps of b inferences through a segment with one of its copy choices. */
  steps(c: SegmentCost, b: number): number {
    if (b > this.maxBatch) throw new Error(`batch ${b} beyond the planner's largest ${this.maxBatch}`)
    return c.makespanOf(b)
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
  private best(b: number, oneCopy: boolean): { steps: number; cuts: number[] }[] {
    const key = `${b}:${oneCopy}`
    if (!this.fastest.has(key)) this.fastest.set(key, this.search(b, oneCopy))
    return this.fastest.get(key)!
  }

  private search(b: number, oneCopy: boolean): { steps: number; cuts: number[] }[] {
    const { writeSteps, free } = this.problem
    const M = this.M
    if (!free) {
      const cuts = this.fillCuts()
      let steps = 0
      for (let g = 0; g + 1 < cuts.length; g++) steps += writeSteps + this.cost(cuts[g], cuts[g + 1], b, true)!.steps
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
          const c = this.cost(i, j, b, oneCopy)
          if (!c) break // a longer segment does not fit either
          const v = t[k - 1][i] + (writeSteps + c.steps) // summed in the order of plan(), so a limit compares equal
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

  /** The plan of batch b with the given cuts, its segments balanced over the chip's PEs (today's: all from PE 0). */
  private plan(b: number, cuts: number[], oneCopy: boolean): Plan {
    const { maps, endurance, chipPes, free } = this.problem
    const chosen = cuts.slice(1).map((end, g) => ({ firstMap: cuts[g], endMap: end, ...this.cost(cuts[g], end, b, oneCopy)! }))
    const segmentPes = chosen.map((c) => c.option.pes)
    const firstPes = free ? balanceSegments(segmentPes, chipPes) : segmentPes.map(() => 0)
    const segments: PlannedSegment[] = chosen.map((c, g) => ({
      firstMap: c.firstMap,
      endMap: c.endMap,
      copies: c.option.copies,
      pes: c.option.pes,
      firstPe: firstPes[g],
      runSteps: c.steps,
    }))
    let cells = 0
    let steps = 0
    for (const s of segments) {
      steps += this.problem.writeSteps + s.runSteps
      cells += maps.slice(s.firstMap, s.endMap).reduce((a, m, x) => a + m.usedCells * s.copies[x], 0)
    }
    const perCell = Math.max(...programmingsPerPe(segments, chipPes)) / b
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
   * batch up to the planner's largest reaches the lifetime within the latency limit. The throughput b / T(b)
   * grows with b, and so does the lifetime, so for k segments the largest batch within the latency limit is taken
   * (binary search: T(b) grows with b) and kept when its lifetime reaches the target. With copies allowed, the
   * fastest copy choices may fill the chip and write some PE more often than one copy each would: the plan with
   * one copy each is tried too, and the faster of the two that reach the target is kept.
   */
  solve(target: Omit<PlanTarget, 'maxBatch'>): { chosen: Plan | null; candidates: Plan[] } {
    const need = targetInferences(target)
    const candidates: Plan[] = []
    for (let k = 1; k <= this.M; k++) {
      let best: Plan | null = null
      for (const oneCopy of this.problem.free ? [false, true] : [true]) {
        const plan = this.largestBatch(k, oneCopy, target.maxBatchLatencySteps ?? Infinity)
        if (plan && plan.lifetimeInferences >= need && (!best || plan.throughputPerStep > best.throughputPerStep)) best = plan
      }
      if (best) candidates.push(best)
    }
    let chosen: Plan | null = null
    for (const p of candidates) if (!chosen || p.throughputPerStep > chosen.throughputPerStep) chosen = p
    return { chosen, candidates }
  }

  /** The plan of exactly k segments with the largest batch whose time is within `limit` steps, or null (none, or fewer segments do as well). */
  private largestBatch(k: number, oneCopy: boolean, limit: number): Plan | null {
    const fits = (b: number) => this.best(b, oneCopy)[k].steps <= limit
    if (!fits(1)) return null
    let lo = 1
    let hi = this.maxBatch
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2)
      if (fits(mid)) lo = mid
      else hi = mid - 1
    }
    const best = this.best(lo, oneCopy)[k]
    if (best.cuts.length - 1 < k) return null // fewer segments already did as well: that plan is its own candidate
    return this.plan(lo, best.cuts, oneCopy)
  }
}
