/**
 * The periodic extension of a batch (docs/model-choices.md, "A batch in closed form"). Within a segment every start
 * time is a max-plus expression: start = max(copy free, inputs finished, barrier), the copy free time carrying one
 * inference into the next. Each term of a start moves from one inference to the next by the shift of the set it
 * comes from (a constant: 0). When, in inference k, every set s moved by its shift c_s since inference k - 1, every
 * term of s moves by at most c_s, and a term that attains the start moves by exactly c_s, then that term still
 * attains it in inference k + 1 and every set moves by c_s again: by induction, inference k + t starts each set at
 * its inference-k start + t x c_s. Under a layer barrier the barrier itself is a term of every start, so the shifts
 * must all be equal there. The probe checks these conditions as the simulation runs and, once they hold, adds the
 * remaining inferences in closed form (start times, layer ends, waits, busy timeline).
 */
import type { BusyHistogram } from './timeline'
import type { Dependency, LayerSets } from './sets'

/** Relative tolerance of comparisons of shifts: absorbs rounding of fractional step times only. */
const TOLERANCE = 1e-9

/** a <= b within rounding. */
export const atMost = (a: number, b: number) => a <= b + TOLERANCE * Math.max(1, Math.abs(b))
/** a = b within rounding. */
export const same = (a: number, b: number) => Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(b))

/**
 * Inferences a run is expected to simulate set by set before its segments turn periodic (the zoo's reload segments
 * take 2 to about 50); the limits count this many up front.
 */
export const PERIODIC_WITHIN = 64

/**
 * Whether inference k is checked for a period: every one up to 8, then 4 per doubling (10, 12, 14, 16, 20, 24, ...),
 * so a transient of k inferences is found at most k / 4 later and the checks cost about 4 log2(k) inferences.
 */
export const checkedInference = (k: number) => k > 0 && k % Math.max(1, 2 ** (Math.floor(Math.log2(k)) - 2)) === 0

/** What the extension of one segment needs besides the probe. */
export interface ExtendTarget {
  sets: LayerSets[]
  pes: ArrayLike<number>
  digitalSteps: number
  layerEnd: Float64Array
  waitInputs: Float64Array
  waitCopy: Float64Array
  starts?: Float64Array[]
  histogram?: BusyHistogram
}

/** The per-set record of the last inference and the checks of the current one. */
export class PeriodProbe {
  /** Start of every set in the last inference simulated, steps. */
  readonly start: Float64Array[]
  /** Shift of every set from the inference before to the last one, steps. */
  readonly shift: Float64Array[]
  /** Per layer in the current inference: largest shift of its sets, and the shift of a set attaining its last finish. */
  readonly layerShift: Float64Array
  readonly hiShift: Float64Array
  /** Barrier at each layer in the last inference (layer-by-layer), steps. */
  readonly barrierAt: Float64Array
  /** Per layer: waits on copies and inputs in the current inference, and how much each grows per further inference. */
  readonly waitCopy0: Float64Array
  readonly waitCopy1: Float64Array
  readonly waitInputs0: Float64Array
  readonly waitInputs1: Float64Array
  /** Per copy of the current layer: its last set so far (-1: none yet), and its first set's terms for the check at the layer's end. */
  private readonly copyLast: Int32Array
  private readonly firstGap: Float64Array
  private readonly firstReadyShift: Float64Array
  private readonly firstShift: Float64Array
  /** Whether the conditions hold so far in the current inference. */
  holds = true

  constructor(sets: LayerSets[], copies: ArrayLike<number>) {
    this.start = sets.map((s) => new Float64Array(s.sets))
    this.shift = sets.map((s) => new Float64Array(s.sets))
    const L = sets.length
    this.layerShift = new Float64Array(L)
    this.hiShift = new Float64Array(L)
    this.barrierAt = new Float64Array(L)
    this.waitCopy0 = new Float64Array(L)
    this.waitCopy1 = new Float64Array(L)
    this.waitInputs0 = new Float64Array(L)
    this.waitInputs1 = new Float64Array(L)
    const most = Math.max(1, ...sets.map((s) => (s.mvm ? copies[s.layer] : 1)))
    this.copyLast = new Int32Array(most)
    this.firstGap = new Float64Array(most)
    this.firstReadyShift = new Float64Array(most)
    this.firstShift = new Float64Array(most)
  }

  /** The largest shift of the sets of producer q that set (y, x) of a consumer reads through `dep` (columns `cols`). */
  mostShift(q: number, dep: Dependency, y: number, x: number, cols: number): number {
    const shift = this.shift[q]
    let most = 0
    for (let r = dep.rowLo[y]; r <= dep.rowHi[y]; r += dep.rowStep)
      for (let c = dep.colLo[x]; c <= dep.colHi[x]; c += dep.colStep) if (shift[r * cols + c] > most) most = shift[r * cols + c]
    return most
  }

