/**
 * The jobs the app runs: each is a stored sweep (one run is a sweep of one) on the worker pool.
 * Keeps every job's JobInfo, turns pool progress into `job.progress` events (throttled by the
 * pool), stores results as they arrive (`run.saved`) and ends with `job.finished`.
 */
import { randomUUID } from 'node:crypto'
import type { ExperimentSpec } from '../../shared/experiment'
import type { JobInfo } from '../../shared/ipc'
import { cut } from '../../shared/text'
import type { History } from '../db/history'
import type { EventBus } from '../ipc/events'
import type { WorkerPool } from '../workers/pool'
import { runStoredSweep } from './stored-sweep'

/** Finished jobs kept for the jobs panel. */
const KEEP_FINISHED = 50

export class JobManager {
  private jobs = new Map<string, { info: JobInfo; abort: AbortController }>()

  constructor(
    private readonly history: History,
    private readonly pool: WorkerPool,
    private readonly events: EventBus,
  ) {}

  /** Starts a job over `specs` (or the runs `queued` for them) in an experiment; resolves at once with its JobInfo (the work goes on). */
  start(kind: JobInfo['kind'], label: string, experimentId: number, specs: ExperimentSpec[], queued?: number[]): JobInfo {
    const abort = new AbortController()
    const info: JobInfo = {
      jobId: randomUUID(),
      kind,
      label,
      experimentId,
      runIds: [],
      status: 'running',
      fraction: 0,
      step: 'queued',
      runsDone: 0,
      runsTotal: specs.length,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      error: null,
    }
    this.jobs.set(info.jobId, { info, abort })
    let firstError: string | null = null
    const done = runStoredSweep(this.history, this.pool, experimentId, specs, {
      signal: abort.signal,
      queued,
      onQueued: (ids) => (info.runIds = ids),
      onProgress: (p) => {
        Object.assign(info, { fraction: p.fraction, step: p.step, runsDone: p.runsDone })
        this.events.emit('job.progress', { ...info })
      },
      onStored: (runId, outcome) => {
        if (!outcome.ok) firstError ??= outcome.error.message
        if (outcome.ok) this.events.emit('run.saved', { runId, experimentId, summary: outcome.result.summary })
      },
    })
    done.then(
      ({ report, runIds }) => {
        info.runsDone = report.runsDone + report.runsFailed
        this.finish(
          info,
          report.runsFailed === runIds.length ? 'failed' : 'done',
          report.runsFailed ? failedRuns(report.runsFailed, runIds.length, firstError) : null,
        )
      },
      (e: Error & { code?: string }) => this.finish(info, e.code === 'CANCELLED' ? 'cancelled' : 'failed', e.code === 'CANCELLED' ? null : e.message),
    )
    return { ...info }
  }

  /** Queues again the interrupted runs of an experiment (a sweep whose program stopped) as one job; throws when there are none. */
  resume(experimentId: number): JobInfo {
    const { name } = this.history.experiments.get(experimentId)
    const runs = this.history.runs.resume(experimentId)
    if (!runs.length) throw Object.assign(new Error(`experiment "${cut(name)}" has no interrupted runs to resume`), { code: 'NOTHING_TO_RESUME' })
    const specs = runs.map((r) => r.spec)
    return this.start(
      'sweep',
      `${name} (resumed, ${runs.length} runs)`,
      experimentId,
      specs,
      runs.map((r) => r.id),
    )
  }

  /** Cancels a running job (its unfinished runs are stored as cancelled). */
  cancel(jobId: string): void {
    const job = this.jobs.get(jobId)
    if (!job) throw Object.assign(new Error(`no job ${jobId}`), { code: 'NOT_FOUND' })
    job.abort.abort()
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((j) => ({ ...j.info })).reverse()
  }

  /** Cancels every running job (on quit). */
  cancelAll(): void {
    for (const j of this.jobs.values()) if (j.info.status === 'running') j.abort.abort()
  }

  private finish(info: JobInfo, status: JobInfo['status'], error: string | null): void {
    Object.assign(info, { status, error, fraction: status === 'done' ? 1 : info.fraction, step: status, finishedAt: new Date().toISOString() })
    this.events.emit('job.finished', { ...info })
    const finished = [...this.jobs.values()].filter((j) => j.info.status !== 'running')
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(j.info.jobId)
  }
}

/** A job's error when some runs failed: the first failure's message, after the count when there were several runs. */
export function failedRuns(failed: number, total: number, firstError: string | null): string {
  const first = firstError ?? 'no message'
  return total === 1 ? first : `${failed} of ${total} runs failed; the first: ${first}`
}
