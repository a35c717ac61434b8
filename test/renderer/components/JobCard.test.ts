// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import JobCard from '../../../src/renderer/src/components/jobs/JobCard.vue'
import { useNavigationStore } from '../../../src/renderer/src/stores/navigation'
import { job } from '../fixtures/records'
import { mountApp, settle } from '../helpers/mount'
import { resetApi } from '../helpers/reset'

const api = await vi.hoisted(async () => (await import('../helpers/api')).createApiMock())
vi.mock('../../../src/renderer/src/api', () => api.module)

describe('JobCard', () => {
  beforeEach(() => resetApi(api, { 'jobs.cancel': undefined }))

  it('shows the step, runs done / total, elapsed and remaining time, and cancels', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-01-01T00:00:30Z'), toFake: ['Date'] })
    const { wrapper } = mountApp(JobCard, {
      props: { job: job({ kind: 'sweep', fraction: 0.25, step: 'run 3 of 12: schedule', runsDone: 2, runsTotal: 12, startedAt: '2026-01-01T00:00:00Z' }) },
    })
    const text = wrapper.text()
    vi.useRealTimers()
    expect(text).toContain('run 3 of 12: schedule')
    expect(text).toContain('25 %')
    expect(text).toContain('runs 2 / 12')
    expect(text).toContain('elapsed 30 s')
    expect(text).toContain('~1 min 30 s left')
    await wrapper.find('[data-test=job-cancel]').trigger('click')
    await settle()
    expect(api.requests('jobs.cancel')).toEqual([{ jobId: 'job-1' }])
  })

  it('opens the run of a finished run job', async () => {
    const { wrapper } = mountApp(JobCard, { props: { job: job({ status: 'done', fraction: 1, runIds: [42] }) } })
    expect(wrapper.find('[data-test=job-cancel]').exists()).toBe(false)
    await wrapper.find('[data-test=job-open]').trigger('click')
    expect(useNavigationStore().place).toEqual({ screen: 'run', ids: [42] })
  })
})
