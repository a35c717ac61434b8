/**
 * The target plans the app asks for (targets.plan): each duplication strategy's search for the
 * smallest chip reaching the target runs as a job of the worker pool, off the main thread. A plan
 * emits `target.progress` (each strategy's state and counts, ~10 per second at most) and is
 * cancelled by its id; a strategy that fails stops the others.
 */
import type { ExperimentSpec } from '../../shared/experiment'
import { DUPLICATION_STRATEGIES } from '../../shared/strategies'
import type { Target, TargetAnswer, TargetPlanProgress } from '../../shared/target'
import type { EventBus } from '../ipc/events'
import { JobError } from '../workers/job-error'
import type { WorkerPool } from '../workers/pool'
import { Throttle } from '../workers/progress'
import type { ErrorInfo } from '../workers/protocol'

export class TargetPlanner {
  private readonly running = new Map<string, AbortController>()

  constructor(
    private readonly pool: WorkerPool,
    private readonly events: EventBus,
  ) {}

  /**
   * Every strategy's answer for `target` with spec's schedule and options (its chip and strategy are
   * ignored), in registry order. Rejects with CANCELLED when cancelled, WORKER_CRASHED when a worker died.
   */
  async plan(planId: string, spec: ExperimentSpec, target: Target): Promise<TargetAnswer[]> {
    if (this.running.has(planId)) throw Object.assign(new Error(`a target search with id ${planId} is already running`), { code: 'PLAN_RUNNING' })
    const abort = new AbortController()
    this.running.set(planId, abort)
    const progress: TargetPlanProgress = { planId, strategies: DUPLICATION_STRATEGIES.map((duplication) => ({ duplication, state: 'queued', search: null })) }
    const throttle = new Throttle((p: TargetPlanProgress) => this.events.emit('target.progress', p))
    const report = () => throttle.push(structuredClone(progress))
    try {
      return await Promise.all(
        DUPLICATION_STRATEGIES.map(async (duplication, i) => {
          const strategy = progress.strategies[i]
          const { report: answer, result } = await this.pool.plan({ ...spec, duplication }, target, {
            signal: abort.signal,
            onRunStart: () => {
              strategy.state = 'searching'
              report()
            },
            onProgress: (p) => {
              if (p.search) strategy.search = p.search
              strategy.state = p.search ? 'searching' : p.runsDone ? 'done' : 'running'
              report()
            },
          })
          strategy.state = 'done'
          report()
          return { duplication, report: answer, summary: result?.summary ?? null }
        }),
      )
    } catch (e) {
      abort.abort()
      throw searchError(e)
    } finally {
      throttle.cancel()
      this.running.delete(planId)
    }
  }

  /** Cancels a running plan; a plan that already ended (or never ran) is left as it is. */
  cancel(planId: string): void {
    this.running.get(planId)?.abort()
  }

  /** Cancels every running plan (on quit). */
  cancelAll(): void {
    for (const abort of this.running.values()) abort.abort()
  }
}

/** The error of a failed search: a cancel in the search's words, a search that threw with the error's own code, else the pool's. */
function searchError(e: unknown): unknown {
  if (!(e instanceof JobError)) return e
  if (e.code === 'CANCELLED') return new JobError('CANCELLED', 'the target search was cancelled')
  const code = (e.cause as ErrorInfo | undefined)?.code
  return e.code === 'RUN_FAILED' && code ? Object.assign(new Error(e.message), { code }) : e
}
