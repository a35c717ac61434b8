/** Largest number of histogram bins kept while simulating; beyond it bins are merged pairwise. */
const MAX_BINS = 1 << 20

/**
 * Busy PE-steps over time, accumulated exactly into bins whose width (in MVM steps) doubles
 * whenever the horizon outgrows MAX_BINS.
 */
export class BusyHistogram {
  binSteps = 1
  bins = new Float64Array(1024)

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
    const used = Math.max(1, Math.ceil(horizon / this.binSteps))
    const group = Math.ceil(used / points)
    const binSteps = this.binSteps * group
    const busyPes: number[] = []
    for (let i = 0; i < used; i += group) {
      let sum = 0
      for (let j = i; j < Math.min(i + group, used); j++) sum += this.bins[j]
      const span = Math.min(binSteps, horizon - i * this.binSteps)
      busyPes.push(span > 0 ? sum / span : 0)
    }
    return { binSteps, busyPes }
  }
}
