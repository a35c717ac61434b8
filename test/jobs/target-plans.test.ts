/**
 * The target planner over a real pool of the test worker: a plan's strategies run as pool jobs, a
 * worker that dies fails the plan naming the search, and the pool keeps working.
 */
import { afterAll, describe, expect, it, vi } from 'vitest'
import type { ExperimentSpec } from '../../src/shared/experiment'
import type { TargetPlanProgress } from '../../src/shared/target'
import { withDefaults } from '../../src/main/core/pipeline'
import { planForTarget } from '../../src/main/core/target'
import { EventBus } from '../../src/main/ipc/events'
import { TargetPlanner } from '../../src/main/jobs/target-plans'
import { WorkerPool } from '../../src/main/workers/pool'
import { TEST_WORKER } from '../workers/entries'

const spec = (zoo: string): ExperimentSpec => withDefaults({ network: { zoo }, arch: { preset: 'clsa-cim' } })
const pool = new WorkerPool({ ...TEST_WORKER, size: 1 })
const events = new EventBus()
const planner = new TargetPlanner(pool, events)
afterAll(() => pool.close())

/** The rejection of a promise (fails the test if it resolves). */
async function rejection(p: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await p
  } catch (e) {
    return e as Error & { code?: string }
  }
  throw new Error('expected the plan to fail')
}

describe('TargetPlanner', () => {
  it('a worker that dies fails the plan naming the search and the strategy; the next plan runs on a new worker', async () => {
    const e = await rejection(planner.plan('crash', spec('test:exit'), { fps: 30 }))
    expect(e.code).toBe('WORKER_CRASHED')
    expect(e.message).toBe('worker crashed during the target search (test:exit, clsa, none): the worker exited with code 3')
    // The other strategies were dropped (or asked to stop, if a new worker had taken one already).
    await vi.waitFor(() => expect(pool.stats()).toMatchObject({ busy: 0, queuedChunks: 0, jobs: 0 }), { timeout: 5000, interval: 20 })

    const progress: TargetPlanProgress[] = []
    const off = events.subscribe((name, p) => name === 'target.progress' && progress.push(p as TargetPlanProgress))
    const answers = await planner.plan('crash', spec('lenet5'), { latencySteps: 1000 })
    off()
    for (const a of answers) expect(a.report).toEqual((await planForTarget({ ...spec('lenet5'), duplication: a.duplication }, { latencySteps: 1000 })).report)
    expect(answers.map((a) => [a.duplication, a.report.met, a.summary?.pesChip ?? null])).toEqual(answers.map((a) => [a.duplication, true, a.report.pes]))
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.every((p) => p.planId === 'crash')).toBe(true)
  })

  it('a search that throws in the worker fails the plan with the error it threw, its code kept', async () => {
    const huge = withDefaults({ network: { zoo: 'tinyyolov4', input: { h: 8192, w: 8192 } }, arch: { preset: 'clsa-cim' } })
    const e = await rejection(planner.plan('huge', huge, { fps: 30 }))
    expect(e.code).toBe('LIMIT_EXCEEDED')
    expect(e.message).toMatch(/^network "tinyyolov4" \(largest layer conv0: 16,777,216 sets\): 62,259,200 sets, over the limit of 50,000,000/)
    const unknown = await rejection(planner.plan('unknown', spec('nosuchnet'), { fps: 30 }))
    expect([unknown.code, unknown.message]).toEqual(['RUN_FAILED', expect.stringMatching(/^unknown model "nosuchnet": choose one of tinyyolov3, /)])
  })
})
