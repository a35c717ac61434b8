/**
 * A reused pool of worker_threads that runs jobs: one run (spec -> result), one target search (spec
 * and target -> the smallest chip and its run) or a sweep (specs run in chunks spread over the
 * workers, each result reported as it finishes). Jobs report throttled progress, can be cancelled
 * through an AbortSignal. Every worker has a heap limit; a worker that dies (out of memory or
 * otherwise) fails only the run it was running, and is replaced on demand.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { specNetworkName, type ExperimentResult, type ExperimentSpec } from '../../shared/experiment'
import type { Target } from '../../shared/target'
import type { TargetPlan } from '../core/target'
import { chunkIndices } from './chunks'
import { JobError, runFailed } from './job-error'
import { ProgressTally, Throttle, type JobProgress } from './progress'
import type { ErrorInfo, FromWorker, ToWorker, WorkItem } from './protocol'

export interface PoolOptions {
  /**
   * The worker entry: a path or file: URL. In the app, the bundled worker.js that electron-vite
   * builds from src/main/workers/worker.ts; under tsx/vitest, a bootstrap that loads worker.ts.
   */
  entry: string | URL
  /** Node options of the worker threads (e.g. a loader). */
  execArgv?: string[]
  /** Passed to every worker as workerData (e.g. the .ts file a bootstrap should load). */
  workerData?: unknown
  /** Worker threads; default defaultPoolSize(). */
  size?: number
  /** How long a cancelled chunk may take to stop before its worker is terminated and replaced, ms. */
  cancelGraceMs?: number
  /** Least time between two progress events of a job, ms (default 100: ~10 per second). */
  progressIntervalMs?: number
  /** Heap limit of each worker, MB (default workerHeapMb()). */
  heapMb?: number
}

/** Default heap limit of a worker, MB: $CIM_WORKER_HEAP_MB, else 2048. */
export function workerHeapMb(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.CIM_WORKER_HEAP_MB)
  return Number.isInteger(mb) && mb >= 16 ? mb : 2048
}

export interface JobOptions {
  signal?: AbortSignal
  /** Throttled progress; the job's promise settling is the last word (a held-back event is dropped). */
  onProgress?: (p: JobProgress) => void
}

/** How one run of a sweep ended. */
export type RunOutcome = { index: number; ok: true; result: ExperimentResult } | { index: number; ok: false; error: ErrorInfo }

export interface SweepOptions extends JobOptions {
  /** A run (index into the specs) started on a worker. */
  onRunStart?: (index: number) => void
  /** A run finished; called once per run, in completion order, so the caller can store it at once. */
  onRunDone?: (outcome: RunOutcome) => void
  /** Specs per chunk (default: about 4 chunks per worker). */
  chunkSize?: number
}

/** Counts of a finished sweep (the results themselves went to onRunDone). */
export interface SweepReport {
  runsDone: number
  runsFailed: number
}

export interface PoolStats {
  size: number
  workers: number
  busy: number
  queuedChunks: number
  jobs: number
}

/** Worker threads by default: CPU cores - 1 (one core stays with the main thread and the UI), at least 1. */
export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism() - 1)
}

interface Job {
  runsTotal: number
  chunksLeft: number
  settled: boolean
  single: boolean
  /** A target search's target (single jobs only). */
  target?: Target
  result?: ExperimentResult | TargetPlan
  report: SweepReport
  tally: ProgressTally
  throttle: Throttle<JobProgress>
  options: SweepOptions
  specs: ExperimentSpec[]
  resolve: (value: ExperimentResult | TargetPlan | SweepReport) => void
  reject: (e: Error) => void
  detach: () => void
}

interface Chunk {
  id: number
  job: Job
  items: WorkItem[]
  /** Items finished (done or failed), in order. */
  finished: number
}

interface Slot {
  worker: Worker
  chunk: Chunk | null
  /** Index of the run in progress, for crash messages. */
  running: number | null
  gone: boolean
  graceTimer?: NodeJS.Timeout
}

export class WorkerPool {
  readonly size: number
  private readonly slots: Slot[] = []
  private readonly queue: Chunk[] = []
  private readonly jobs = new Set<Job>()
  private nextChunkId = 1
  private closed = false

  constructor(private readonly options: PoolOptions) {
    this.size = Math.max(1, Math.floor(options.size ?? defaultPoolSize()))
  }

  /** Runs one spec; rejects with a JobError (RUN_FAILED, CANCELLED, WORKER_CRASHED, POOL_CLOSED). */
  run(spec: ExperimentSpec, options: JobOptions = {}): Promise<ExperimentResult> {
    return this.submit([spec], options, true) as Promise<ExperimentResult>
  }

  /**
   * Searches the smallest chip with which spec's strategy and schedule reach `target`, and runs it
   * (core/target.ts planForTarget); onRunStart says a worker took it, progress carries the search's counts. Rejects like run().
   */
  plan(spec: ExperimentSpec, target: Target, options: JobOptions & Pick<SweepOptions, 'onRunStart'> = {}): Promise<TargetPlan> {
    return this.submit([spec], options, true, target) as Promise<TargetPlan>
  }

