// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import RunSetupView from '../../../src/renderer/src/views/RunSetupView.vue'
import { useJobsStore } from '../../../src/renderer/src/stores/jobs'
import { mountApp, settle } from '../helpers/mount'
import { handleRunSetup } from '../helpers/run-setup'
import { zooRun } from '../../helpers/specs'

const api = await vi.hoisted(async () => (await import('../helpers/api')).createApiMock())
vi.mock('../../../src/renderer/src/api', () => api.module)

describe('RunSetupView', () => {
  beforeEach(() => {
    handleRunSetup(api)
  })

  it('runs the set-up choices in one click and lists the job', async () => {
    const { wrapper } = mountApp(RunSetupView)
    await settle()
    await wrapper.find('[data-test=schedule-layer-by-layer]').trigger('click')
    await wrapper.find('[data-test=duplication-none]').trigger('click')
    await wrapper.find('[data-test=experiment-name] input').setValue('baseline')
    await wrapper.find('[data-test=run]').trigger('click')
    await settle()
    expect(api.requests('runs.start')).toEqual([
      {
        run: zooRun('tinyyolov4', { duplication: 'none', schedule: 'layer-by-layer' }),
        experiment: 'baseline',
      },
    ])
    expect(useJobsStore().jobs).toHaveLength(1)
    expect(wrapper.find('[data-test=job]').text()).toContain('tinyyolov4 · clsa · greedy')
  })

  it('cannot run an imported network before one is chosen', async () => {
    const { wrapper } = mountApp(RunSetupView)
    await settle()
    await wrapper.find('[data-test=network-imported]').trigger('click')
    await settle()
    expect(wrapper.find('[data-test=run]').attributes('disabled')).toBeDefined()
    expect(wrapper.find('[data-test=run]').attributes('title')).toBe('Choose or import a network')
  })

  it('refuses an impossible chip size in the form, with the reason, before any job starts', async () => {
    const { wrapper } = mountApp(RunSetupView)
    await settle()
    await wrapper.find('[data-test=chip-size] input[value=pes]').setValue(true)
    await settle()
    await wrapper.find('[data-test=chip-pes] input').setValue('-5')
    await settle()
    expect(wrapper.find('[data-test=chip-size]').text()).toContain('must be a whole number from 1 to 100,000,000')
    const run = wrapper.find('[data-test=run]')
    expect(run.attributes('disabled')).toBeDefined()
    expect(run.attributes('title')).toBe('Chip PEs: must be a whole number from 1 to 100,000,000')
    expect(wrapper.find('[data-test=run-blocked]').text()).toBe('Chip PEs: must be a whole number from 1 to 100,000,000')
    await run.trigger('click')
    await settle()
    expect(api.requests('runs.start')).toEqual([])
  })
})
