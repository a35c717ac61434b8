import type { ErrorInfo } from './protocol'

/**
 * Why a job failed:
 * - CANCELLED: its AbortSignal fired (the error's name is 'AbortError', like fetch's);
 * - WORKER_CRASHED: its worker thread exited or threw outside the run (the worker is replaced);
 * - RUN_FAILED: the pipeline threw for the spec (bad network, does not fit...);
 * - CALLBACK_FAILED: the caller's onRunDone / onRunStart threw (e.g. the database write failed);
 * - POOL_CLOSED: the pool was closed before the job finished.
 */
export type JobErrorCode = 'CANCELLED' | 'WORKER_CRASHED' | 'RUN_FAILED' | 'CALLBACK_FAILED' | 'POOL_CLOSED'

/** The error a job's promise rejects with; `code` says why, `cause` keeps the original error when there is one. */
export class JobError extends Error {
  constructor(
    readonly code: JobErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = code === 'CANCELLED' ? 'AbortError' : 'JobError'
  }
}

/** The error of a run that threw inside the worker (keeps the original error's name and code in the message). */
export function runFailed(info: ErrorInfo): JobError {
  return new JobError('RUN_FAILED', info.message, { cause: info })
}