  /**
   * Runs specs in chunks over the workers; every run's outcome goes to onRunDone as it finishes.
   * A failing run does not stop the sweep; cancelling or a crash rejects the whole job.
   */
  sweep(specs: ExperimentSpec[], options: SweepOptions = {}): Promise<SweepReport> {
    return this.submit(specs, options, false) as Promise<SweepReport>
  }

  stats(): PoolStats {
    return {
      size: this.size,
      workers: this.slots.length,
      busy: this.slots.filter((s) => s.chunk).length,
      queuedChunks: this.queue.length,
      jobs: this.jobs.size,
    }
  }

  /** Fails unfinished jobs with POOL_CLOSED and terminates every worker. */
  async close(): Promise<void> {
    this.closed = true
    for (const job of [...this.jobs]) this.fail(job, new JobError('POOL_CLOSED', 'the worker pool was closed'))
    const slots = this.slots.splice(0)
    for (const s of slots) s.gone = true
    await Promise.all(slots.map((s) => s.worker.terminate()))
  }

  private submit(specs: ExperimentSpec[], options: SweepOptions, single: boolean, target?: Target): Promise<ExperimentResult | TargetPlan | SweepReport> {
    if (this.closed) return Promise.reject(new JobError('POOL_CLOSED', 'the worker pool is closed'))
    if (options.signal?.aborted) return Promise.reject(cancelled())
    if (!specs.length) return Promise.resolve({ runsDone: 0, runsFailed: 0 })
    return new Promise((resolve, reject) => {
      const chunks = single ? [[0]] : chunkIndices(specs.length, this.size, options.chunkSize)
      const job: Job = {
        runsTotal: specs.length,
        chunksLeft: chunks.length,
        settled: false,
        single,
        target,
        report: { runsDone: 0, runsFailed: 0 },
        tally: new ProgressTally(specs.length),
        throttle: new Throttle((p) => this.call(job, () => options.onProgress?.(p)), this.options.progressIntervalMs),
        options,
        specs,
        resolve,
        reject,
        detach: () => {},
      }
      const onAbort = () => this.fail(job, cancelled())
      options.signal?.addEventListener('abort', onAbort, { once: true })
      job.detach = () => options.signal?.removeEventListener('abort', onAbort)
      this.jobs.add(job)
      for (const indices of chunks)
        this.queue.push({ id: this.nextChunkId++, job, items: indices.map((index) => ({ index, spec: specs[index], ...(target && { target }) })), finished: 0 })
      this.dispatch()
    })
  }

  /** Hands queued chunks to idle workers, starting workers up to the pool size. */
  private dispatch(): void {
    while (this.queue.length && !this.closed) {
      let slot = this.slots.find((s) => !s.chunk)
      if (!slot && this.slots.length < this.size) {
        try {
          slot = this.spawn()
        } catch (e) {
          this.fail(
            this.queue[0].job,
            new JobError('WORKER_CRASHED', `cannot start a worker from ${String(this.options.entry)}: ${(e as Error).message}`, { cause: e }),
          )
          continue
        }
      }
      if (!slot) return
      const chunk = this.queue.shift()!
      slot.chunk = chunk
      slot.running = null
      slot.worker.ref()
      this.post(slot, { type: 'chunk', chunkId: chunk.id, items: chunk.items })
    }
  }