  /** Starts checking layer l of the current inference. */
  beginLayer(l: number, copies: number): void {
    this.copyLast.fill(-1, 0, copies)
    this.layerShift[l] = 0
    this.hiShift[l] = 0
    this.waitCopy0[l] = this.waitCopy1[l] = this.waitInputs0[l] = this.waitInputs1[l] = 0
  }

  /**
   * Checks set i of layer l: it moved by `shift`; its inputs were ready at `ready`, moving by `readyShift`, no term
   * of them moving by more than `inputsShift`; `copy` (-1: none) was free at `free`.
   */
  set(l: number, i: number, shift: number, ready: number, readyShift: number, inputsShift: number, copy: number, free: number): void {
    if (!atMost(inputsShift, readyShift) || !atMost(readyShift, shift)) this.holds = false
    if (copy < 0) {
      if (!same(readyShift, shift)) this.holds = false
    } else {
      const prev = this.copyLast[copy]
      if (prev < 0) {
        // the copy's term comes from its last set of the inference before: checked when the layer is done
        this.firstGap[copy] = free - ready
        this.firstReadyShift[copy] = readyShift
        this.firstShift[copy] = shift
      } else this.copyTerm(l, free - ready, this.shift[l][prev], readyShift, shift)
      this.copyLast[copy] = i
    }
  }

  /** Ends layer l: checks the first set of every copy against the copy's last set. */
  endLayer(l: number, copies: number): void {
    for (let c = 0; c < copies; c++) {
      const last = this.copyLast[c]
      if (last >= 0) this.copyTerm(l, this.firstGap[c], this.shift[l][last], this.firstReadyShift[c], this.firstShift[c])
    }
  }

  /**
   * A set with a copy: the copy was free `gap` steps after the inputs were ready (negative: before), the copy's term
   * moving by `freeShift` and the inputs by `readyShift`; the set moved by `shift`. The later of the two attains the
   * start, and its wait grows by the difference of their shifts.
   */
  private copyTerm(l: number, gap: number, freeShift: number, readyShift: number, shift: number): void {
    const copyBinds = gap > 0 || (gap === 0 && freeShift > readyShift)
    if (!atMost(freeShift, shift) || !same(copyBinds ? freeShift : readyShift, shift)) this.holds = false
    if (copyBinds) {
      this.waitCopy0[l] += gap
      this.waitCopy1[l] += freeShift - readyShift
    } else {
      this.waitInputs0[l] -= gap
      this.waitInputs1[l] += readyShift - freeShift
    }
  }

  /**
   * Adds inferences k + 1 .. n - 1 of the segment's layers [first, last) (T = n - 1 - k of them): inference k + t is
   * inference k with every set moved by t x its shift. Returns the last finish of inference m > k, steps.
   */
  extend(x: ExtendTarget, first: number, last: number, k: number, n: number): (m: number) => number {
    const T = n - 1 - k
    const rising = (T * (T + 1)) / 2
    const ends = new Map<number, number>() // shift -> last finish of inference k among the sets with that shift
    for (let l = first; l < last; l++) {
      const s = x.sets[l]
      const dur = s.mvm ? s.mvmsPerSet : x.digitalSteps
      const st = this.start[l]
      const sh = this.shift[l]
      x.waitCopy[l] += T * this.waitCopy0[l] + rising * this.waitCopy1[l]
      x.waitInputs[l] += T * this.waitInputs0[l] + rising * this.waitInputs1[l]
      const groups = new Map<number, number[]>() // shift -> starts (the busy timeline)
      for (let i = 0; i < s.sets; i++) {
        const end = st[i] + dur + T * sh[i]
        if (end > x.layerEnd[l]) x.layerEnd[l] = end
        ends.set(sh[i], Math.max(ends.get(sh[i]) ?? -Infinity, st[i] + dur))
        if (x.histogram && x.pes[l] > 0) {
          const group = groups.get(sh[i])
          if (group) group.push(st[i])
          else groups.set(sh[i], [st[i]])
        }
      }
      const rec = x.starts?.[l]
      if (rec) for (let t = 1; t <= T; t++) for (let i = 0; i < s.sets; i++) rec[(k + t) * s.sets + i] = st[i] + t * sh[i]
      for (const [shift, starts] of groups) x.histogram!.addRepeated(starts, dur, x.pes[l], shift, T)
    }
    const lines = [...ends]
    return (m) => {
      let end = -Infinity
      for (const [shift, hi] of lines) end = Math.max(end, hi + (m - k) * shift)
      return end
    }
  }
}
