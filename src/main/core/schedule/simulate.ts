import { copyOf } from '../../../shared/formulas'
import type { Assignment } from '../../../shared/schemas/spec'
import type { ScheduleKind } from '../../../shared/strategies'
import type { OnChipNetwork } from './noc'
import { BusyHistogram } from './timeline'
import { PeriodProbe, checkedInference, same } from './period'
import { refuseSetBySet } from '../limits'
import type { LayerSets } from './sets'

/**
 * How sets are timed (cim-model.md section 5): the schedules of the registry (src/shared/strategies.ts)
 * and `unbounded`, as clsa with unlimited copies, giving the critical path (a lower bound).
 */
export type ScheduleMode = ScheduleKind | 'unbounded'

/** What a schedule waits for: the previous layer's last set (a barrier) and a free copy. */
interface ScheduleRule {
  layerBarrier: boolean
  copiesBound: boolean
}

/** The rule of every schedule: a schedule in the registry without one here is a type error. */
const RULES = {
  /** One layer at a time in topological order (the baseline). */
  'layer-by-layer': { layerBarrier: true, copiesBound: true },
  /** CLSA-CIM cross-layer: a copy starts its next set as soon as it is free and the set's dependencies are done. */
  clsa: { layerBarrier: false, copiesBound: true },
  unbounded: { layerBarrier: false, copiesBound: false },
} satisfies Record<ScheduleMode, ScheduleRule>

/** A run of consecutive layers programmed together (reload mode); one segment when the network fits. */
export interface Segment {
  firstLayer: number
  /** Time to program the segment's PEs before it runs, steps. */
  writeSteps: number
}

export interface SimulationInput {
  sets: LayerSets[]
  /** Copies d_l of each layer (ignored for digital layers). */
  copies: ArrayLike<number>
  /** PEs of one copy of each layer (0 for digital layers), for the busy timeline. */
  pes: ArrayLike<number>
  /** Digital (GPEU) latency of a set, steps. */
  digitalSteps: number
  assignment: Assignment
  /** Inferences run back to back (streaming); all inputs are available at time 0. */
  inferences: number
  segments: Segment[]
  mode: ScheduleMode
  /** Keep every set's start time (for checks and tests). */
  record?: boolean
  /** Add the inferences after a segment turns periodic in closed form (default); false: simulate each one set by set. */
  extend?: boolean
  /** Most sets to simulate set by set (a batch that does not turn periodic): beyond it the run is refused; default unlimited. */
  maxSets?: number
  /** Give the makespan of the first b inferences for every b <= n (one segment only): result.makespanOf. */
  prefixes?: boolean
  /** Accumulate busy PEs over time. */
  timeline?: boolean
  /** The on-chip network the inputs travel over (a copies-bound schedule only); none: data movement is free. */
  network?: OnChipNetwork
}

export interface SimulationResult {
  /** Finish time of the last set, steps. */
  makespan: number
  /** Per layer: first set start and last set finish over all inferences, steps. */
  layerStart: Float64Array
  layerEnd: Float64Array
  /** Per MVM layer: copy-steps its copies sat idle until a set's inputs were ready (or the layer barrier), over all inferences. */
  waitInputs: Float64Array
  /** Per MVM layer: set-steps its sets were ready but waited for their copy to be free, over all inferences. */
  waitCopy: Float64Array
  /** With record: per layer, start of set i of inference k at [k * sets + i], steps. */
  starts?: Float64Array[]
  /** With prefixes: the makespan of the first b inferences (1 <= b <= n), steps. */
  makespanOf?: (b: number) => number
  histogram?: BusyHistogram
  /** Inferences simulated set by set, summed over segments; the others were added in closed form (./period.ts). */
  simulatedInferences: number
}

/**
 * Times every set of every inference. Layers are visited in topological order and each copy
 * takes its sets in raster order, so the as-soon-as-possible start of a set is an exact
 * recurrence: start = max(copy free, dependencies finished, barrier), with no event queue.
 * Deterministic by construction. Without an on-chip network, the inferences of a segment after it
 * turns periodic are added in closed form (./period.ts): exact, and a batch costs a few inferences.
 */
