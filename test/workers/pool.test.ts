import { afterAll, describe, expect, it } from 'vitest'
import type { ExperimentSpec } from '../../src/shared/experiment'
import { runExperiment, withDefaults } from '../../src/main/core/pipeline'
import { JobError } from '../../src/main/workers/job-error'
import { WorkerPool, defaultPoolSize, type RunOutcome } from '../../src/main/workers/pool'
import type { JobProgress } from '../../src/main/workers/progress'
import { chunkIndices } from '../../src/main/workers/chunks'
import { REAL_WORKER, TEST_WORKER } from './entries'

const spec = (zoo: string, over: Partial<ExperimentSpec> = {}): ExperimentSpec => withDefaults({ network: { zoo }, arch: { preset: 'clsa-cim' }, ...over })
const yolo = (extraPes: number) => spec('tinyyolov4', { chip: { extraPes } })

const pools: WorkerPool[] = []
const pool = (options: Partial<ConstructorParameters<typeof WorkerPool>[0]> = {}) => {
  const p = new WorkerPool({ ...REAL_WORKER, size: 2, ...options })
  pools.push(p)
  return p
}
/** One pool of the real worker and one of the test worker, reused across tests as the app reuses its pool. */
let shared: WorkerPool | undefined
let sharedTest: WorkerPool | undefined
const realPool = () => (shared ??= pool())
const testPool = () => (sharedTest ??= pool(TEST_WORKER))
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()))
})

/** The rejection of a promise (fails the test if it resolves). */
async function rejection(p: Promise<unknown>): Promise<JobError> {
  try {
    await p
  } catch (e) {
    return e as JobError
  }
  throw new Error('expected the job to fail')
}

describe('chunkIndices', () => {
  it('cuts a sweep into contiguous chunks, about 4 per worker', () => {
    expect(chunkIndices(64, 2)).toEqual(Array.from({ length: 8 }, (_, c) => Array.from({ length: 8 }, (_, i) => c * 8 + i)))
    expect(chunkIndices(3, 2)).toEqual([[0], [1], [2]])
    expect(chunkIndices(5, 1, 2)).toEqual([[0, 1], [2, 3], [4]])
    expect(chunkIndices(0, 2)).toEqual([])
  })
  it('default pool size is cores - 1, at least 1', () => {
    expect(defaultPoolSize()).toBeGreaterThanOrEqual(1)
  })
})

