/**
 * The worker side of the pool: receives chunks of specs, runs (or plans) them one after the other and
 * posts run-start / progress / run-done or plan-done / run-failed / chunk-end. Never touches the
 * database: results go back to the main thread, which stores them.
 */
import type { MessagePort } from 'node:worker_threads'
import type { ExperimentResult, ExperimentSpec } from '../../shared/experiment'
import type { Target } from '../../shared/target'
import type { RunHooks } from '../core/pipeline'
import type { TargetHooks, TargetPlan } from '../core/target'
import { errorInfo, type FromWorker, type ToWorker } from './protocol'

/** What runs one spec; runExperiment in production, a stand-in in tests. */
export type RunFunction = (spec: ExperimentSpec, hooks: RunHooks) => Promise<ExperimentResult>

/** What searches the smallest chip for a target; planForTarget in production, a stand-in in tests. */
export type PlanFunction = (spec: ExperimentSpec, target: Target, hooks: TargetHooks) => Promise<TargetPlan>

/** The work a worker does: runs, and target searches. */
export interface WorkerTasks {
  run: RunFunction
  plan: PlanFunction
}

/** The part of a MessagePort / parentPort the loop needs. */
type Port = Pick<MessagePort, 'on' | 'postMessage'>

/** Serves chunks posted to `port` with `tasks` until the thread is terminated. */
export function serveJobs(port: Port, tasks: WorkerTasks): void {
  let current: { chunkId: number; controller: AbortController } | null = null
  const post = (m: FromWorker) => port.postMessage(m)

  port.on('message', (m: ToWorker) => {
    if (m.type === 'cancel') {
      if (current?.chunkId === m.chunkId) current.controller.abort()
      return
    }
    const controller = new AbortController()
    current = { chunkId: m.chunkId, controller }
    void runChunk(m, controller.signal).finally(() => {
      current = null
      post({ type: 'chunk-end', chunkId: m.chunkId, cancelled: controller.signal.aborted })
    })
  })

  async function runChunk(chunk: Extract<ToWorker, { type: 'chunk' }>, signal: AbortSignal): Promise<void> {
    const { chunkId } = chunk
    for (const { index, spec, target } of chunk.items) {
      if (signal.aborted) return
      post({ type: 'run-start', chunkId, index })
      const onProgress: RunHooks['onProgress'] = (p) => post({ type: 'progress', chunkId, index, fraction: p.fraction, step: p.step })
      try {
        if (target) {
          const onSearch: TargetHooks['onSearch'] = (search) => post({ type: 'progress', chunkId, index, fraction: 0, step: 'search', search })
          post({ type: 'plan-done', chunkId, index, plan: await tasks.plan(spec, target, { signal, onProgress, onSearch }) })
        } else post({ type: 'run-done', chunkId, index, result: await tasks.run(spec, { signal, onProgress }) })
      } catch (e) {
        if (signal.aborted) return
        post({ type: 'run-failed', chunkId, index, error: errorInfo(e) })
      }
    }
  }
}
