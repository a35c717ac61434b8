// @vitest-environment happy-dom
/** Target mode of run setup: the request it sends, the answers side by side, running one answer, and a search's progress and Cancel. */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import RunSetupView from '../../../src/renderer/src/views/RunSetupView.vue'
import type { TargetAnswer } from '../../../src/shared/target'
import { zooRun } from '../../helpers/specs'
import { summary } from '../fixtures/results'
import { mountApp, settle } from '../helpers/mount'
import { handleRunSetup } from '../helpers/run-setup'

const api = await vi.hoisted(async () => (await import('../helpers/api')).createApiMock())
vi.mock('../../../src/renderer/src/api', () => api.module)

/** What main answers for TinyYOLOv4 at 2000 inferences/s (cim run --model tinyyolov4 --target-fps 2000 --dup ...). */
const report = (over: Partial<TargetAnswer['report']>): TargetAnswer['report'] => ({
  target: { fps: 2000 },
  met: true,
  pes: 535,
  candidatesEvaluated: 59,
  candidatesSkipped: 176,
  below: { pes: 534, latencySteps: 628, throughputPerS: 1990.4458598726112 },
  best: null,
  bound: null,
  boundSteps: null,
  ...over,
})
const ANSWERS: TargetAnswer[] = [
  {
    duplication: 'none',
    report: report({
      met: false,
      pes: null,
      below: null,
      candidatesEvaluated: 1,
      candidatesSkipped: 0,
      best: { pes: 117, latencySteps: 43265, throughputPerS: 28.9 },
      bound: 'strategy',
      boundSteps: 43265,
    }),
    summary: null,
  },
  { duplication: 'greedy', report: report({}), summary: summary({ pesChip: 535, latencySteps: 623, latencyNs: 498_400 }) },
  {
    duplication: 'optimal',
    report: report({ candidatesEvaluated: 25, candidatesSkipped: 69 }),
    summary: summary({ dup: 'optimal', pesChip: 535, latencySteps: 623, latencyNs: 498_400 }),
  },
]

/** Types `value` as the target and asks for a plan. */
async function plan(wrapper: ReturnType<typeof mountApp>['wrapper'], value: string): Promise<void> {
  await wrapper.find('[data-test=target-value] input').setValue(value)
  await settle()
  await wrapper.find('[data-test=target-plan]').trigger('click')
  await settle()
}

describe('TargetPlanner in run setup', () => {
  beforeEach(() => {
    handleRunSetup(api)
    api.handle('targets.plan', ANSWERS)
  })

  it('asks for the frame rate with the set-up run, shows each strategy side by side, and runs an answer on its chip', async () => {
    const { wrapper } = mountApp(RunSetupView)
    await settle()
    await plan(wrapper, '2000')
    const run = zooRun('tinyyolov4')
    expect(api.requests('targets.plan')).toEqual([{ planId: expect.any(String), run, target: { fps: 2000 } }])
    expect(wrapper.find('[data-test=target-progress]').exists()).toBe(false)
    expect(wrapper.find('[data-test=target-answers]').text()).toContain('Target 2,000 inferences/s')
    const greedy = wrapper.find('[data-test=target-answer-greedy]').text()
    expect(greedy).toContain('535 PEs')
    expect(greedy).toContain('623 steps')
    expect(greedy).toContain('one PE fewer, 534 PEs: 628 steps')
    const none = wrapper.find('[data-test=target-answer-none]').text()
    expect(none).toContain('Unreachable')
    expect(none).toContain('bounded by the strategy')
    expect(none).toContain('best chip scheduled, 117 PEs')
    expect(wrapper.find('[data-test=target-run-none]').exists()).toBe(false)
    await wrapper.find('[data-test=target-run-optimal]').trigger('click')
    await settle()
    expect(api.requests('runs.start')).toEqual([{ run: { ...run, duplication: 'optimal', chip: { pes: 535 } } }])
  })

  it('a latency in ms becomes nanoseconds; without a value there is no request', async () => {
    const { wrapper } = mountApp(RunSetupView)
    await settle()
    await wrapper.find('[data-test=target-latency]').trigger('click')
    await settle()
    await plan(wrapper, '2')
    expect(api.requests('targets.plan').map((r) => r.target)).toEqual([{ latencyNs: 2e6 }])
    await wrapper.find('[data-test=target-value] input').setValue('')
    await settle()
    expect(wrapper.find('[data-test=target-plan]').attributes('disabled')).toBeDefined()
  })

  it('while main searches: the progress of each strategy from target.progress, and Cancel stops the search without an error', async () => {
    let fail: (e: Error) => void = () => {}
    api.handle('targets.plan', () => new Promise<TargetAnswer[]>((_, reject) => (fail = reject)))
    api.handle('targets.cancel', () => fail(new api.ApiError('the target search was cancelled', 'CANCELLED')))
    const { wrapper } = mountApp(RunSetupView)
    await settle()
    await plan(wrapper, '40000')
    const [{ planId }] = api.requests('targets.plan')
    expect(wrapper.find('[data-test=target-progress]').text()).toBe('Searching…')
    expect(wrapper.find('[data-test=target-plan]').attributes('disabled')).toBeDefined()
    const search = { candidatesEvaluated: 1248, candidatesSkipped: 3301, pes: 9876 }
    api.emit('target.progress', { planId: 'another-plan', strategies: [] })
    api.emit('target.progress', {
      planId,
      strategies: [
        { duplication: 'none', state: 'done', search: null },
        { duplication: 'greedy', state: 'searching', search },
        { duplication: 'optimal', state: 'queued', search: null },
      ],
    })
    await settle()
    expect(wrapper.find('[data-test=target-progress-none]').text()).toBe('None answered')
    expect(wrapper.find('[data-test=target-progress-greedy]').text()).toBe('Greedy 1,248 chips scheduled, 3,301 skipped, at 9,876 PEs')
    expect(wrapper.find('[data-test=target-progress-optimal]').text()).toBe('Min-max waiting for a worker')
    await wrapper.find('[data-test=target-cancel]').trigger('click')
    await settle()
    expect(api.requests('targets.cancel')).toEqual([{ planId }])
    expect(wrapper.find('[data-test=target-progress]').exists()).toBe(false)
    expect(wrapper.find('[data-test=target-cancel]').exists()).toBe(false)
    expect(wrapper.find('[data-test=target-answers]').exists()).toBe(false)
    expect(document.body.textContent).toContain('Target search cancelled')
    expect(document.body.textContent).not.toContain('(CANCELLED)')
  })
})
