/**
 * Messages between the worker pool (main thread) and a worker thread. A worker runs one chunk at a
 * time: a list of specs in order, each tagged with its index in the job.
 *
 * Results cross threads by structured clone: an ExperimentResult is plain JSON of a few tens of KB
 * (the utilization timeline is number[] of at most 1000 points), so copying it is cheap. If the
 * timeline or per-set traces ever become large typed arrays (Float64Array), post them with a
 * transfer list ([array.buffer]) to move the memory instead of copying it.
 */
import type { ExperimentResult, ExperimentSpec } from '../../shared/experiment'

/** An error as it crosses threads (Error subclasses and their extra fields do not survive cloning). */
export interface ErrorInfo {
  name: string
  message: string
  code?: string
}

/** Main -> worker. */
export type ToWorker = { type: 'chunk'; chunkId: number; items: { index: number; spec: ExperimentSpec }[] } | { type: 'cancel'; chunkId: number }

/** Worker -> main. Every message names the chunk it belongs to. */
export type FromWorker =
  | { type: 'run-start'; chunkId: number; index: number }
  | { type: 'progress'; chunkId: number; index: number; fraction: number; step: string }
  | { type: 'run-done'; chunkId: number; index: number; result: ExperimentResult }
  | { type: 'run-failed'; chunkId: number; index: number; error: ErrorInfo }
  /** The chunk is over: every item ran, or it stopped early on cancel. The worker is free again. */
  | { type: 'chunk-end'; chunkId: number; cancelled: boolean }

/** The cloneable form of any thrown value. */
export function errorInfo(e: unknown): ErrorInfo {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code
    return { name: e.name, message: e.message, ...(typeof code === 'string' && { code }) }
  }
  return { name: 'Error', message: String(e) }
}