export function simulate(input: SimulationInput): SimulationResult {
  const { sets, copies, pes, digitalSteps, assignment, inferences: n, segments } = input
  if (!Object.hasOwn(RULES, input.mode)) throw new Error(`unknown schedule ${JSON.stringify(input.mode)}: choose one of ${Object.keys(RULES).join(', ')}`)
  const rule: ScheduleRule = RULES[input.mode]
  const net = input.network
  if (net && !rule.copiesBound) throw new Error(`the ${input.mode} schedule has no copies to place on the network`)
  const L = sets.length
  const segmented = segments.length > 1
  // A producer in an earlier segment finished before this segment was programmed: only the network reads its time.
  const slots = segmented && net ? n : 1
  const finish = sets.map((s) => new Float64Array(s.sets * slots))
  const maxFinish = new Float64Array(L * slots)
  const monotone = new Uint8Array(L * slots)
  const layerStart = new Float64Array(L).fill(Infinity)
  const layerEnd = new Float64Array(L)
  const waitInputs = new Float64Array(L)
  const waitCopy = new Float64Array(L)
  const starts = input.record ? sets.map((s) => new Float64Array(s.sets * n)) : undefined
  const histogram = input.timeline ? new BusyHistogram() : undefined
  const copyFree = sets.map((s) => new Float64Array(s.mvm ? Math.max(1, copies[s.layer]) : 0))
  if (input.prefixes && segmented) throw new Error('prefixes needs a run of one segment')
  const prefix: number[] | undefined = input.prefixes ? [] : undefined // makespan of the first k + 1 inferences
  let makespanOf = prefix && ((b: number) => prefix[b - 1])
  // the network's links carry state from one inference to the next: no period
  const probe = n > 1 && !net && input.extend !== false ? new PeriodProbe(sets, copies) : undefined
  let simulatedInferences = 0
  let setBySet = 0 // sets simulated set by set so far
  const maxSets = input.maxSets ?? Infinity

  let clock = 0 // end of everything scheduled so far
  for (let g = 0; g < segments.length; g++) {
    const first = segments[g].firstLayer
    const last = g + 1 < segments.length ? segments[g + 1].firstLayer : L
    const segStart = clock + segments[g].writeSteps
    for (let l = first; l < last; l++) copyFree[l].fill(segStart)
    let barrier = segStart
    let segmentSets = 0
    for (let l = first; l < last; l++) segmentSets += sets[l].sets
    for (let k = 0; k < n; k++) {
      const slot = slots > 1 ? k : 0
      const check = probe !== undefined && checkedInference(k)
      setBySet += segmentSets
      if (setBySet > maxSets) refuseSetBySet(maxSets, n, k)
      if (probe) probe.holds = check
      let uniform = NaN // under a layer barrier, the one shift of every set
      simulatedInferences++
      for (let l = first; l < last; l++) {
        const ls = sets[l]
        const S = ls.sets
        const cols = ls.cols
        const out = finish[l]
        const base = slot * S
        const free = copyFree[l]
        const d = ls.mvm ? free.length : 0
        const dur = ls.mvm ? ls.mvmsPerSet : digitalSteps
        const deps = ls.deps
        const rec = starts ? starts[l] : undefined
        const p = pes[l]
        const lastStart = probe?.start[l]
        const shifts = probe?.shift[l]
        let hiShift = 0
        let layerShift = 0
        let barrierShift = 0
        if (check) {
          probe.beginLayer(l, d)
          barrierShift = rule.layerBarrier ? barrier - probe.barrierAt[l] : 0
        }
        if (probe) probe.barrierAt[l] = barrier
        let lo = Infinity
        let hi = 0
        let y = 0 // set i sits at row y, column x of the grid (raster order)
        let x = -1
        for (let i = 0; i < S; i++) {
          if (++x === cols) {
            x = 0
            y++
          }
          let ready = barrier
          let readyShift = barrierShift // how much the term attaining `ready` moved since the inference before
          let inputsShift = barrierShift // the most any of its terms moved
          const copy = d > 0 && rule.copiesBound ? copyOf(i, S, d, assignment) : -1
          if (net) ready = net.inputsReady(sets, finish, l, i, y, x, k, slot, copy, ready)
          else {
            for (let j = 0; j < deps.length; j++) {
              const dep = deps[j]
              const q = dep.producer
              if (q < first) continue // finished before the segment was programmed
              const qs = slot * L + q
              let t: number
              let at = -1 // the producer set attaining t (-1: the layer's last finish)
              let most = 0 // the largest shift of the producer sets read (checking inferences)
              if (dep.whole) {
                t = maxFinish[qs]
                if (check) most = probe.layerShift[q]
              } else {
                const r0 = dep.rowLo[y]
                const r1 = dep.rowHi[y]
                const c0 = dep.colLo[x]
                const c1 = dep.colHi[x]
                if (r0 > r1 || c0 > c1) continue
                const pf = finish[q]
                const pc = sets[q].cols
                const pbase = slot * sets[q].sets
                if (check) most = probe.mostShift(q, dep, y, x, pc)
                if (monotone[qs]) {
                  at = r1 * pc + c1
                  t = pf[pbase + at]
                } else {
                  t = 0
                  const rs = dep.rowStep
                  const cs = dep.colStep
                  for (let r = r0; r <= r1; r += rs) {
                    const row = pbase + r * pc
                    for (let c = c0; c <= c1; c += cs)
                      if (pf[row + c] > t) {
                        t = pf[row + c]
                        at = row + c - pbase
                      }
                  }
                }
              }
              if (check) {
                const moved = at < 0 ? probe.hiShift[q] : probe.shift[q][at]
                if (most > inputsShift) inputsShift = most
                if (t > ready) readyShift = moved
                else if (t === ready && moved > readyShift) readyShift = moved
              }
              if (t > ready) ready = t
            }
          }
          let st = ready
          const fc = copy >= 0 ? free[copy] : 0
          if (copy >= 0) {
            if (fc > st) {
              waitCopy[l] += fc - st
              st = fc
            } else waitInputs[l] += st - fc
            free[copy] = st + dur
          }
          const f = st + dur
          if (lastStart) {
            const moved = st - lastStart[i]
            if (check) {
              probe.set(l, i, moved, ready, readyShift, inputsShift, copy, fc)
              if (rule.layerBarrier) {
                if (uniform !== uniform) uniform = moved
                else if (!same(moved, uniform)) probe.holds = false
              }
              if (moved > layerShift) layerShift = moved
              if (f > hi || (f === hi && moved > hiShift)) hiShift = moved
            }
            shifts![i] = moved
            lastStart[i] = st
          }
          out[base + i] = f
          if (rec) rec[k * S + i] = st
          if (histogram && p > 0) histogram.add(st, f, p)
          if (st < lo) lo = st
          if (f > hi) hi = f
        }
        let mono = 1
        for (let i = base + 1; i < base + S; i++) {
          if (out[i] < out[i - 1]) {
            mono = 0
            break
          }
        }
        monotone[slot * L + l] = mono
        maxFinish[slot * L + l] = hi
        if (check) {
          probe.endLayer(l, d)
          probe.layerShift[l] = layerShift
          probe.hiShift[l] = hiShift
        }
        if (lo < layerStart[l]) layerStart[l] = lo
        if (hi > layerEnd[l]) layerEnd[l] = hi
        if (hi > clock) clock = hi
        if (rule.layerBarrier) barrier = Math.max(barrier, hi)
      }
      prefix?.push(clock)
      if (check && probe.holds && k + 1 < n) {
        const later = probe.extend({ sets, pes, digitalSteps, layerEnd, waitInputs, waitCopy, starts, histogram }, first, last, k, n)
        clock = Math.max(clock, later(n - 1))
        if (prefix) makespanOf = (b) => (b <= prefix.length ? prefix[b - 1] : Math.max(prefix[k], later(b - 1)))
        break
      }
    }
  }
  return { makespan: clock, layerStart, layerEnd, waitInputs, waitCopy, starts, makespanOf, histogram, simulatedInferences }
}
