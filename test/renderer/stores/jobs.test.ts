// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { remainingMs, useJobsStore } from '../../../src/renderer/src/stores/jobs'
import { job } from '../fixtures/records'
import { SPEC_DEFAULTS } from '../../../src/shared/experiment'

const api = await vi.hoisted(async () => (await import('../helpers/api')).createApiMock())
vi.mock('../../../src/renderer/src/api', () => api.module)

describe('jobs store', () => {
  beforeEach(() => {
    api.reset()
    setActivePinia(createPinia())
  })

  it("resume asks main to queue an experiment's interrupted runs again and follows the job", async () => {
    api.handle('experiments.resume', job({ kind: 'sweep', label: 'sweep (resumed, 3 runs)', runsTotal: 3 }))
    const jobs = useJobsStore()
    const started = await jobs.resume(7)
    expect(api.requests('experiments.resume')).toEqual([{ id: 7 }])
    expect(started.runsTotal).toBe(3)
    expect(jobs.running.map((j) => j.label)).toEqual(['sweep (resumed, 3 runs)'])
  })

  it('starts a run and follows its progress and end through events', async () => {
    api.handle('runs.start', job())
    const jobs = useJobsStore()
    const request = {
      network: { zoo: 'tinyyolov4' },
      arch: { preset: 'clsa-cim' },
      ...SPEC_DEFAULTS,
    } as const
    await jobs.startRun(request, 'paper figures')
    expect(api.requests('runs.start')).toEqual([{ run: request, experiment: 'paper figures' }])
    expect(jobs.running).toHaveLength(1)

    api.emit('job.progress', job({ fraction: 0.5, step: 'schedule' }))
    expect(jobs.jobs[0]).toMatchObject({ fraction: 0.5, step: 'schedule' })

    api.emit('job.finished', job({ status: 'done', fraction: 1, step: 'done', runsDone: 1 }))
    expect(jobs.running).toHaveLength(0)
    expect(jobs.jobs[0].status).toBe('done')
  })

  it("keeps the finished state when the start call answers after the job's events", async () => {
    const jobs = useJobsStore()
    api.handle('runs.start', () => {
      api.emit('job.finished', job({ status: 'done', fraction: 1, step: 'done', runsDone: 1 }))
      return job() // the answer: still "queued"
    })
    await jobs.startRun({
      network: { zoo: 'lenet5' },
      arch: { preset: 'clsa-cim' },
      duplication: 'none',
      schedule: 'clsa',
      granularity: 'pixel',
      assignment: 'interleaved',
      inferences: 1,
      inferenceRate: 30,
      noc: 'none',
      placement: 'contiguous',
    })
    expect(jobs.jobs[0]).toMatchObject({ status: 'done', runsDone: 1 })
    api.emit('job.progress', job({ fraction: 0.5 }))
    expect(jobs.jobs[0].status).toBe('done')
  })

  it('fetches the jobs again when events may have been missed', async () => {
    api.handle('jobs.list', [job({ status: 'done', fraction: 1 })])
    const jobs = useJobsStore()
    api.emit('job.progress', job({ fraction: 0.5 }))
    api.resync()
    await vi.waitFor(() => expect(jobs.jobs[0].status).toBe('done'))
  })

  it('lists jobs newest first and cancels by id', async () => {
    api.handle('jobs.list', [job({ jobId: 'a', startedAt: '2026-01-01T00:00:00Z' }), job({ jobId: 'b', startedAt: '2026-01-02T00:00:00Z' })])
    api.handle('jobs.cancel', undefined)
    const jobs = useJobsStore()
    await jobs.load()
    expect(jobs.jobs.map((j) => j.jobId)).toEqual(['b', 'a'])
    await jobs.cancel('a')
    expect(api.requests('jobs.cancel')).toEqual([{ jobId: 'a' }])
  })

  it('measures elapsed time and estimates the remaining time from the fraction done', () => {
    vi.useFakeTimers({ now: Date.parse('2026-01-01T00:01:00Z') })
    const jobs = useJobsStore()
    api.emit('job.progress', job({ startedAt: '2026-01-01T00:00:00Z', fraction: 0.25 }))
    expect(jobs.elapsedMs(jobs.jobs[0])).toBe(60_000)
    expect(remainingMs(60_000, 0.25)).toBe(180_000)
    expect(remainingMs(60_000, 0)).toBeNull()
    expect(remainingMs(60_000, 1)).toBe(0)
    vi.advanceTimersByTime(2000)
    expect(jobs.elapsedMs(jobs.jobs[0])).toBe(62_000)
    api.emit('job.finished', job({ startedAt: '2026-01-01T00:00:00Z', status: 'done', fraction: 1, finishedAt: '2026-01-01T00:01:02Z' }))
    vi.advanceTimersByTime(5000)
    expect(jobs.elapsedMs(jobs.jobs[0])).toBe(62_000)
    // a job that ended before this page loaded: its time comes from main's start and finish times
    api.emit('job.finished', job({ jobId: 'seen-late', startedAt: '2026-01-01T00:00:00Z', status: 'done', finishedAt: '2026-01-01T00:00:09Z' }))
    expect(jobs.elapsedMs(jobs.jobs.find((j) => j.jobId === 'seen-late')!)).toBe(9_000)
    vi.useRealTimers()
  })
})