describe('WorkerPool', () => {
  it('runs a spec in a worker: the same result as in this thread', async () => {
    const p = realPool()
    const s = spec('lenet5')
    const [inWorker, here] = await Promise.all([p.run(s), runExperiment(s)])
    expect(inWorker.summary).toEqual(here.summary)
    expect(inWorker.layers).toEqual(here.layers)
    expect(inWorker.inputHash).toBe(here.inputHash)
  })

  it('a sweep reports every run once as it finishes, spread over both workers; progress is throttled and monotone', async () => {
    const p = realPool()
    const specs = Array.from({ length: 12 }, (_, i) => yolo(i * 16))
    const outcomes: RunOutcome[] = []
    const started: number[] = []
    const events: (JobProgress & { at: number })[] = []
    let maxBusy = 0
    const t0 = performance.now()
    const report = await p.sweep(specs, {
      onRunStart: (i) => {
        started.push(i)
        maxBusy = Math.max(maxBusy, p.stats().busy)
      },
      onRunDone: (o) => outcomes.push(o),
      onProgress: (e) => events.push({ ...e, at: performance.now() }),
    })
    const elapsed = performance.now() - t0
    expect(report).toEqual({ runsDone: 12, runsFailed: 0 })
    expect(outcomes.map((o) => o.index).sort((a, b) => a - b)).toEqual(specs.map((_, i) => i))
    expect(started.sort((a, b) => a - b)).toEqual(specs.map((_, i) => i))
    for (const o of outcomes) expect(o.ok && o.result.spec).toEqual(specs[o.index])
    expect(maxBusy).toBe(2)
    // throttled: at most one event per 100 ms (a little slack for timer jitter)
    expect(events.length).toBeGreaterThan(1)
    expect(events.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 1)
    for (let i = 1; i < events.length; i++) expect(events[i].at - events[i - 1].at).toBeGreaterThanOrEqual(95)
    // monotone and well-formed
    for (let i = 1; i < events.length; i++) {
      expect(events[i].fraction).toBeGreaterThanOrEqual(events[i - 1].fraction)
      expect(events[i].runsDone).toBeGreaterThanOrEqual(events[i - 1].runsDone)
    }
    for (const e of events) {
      expect(e.fraction).toBeGreaterThanOrEqual(0)
      expect(e.fraction).toBeLessThanOrEqual(1)
      expect(e.runsTotal).toBe(12)
      expect(e.step).toMatch(/^run \d+\/12/)
    }
  })

  it('a run that throws fails only that run of a sweep, and rejects a single-run job with RUN_FAILED', async () => {
    const p = realPool()
    const bad = spec('no-such-model')
    const outcomes: RunOutcome[] = []
    const report = await p.sweep([spec('lenet5'), bad, spec('lenet5')], { onRunDone: (o) => outcomes.push(o) })
    expect(report).toEqual({ runsDone: 2, runsFailed: 1 })
    const failed = outcomes.find((o) => !o.ok)!
    expect(failed).toMatchObject({ index: 1, ok: false, error: { message: expect.stringContaining('unknown model "no-such-model"') } })
    const e = await rejection(p.run(bad))
    expect(e).toBeInstanceOf(JobError)
    expect(e.code).toBe('RUN_FAILED')
    expect(e.message).toMatch(/unknown model/)
  })

  it('cancel: the job rejects with an AbortError (CANCELLED) and the pool runs the next job', async () => {
    const p = realPool()
    const controller = new AbortController()
    const done: number[] = []
    const job = p.sweep(
      Array.from({ length: 40 }, (_, i) => yolo(i * 4)),
      { signal: controller.signal, onRunDone: (o) => done.push(o.index), onProgress: () => controller.abort() },
    )
    const e = await rejection(job)
    expect(e.name).toBe('AbortError')
    expect(e.code).toBe('CANCELLED')
    expect(done.length).toBeLessThan(40)
    const after = done.length
    const next = await p.run(spec('lenet5'))
    expect(next.summary.model).toBe('lenet5')
    expect(done.length).toBe(after) // nothing reported after the cancel
    expect(p.stats()).toMatchObject({ jobs: 0, queuedChunks: 0 })
    // an already aborted signal never starts the job
    await expect(p.run(spec('lenet5'), { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'CANCELLED' })
  })

  // The spin lasts 60 s: a next run stuck behind it would overrun this test's 30 s timeout.
  it('cancel of a worker that does not stop in time: it is terminated and replaced', { timeout: 30_000 }, async () => {
    const p = pool({ ...TEST_WORKER, size: 1, cancelGraceMs: 200 })
    await p.run(spec('lenet5')) // warm: the worker is started
    const controller = new AbortController()
    const job = rejection(p.run(spec('test:spin'), { signal: controller.signal }))
    await new Promise((r) => setTimeout(r, 300))
    controller.abort()
    expect((await job).code).toBe('CANCELLED')
    const next = await p.run(spec('lenet5'))
    expect(next.summary.model).toBe('lenet5')
    expect(p.stats().workers).toBe(1)
  })

  it('a worker that exits or throws outside a run fails only its job (WORKER_CRASHED); other jobs go on and the pool recovers', async () => {
    const p = testPool()
    await p.run(spec('lenet5')) // one worker started and warm
    const healthy = p.sweep(
      Array.from({ length: 4 }, (_, i) => yolo(i * 32)),
      { chunkSize: 4 },
    )
    const exit = await rejection(p.run(spec('test:exit')))
    expect(exit).toBeInstanceOf(JobError)
    expect(exit.code).toBe('WORKER_CRASHED')
    expect(exit.message).toMatch(/worker crashed during the run \(test:exit, clsa, greedy\): the worker exited with code 3/)
    const thrown = await rejection(p.run(spec('test:throw')))
    expect(thrown.code).toBe('WORKER_CRASHED')
    expect(thrown.message).toMatch(/uncaught error in the worker: boom outside the run/)
    expect(await healthy).toEqual({ runsDone: 4, runsFailed: 0 })
    expect((await p.run(spec('lenet5'))).summary.model).toBe('lenet5')
    expect(p.stats().workers).toBeLessThanOrEqual(2)
  })

  it('a crash in a sweep fails only the run it was running; the rest of its chunk and the other chunks finish', async () => {
    const p = testPool()
    const specs = [spec('lenet5'), spec('lenet5'), spec('test:exit'), yolo(16), yolo(24), yolo(32)]
    const outcomes: RunOutcome[] = []
    const report = await p.sweep(specs, { chunkSize: 3, onRunDone: (o) => outcomes.push(o) })
    expect(report).toEqual({ runsDone: 5, runsFailed: 1 })
    expect(outcomes.map((o) => o.index).sort()).toEqual([0, 1, 2, 3, 4, 5])
    const failed = outcomes.find((o) => !o.ok)!
    expect(failed).toMatchObject({ index: 2, ok: false, error: { code: 'WORKER_CRASHED' } })
    expect(!failed.ok && failed.error.message).toBe('worker crashed during run 3 of 6 (test:exit, clsa, greedy): the worker exited with code 3')
    expect((await p.run(spec('lenet5'))).summary.model).toBe('lenet5')
  })

  it('a worker out of heap fails only its run with a clear message; the pool replaces it', async () => {
    const p = pool({ ...TEST_WORKER, size: 1, heapMb: 48 })
    const outcomes: RunOutcome[] = []
    const report = await p.sweep([spec('lenet5'), spec('test:oom'), spec('lenet5')], { chunkSize: 3, onRunDone: (o) => outcomes.push(o) })
    expect(report).toEqual({ runsDone: 2, runsFailed: 1 })
    const failed = outcomes.find((o) => !o.ok)!
    expect(!failed.ok && failed.error.message).toBe(
      'worker crashed during run 2 of 3 (test:oom, clsa, greedy): it ran out of memory (the heap limit of a worker is 48 MB, $CIM_WORKER_HEAP_MB)',
    )
    expect((await rejection(p.run(spec('test:oom')))).code).toBe('WORKER_CRASHED')
    expect((await p.run(spec('lenet5'))).summary.model).toBe('lenet5')
  })

  it('a throwing callback fails the job with CALLBACK_FAILED', async () => {
    const p = realPool()
    const e = await rejection(
      p.sweep([spec('lenet5'), spec('lenet5')], {
        onRunDone: () => {
          throw new Error('database is locked')
        },
      }),
    )
    expect(e.code).toBe('CALLBACK_FAILED')
    expect(e.message).toMatch(/database is locked/)
  })

  it('close fails unfinished jobs with POOL_CLOSED; a closed pool takes no new job', async () => {
    const p = new WorkerPool({ ...REAL_WORKER, size: 1 })
    const job = rejection(p.sweep(Array.from({ length: 10 }, (_, i) => yolo(i * 8))))
    await new Promise((r) => setTimeout(r, 50))
    await p.close()
    expect((await job).code).toBe('POOL_CLOSED')
    expect((await rejection(p.run(spec('lenet5')))).code).toBe('POOL_CLOSED')
  })

  it('a worker entry that cannot load fails the job with WORKER_CRASHED', async () => {
    const p = pool({ entry: new URL('./fixtures/no-such-entry.mjs', import.meta.url), workerData: undefined })
    const e = await rejection(p.run(spec('lenet5')))
    expect(e.code).toBe('WORKER_CRASHED')
  })
})
