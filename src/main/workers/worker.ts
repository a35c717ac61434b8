/**
 * The worker_threads entry of the pool: runs the compute pipeline (or the target search) on chunks of specs.
 * Bundled as its own entry by electron-vite (src/main/index.ts passes its path to WorkerPool).
 */
import { parentPort } from 'node:worker_threads'
import { runExperiment } from '../core/pipeline'
import { planForTarget } from '../core/target'
import { serveJobs } from './serve'

if (!parentPort) throw new Error('src/main/workers/worker.ts is a worker_threads entry: start it with new Worker(), not directly')
serveJobs(parentPort, { run: runExperiment, plan: planForTarget })
