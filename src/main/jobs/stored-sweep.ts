/**
 * A sweep whose runs are kept in the history: queued first, marked running as a worker takes them,
 * and each stored (result + status, one transaction) the moment it finishes. A cancelled or crashed
 * job leaves every run it did not finish cancelled or failed, never half-written.
 */
import type { ExperimentSpec } from '../../shared/experiment'
import type { History } from '../db/history'
import { JobError } from '../workers/job-error'
import type { JobProgress } from '../workers/progress'
import type { RunOutcome, SweepReport, WorkerPool } from '../workers/pool'

export interface StoredSweepOptions {
  signal?: AbortSignal
  onProgress?: (p: JobProgress) => void
  /** The runs were queued (before any runs); their ids in spec order. */
  onQueued?: (runIds: number[]) => void
  /** Runs already queued for the specs (resuming), in spec order; default: queue new runs. */
  queued?: number[]
  /** A run was stored (done or failed); `runId` is its id in the history. */
  onStored?: (runId: number, outcome: RunOutcome) => void
  chunkSize?: number
}

export interface StoredSweep {
  runIds: number[]
  report: SweepReport
}

/** Queues `specs` in experiment `experimentId`, runs them on the pool and stores each result as it arrives. */
export async function runStoredSweep(
  history: History,
  pool: WorkerPool,
  experimentId: number,
  specs: ExperimentSpec[],
  options: StoredSweepOptions = {},
): Promise<StoredSweep> {
  const { runs } = history
  const runIds = options.queued ?? runs.queueMany(experimentId, specs)
  options.onQueued?.(runIds)
  try {
    const report = await pool.sweep(specs, {
      signal: options.signal,
      onProgress: options.onProgress,
      chunkSize: options.chunkSize,
      onRunStart: (i) => explained(history, () => runs.start(runIds[i])),
      onRunDone: (o) => {
        explained(history, () => (o.ok ? runs.complete(runIds[o.index], o.result) : runs.fail(runIds[o.index], o.error.message)))
        options.onStored?.(runIds[o.index], o)
      },
    })
    return { runIds, report }
  } catch (e) {
    closeOpenRuns(history, runIds, e)
    throw e
  }
}

/** Runs a write, throwing a damaged file's error as history.explain says. */
function explained(history: History, write: () => void): void {
  try {
    write()
  } catch (e) {
    throw history.explain(e)
  }
}

/** Runs the job did not finish: cancelled when the job was cancelled, else failed with the job's error. */
function closeOpenRuns(history: History, runIds: number[], e: unknown): void {
  if (e instanceof JobError && e.code === 'CANCELLED') history.runs.cancel(runIds)
  else history.runs.failOpen(runIds, (e as Error).message)
}
