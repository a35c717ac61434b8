/**
 * Messages between the worker pool (main thread) and a worker thread. A worker runs one chunk at a
 * time: a list of specs in order, each tagged with its index in the job; a spec with a target is
 * not run but searched for the smallest chip reaching the target (core/target.ts), which is then run.
 *
 * Results cross threads by structured clone: an ExperimentResult is plain JSON of a few tens of KB
 * (the utilization timeline is number[] of at most 1000 points), so copying it is cheap. If the
 * timeline or per-set traces ever become large typed arrays (Float64Array), post them with a
 * transfer list ([array.buffer]) to move the memory instead of copying it.
 */
import type { ExperimentResult, ExperimentSpec } from '../../shared/experiment'
import type { Target, TargetSearchProgress } from '../../shared/target'
import type { TargetPlan } from '../core/target'

/** An error as it crosses threads (Error subclasses and their extra fields do not survive cloning). */
export interface ErrorInfo {
  name: string
  message: string
  code?: string
}

/** One item of a chunk: a run of the spec, or with a target, the search for the smallest chip reaching it. */
export interface WorkItem {
  index: number
  spec: ExperimentSpec
  target?: Target
}

/** Main -> worker. */
export type ToWorker = { type: 'chunk'; chunkId: number; items: WorkItem[] } | { type: 'cancel'; chunkId: number }

/** Worker -> main. Every message names the chunk it belongs to. */
export type FromWorker =
  | { type: 'run-start'; chunkId: number; index: number }
  /** `search`: a target search's counts so far (absent once the answer chip runs). */
  | { type: 'progress'; chunkId: number; index: number; fraction: number; step: string; search?: TargetSearchProgress }
  | { type: 'run-done'; chunkId: number; index: number; result: ExperimentResult }
  | { type: 'plan-done'; chunkId: number; index: number; plan: TargetPlan }
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
