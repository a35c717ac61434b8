/** Progress of a job across its runs, and the throttle that keeps progress events to ~10 per second. */
import type { TargetSearchProgress } from '../../shared/target'

/** What a job reports: overall fraction in [0, 1] (never decreasing), the latest step, runs finished of all. */
export interface JobProgress {
  fraction: number
  step: string
  runsDone: number
  runsTotal: number
  /** A target search's counts so far (a plan job while it searches). */
  search?: TargetSearchProgress
}

/** Most progress events per second a job emits. */
export const PROGRESS_EVENTS_PER_SECOND = 10

/**
 * Adds up the progress of a job's runs (several may be in flight on different workers):
 * fraction = (finished runs + fractions of the runs in flight) / runs.
 */
export class ProgressTally {
  private readonly inFlight = new Map<number, number>()
  private done = 0
  private last = 0

  constructor(readonly runsTotal: number) {}

  /** A run reported `fraction` of its own work at `step`. */
  update(index: number, fraction: number, step: string): JobProgress {
    this.inFlight.set(index, Math.min(1, Math.max(0, fraction)))
    return this.snapshot(this.stepText(index, step))
  }

  /** A run finished (done or failed). */
  finish(index: number): JobProgress {
    this.inFlight.delete(index)
    this.done++
    return this.snapshot(this.runsTotal > 1 ? `run ${this.done}/${this.runsTotal} finished` : 'finished')
  }

  private stepText(index: number, step: string): string {
    return this.runsTotal > 1 ? `run ${index + 1}/${this.runsTotal}: ${step}` : step
  }

  private snapshot(step: string): JobProgress {
    let sum = this.done
    for (const f of this.inFlight.values()) sum += f
    this.last = Math.max(this.last, Math.min(1, sum / this.runsTotal))
    return { fraction: this.last, step, runsDone: this.done, runsTotal: this.runsTotal }
  }
}

/**
 * Passes on at most one value per `intervalMs`: the first at once, later ones held back and the
 * latest one sent when the interval is over (so the last state is never lost while the job runs).
 */
export class Throttle<T> {
  private lastAt = -Infinity
  private pending: T | undefined
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly emit: (value: T) => void,
    private readonly intervalMs = 1000 / PROGRESS_EVENTS_PER_SECOND,
  ) {}

  push(value: T): void {
    const wait = this.lastAt + this.intervalMs - performance.now()
    if (wait <= 0 && !this.timer) return this.send(value)
    this.pending = value
    this.timer ??= setTimeout(
      () => {
        this.timer = undefined
        const v = this.pending!
        this.pending = undefined
        this.send(v)
      },
      Math.max(0, wait),
    )
  }

  /** Drops a held-back value (the job settled; its promise is the last word). */
  cancel(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    this.pending = undefined
  }

  private send(value: T): void {
    this.lastAt = performance.now()
    this.emit(value)
  }
}
