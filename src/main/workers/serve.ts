/**
 * The worker side of the pool: receives chunks of specs, runs them one after the other and posts
 * run-start / progress / run-done / run-failed / chunk-end. Never touches the database: results go
 * back to the main thread, which stores them.
 */
import type { MessagePort } from 'node:worker_threads'
import type { ExperimentResult, ExperimentSpec } from '../../shared/experiment'
import type { RunHooks } from '../core/pipeline'
import { errorInfo, type FromWorker, type ToWorker } from './protocol'

/** What runs one spec; runExperiment in production, a stand-in in tests. */
export type RunFunction = (spec: ExperimentSpec, hooks: RunHooks) => Promise<ExperimentResult>

/** The part of a MessagePort / parentPort the loop needs. */
type Port = Pick<MessagePort, 'on' | 'postMessage'>

/** Serves chunks posted to `port` with `run` until the thread is terminated. */
export function serveJobs(port: Port, run: RunFunction): void {
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
    for (const { index, spec } of chunk.items) {
      if (signal.aborted) return
      post({ type: 'run-start', chunkId, index })
      try {
        const result = await run(spec, { signal, onProgress: (p) => post({ type: 'progress', chunkId, index, fraction: p.fraction, step: p.step }) })
        post({ type: 'run-done', chunkId, index, result })
      } catch (e) {
        if (signal.aborted) return
        post({ type: 'run-failed', chunkId, index, error: errorInfo(e) })
      }
    }
  }
}