  private spawn(): Slot {
    const { entry, execArgv, workerData } = this.options
    const worker = new Worker(entry, { execArgv, workerData, resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb ?? workerHeapMb() } })
    const slot: Slot = { worker, chunk: null, running: null, gone: false }
    worker.on('message', (m: FromWorker) => this.onMessage(slot, m))
    worker.on('error', (e: Error & { code?: string }) =>
      this.onCrash(
        slot,
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `it ran out of memory (the heap limit of a worker is ${this.options.heapMb ?? workerHeapMb()} MB, $CIM_WORKER_HEAP_MB)`
          : `uncaught error in the worker: ${e.message}`,
      ),
    )
    worker.on('messageerror', (e) => this.onCrash(slot, `a message from the worker could not be read: ${e.message}`))
    worker.on('exit', (code) => this.onCrash(slot, `the worker exited with code ${code}`))
    this.slots.push(slot)
    return slot
  }

  private post(slot: Slot, m: ToWorker): void {
    slot.worker.postMessage(m)
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    const chunk = slot.chunk
    if (slot.gone || !chunk || chunk.id !== m.chunkId) return
    const job = chunk.job
    if (m.type === 'chunk-end') return this.endChunk(slot, chunk)
    if (job.settled) return // a cancelled or failed job: late messages are dropped
    switch (m.type) {
      case 'run-start':
        slot.running = m.index
        return this.call(job, () => job.options.onRunStart?.(m.index))
      case 'progress':
        return job.throttle.push({ ...job.tally.update(m.index, m.fraction, m.step), ...(m.search && { search: m.search }) })
      case 'run-done':
        slot.running = null
        chunk.finished++
        job.report.runsDone++
        if (job.single) job.result = m.result
        else this.call(job, () => job.options.onRunDone?.({ index: m.index, ok: true, result: m.result }))
        return this.progressAfterRun(job, m.index)
      case 'plan-done':
        slot.running = null
        chunk.finished++
        job.report.runsDone++
        job.result = m.plan
        return this.progressAfterRun(job, m.index)
      case 'run-failed':
        slot.running = null
        chunk.finished++
        if (job.single) return this.fail(job, runFailed(m.error))
        job.report.runsFailed++
        this.call(job, () => job.options.onRunDone?.({ index: m.index, ok: false, error: m.error }))
        return this.progressAfterRun(job, m.index)
    }
  }

  private progressAfterRun(job: Job, index: number): void {
    if (!job.settled) job.throttle.push(job.tally.finish(index))
  }

  /** The worker finished (or stopped) its chunk: it is free again; the job ends with its last chunk. */
  private endChunk(slot: Slot, chunk: Chunk): void {
    clearTimeout(slot.graceTimer)
    slot.chunk = null
    slot.running = null
    slot.worker.unref()
    const job = chunk.job
    if (!job.settled) this.chunkDone(job)
    this.dispatch()
  }

  /**
   * A worker died (out of memory, exited, threw outside a run): the run it was running fails (a
   * single run's job with WORKER_CRASHED, a sweep's run as a failed run), the rest of its chunk is
   * queued again, and dispatch starts a new worker when needed.
   */
  private onCrash(slot: Slot, why: string): void {
    if (slot.gone) return
    slot.gone = true
    clearTimeout(slot.graceTimer)
    this.slots.splice(this.slots.indexOf(slot), 1)
    void slot.worker.terminate()
    const chunk = slot.chunk
    if (chunk && !chunk.job.settled && slot.running === null && chunk.finished === chunk.items.length) this.chunkDone(chunk.job)
    else if (chunk && !chunk.job.settled) {
      const job = chunk.job
      const index = slot.running ?? chunk.items[chunk.finished].index
      const what = job.target ? 'the target search' : job.single ? 'the run' : `run ${index + 1} of ${job.runsTotal}`
      const message = `worker crashed during ${what} (${describeSpec(job.specs[index])}): ${why}`
      if (job.single) this.fail(job, new JobError('WORKER_CRASHED', message))
      else this.failRunAndRequeue(chunk, slot.running, message)
    }
    this.dispatch()
  }

  /** A sweep's worker died: its running run (if any) fails, the chunk's unstarted runs go back to the front of the queue. */
  private failRunAndRequeue(chunk: Chunk, running: number | null, message: string): void {
    const job = chunk.job
    if (running !== null) {
      chunk.finished++
      job.report.runsFailed++
      this.call(job, () => job.options.onRunDone?.({ index: running, ok: false, error: { name: 'JobError', code: 'WORKER_CRASHED', message } }))
      this.progressAfterRun(job, running)
    }
    const rest = chunk.items.slice(chunk.finished)
    if (job.settled) return
    if (rest.length) this.queue.unshift({ id: this.nextChunkId++, job, items: rest, finished: 0 })
    else this.chunkDone(job)
  }

  /** One chunk of a job is over; the job succeeds with its last. */
  private chunkDone(job: Job): void {
    if (--job.chunksLeft === 0) this.succeed(job)
  }

  private succeed(job: Job): void {
    this.settle(job)
    job.resolve(job.single ? job.result! : job.report)
  }

  /** Rejects a job and stops its chunks: queued ones are dropped, running ones asked to stop. */
  private fail(job: Job, error: Error): void {
    if (job.settled) return
    this.settle(job)
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i].job === job) this.queue.splice(i, 1)
    for (const slot of this.slots) if (slot.chunk?.job === job) this.stopChunk(slot, slot.chunk)
    job.reject(error)
  }

  private settle(job: Job): void {
    job.settled = true
    job.throttle.cancel()
    job.detach()
    this.jobs.delete(job)
  }

  /** Asks a worker to stop its chunk; terminates and replaces it if it has not stopped within the grace time. */
  private stopChunk(slot: Slot, chunk: Chunk): void {
    this.post(slot, { type: 'cancel', chunkId: chunk.id })
    slot.graceTimer = setTimeout(() => {
      if (slot.gone || slot.chunk !== chunk) return
      slot.gone = true
      this.slots.splice(this.slots.indexOf(slot), 1)
      void slot.worker.terminate()
      this.dispatch()
    }, this.options.cancelGraceMs ?? 1000)
    slot.graceTimer.unref()
  }

  /** Runs a caller's callback; if it throws, the job fails with CALLBACK_FAILED. */
  private call(job: Job, fn: () => void): void {
    try {
      fn()
    } catch (e) {
      this.fail(job, new JobError('CALLBACK_FAILED', `a job callback failed: ${(e as Error).message}`, { cause: e }))
    }
  }
}

function cancelled(): JobError {
  return new JobError('CANCELLED', 'the job was cancelled')
}

/** A short description of a spec for error messages: network, schedule, duplication. */
function describeSpec(spec: ExperimentSpec): string {
  return `${specNetworkName(spec)}, ${spec.schedule}, ${spec.duplication}`
}
