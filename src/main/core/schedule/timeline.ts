/** Largest number of histogram bins kept while simulating; beyond it bins are merged pairwise. */
const MAX_BINS = 1 << 20

/** A horizon less than this share of a bin past a bin's end ends there: the sliver beyond is rounding of fractional times. */
const SLIVER = 1e-9

/**
 * Busy PE-steps over time, accumulated exactly into bins whose width (in MVM steps) doubles
 * whenever the horizon outgrows MAX_BINS.
 */
export class BusyHistogram {
  binSteps = 1
  bins = new Float64Array(1024)
  /** Sets repeated with a period (a schedule's periodic extension), integrated exactly when sampled. */
  private readonly repeated: RepeatedSets[] = []

  /** Adds `pes` busy PEs over the interval [start, end) (steps). */
  add(start: number, end: number, pes: number): void {
    while (end > this.bins.length * this.binSteps) this.grow()
    const w = this.binSteps
    let b = Math.floor(start / w)
    while (b * w < end) {
      const lo = Math.max(start, b * w)
      const hi = Math.min(end, (b + 1) * w)
      if (hi > lo) this.bins[b] += (hi - lo) * pes
      b++
    }
  }

  /** Adds sets of `duration` steps on `pes` PEs each starting at `starts`, repeated at t x period for t = 1 .. repeats. */
  addRepeated(starts: ArrayLike<number>, duration: number, pes: number, period: number, repeats: number): void {
    if (repeats > 0 && starts.length > 0) this.repeated.push(new RepeatedSets(starts, duration, pes, period, repeats))
  }

  /** Busy PE-steps of the repeated sets before time x. */
  private repeatedBefore(x: number): number {
    let sum = 0
    for (const r of this.repeated) sum += r.busyBefore(x)
    return sum
  }

  private grow(): void {
    if (this.bins.length < MAX_BINS) {
      const next = new Float64Array(this.bins.length * 2)
      next.set(this.bins)
      this.bins = next
      return
    }
    const merged = new Float64Array(this.bins.length)
    for (let i = 0; i < this.bins.length; i += 2) merged[i / 2] = this.bins[i] + this.bins[i + 1]
    this.bins = merged
    this.binSteps *= 2
  }

  /**
   * At most `points` samples of the mean busy-PE count over [0, horizon) steps: bins are merged
   * in whole groups, so each sample is exact for its interval.
   */
  downsample(horizon: number, points: number): { binSteps: number; busyPes: number[] } {
    while (horizon > this.bins.length * this.binSteps) this.grow()
    const used = Math.max(1, Math.ceil(horizon / this.binSteps - SLIVER))
    const group = Math.ceil(used / points)
    const binSteps = this.binSteps * group
    const busyPes: number[] = []
    for (let i = 0; i < used; i += group) {
      let sum = 0
      for (let j = i; j < Math.min(i + group, used); j++) sum += this.bins[j]
      const span = Math.min(binSteps, horizon - i * this.binSteps)
      if (this.repeated.length) sum += this.repeatedBefore(i * this.binSteps + span) - this.repeatedBefore(i * this.binSteps)
      busyPes.push(span > 0 ? sum / span : 0)
    }
    return { binSteps, busyPes }
  }
}

/** Sets of one duration and PE count, repeated with a period: busy PE-steps before a time, in closed form. */
class RepeatedSets {
  /** Starts in ascending order, and their prefix sums. */
  private readonly starts: Float64Array
  private readonly prefix: Float64Array

  constructor(
    starts: ArrayLike<number>,
    private readonly duration: number,
    private readonly pes: number,
    private readonly period: number,
    private readonly repeats: number,
  ) {
    this.starts = Float64Array.from(starts).sort()
    this.prefix = new Float64Array(this.starts.length + 1)
    this.starts.forEach((s, i) => (this.prefix[i + 1] = this.prefix[i] + s))
  }

  /** Busy PE-steps before y of one repetition at its own times. */
  private once(y: number): number {
    const full = countBelow(this.starts, y - this.duration, true)
    const started = countBelow(this.starts, y, false)
    return this.pes * (this.duration * full + (started - full) * y - (this.prefix[started] - this.prefix[full]))
  }

  /** Busy PE-steps before x over repetitions t = 1 .. repeats (shifted by t x period). */
  busyBefore(x: number): number {
    const { period, repeats } = this
    if (period <= 0) return repeats * this.once(x)
    const first = this.starts[0]
    const lastEnd = this.starts[this.starts.length - 1] + this.duration
    const whole = Math.min(repeats, Math.max(0, Math.floor((x - lastEnd) / period)))
    let sum = whole * this.once(lastEnd)
    for (let t = whole + 1; t <= repeats && x - t * period > first; t++) sum += this.once(x - t * period)
    return sum
  }
}

/** Elements of an ascending array below y (or at most y with `inclusive`), by binary search. */
function countBelow(a: Float64Array, y: number, inclusive: boolean): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (a[mid] < y || (inclusive && a[mid] === y)) lo = mid + 1
    else hi = mid
  }
  return lo
}
