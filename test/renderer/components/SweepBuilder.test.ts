// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import SweepBuilder from '../../../src/renderer/src/components/setup/SweepBuilder.vue'
import { job } from '../fixtures/records'
import { useNetworksStore } from '../../../src/renderer/src/stores/networks'
import type { ZooModel } from '../../../src/shared/ipc'
import { mountApp, settle } from '../helpers/mount'

const api = await vi.hoisted(async () => (await import('../helpers/api')).createApiMock())
vi.mock('../../../src/renderer/src/api', () => api.module)

describe('SweepBuilder', () => {
  beforeEach(() => {
    api.reset()
    api.handle('sweeps.start', ({ name }) => job({ kind: 'sweep', label: name, runsTotal: 8 }))
  })

  it('counts the runs of the grid and starts the sweep over the run set up above', async () => {
    const { wrapper } = mountApp(SweepBuilder, { setup: true })
    await wrapper.find('[data-test=sweep-extra-pes] input').setValue('0, 32')
    await wrapper.find('[data-test=sweep-name] input').setValue('trade-off')
    await settle()
    expect(wrapper.find('[data-test=sweep-count]').text()).toBe('8 runs')
    await wrapper.find('[data-test=sweep-start]').trigger('click')
    await settle()
    expect(api.requests('sweeps.start')).toEqual([
      {
        name: 'trade-off',
        base: expect.objectContaining({ network: { zoo: 'tinyyolov4' }, arch: { preset: 'clsa-cim' } }),
        grid: { extraPes: [0, 32], duplication: ['none', 'greedy'], schedule: ['layer-by-layer', 'clsa'] },
      },
    ])
  })

  it('sweeps over the zoo networks checked, each at its default input size', async () => {
    const { wrapper } = mountApp(SweepBuilder, { setup: true })
    useNetworksStore().zoo = ['lenet5', 'alexnet', 'vgg16'].map((name) => ({ name, description: name }) as ZooModel)
    await settle()
    await wrapper.find('[data-test=sweep-extra-pes] input').setValue('0')
    await wrapper.find('[data-test=sweep-model-lenet5]').trigger('click')
    await wrapper.find('[data-test=sweep-model-vgg16]').trigger('click')
    await settle()
    expect(wrapper.find('[data-test=sweep-count]').text()).toBe('8 runs') // 1 extra-PE count x 2 strategies x 2 schedules x 2 networks
    await wrapper.find('[data-test=sweep-start]').trigger('click')
    await settle()
    expect(api.requests('sweeps.start')[0].grid).toEqual({
      extraPes: [0],
      duplication: ['none', 'greedy'],
      schedule: ['layer-by-layer', 'clsa'],
      models: ['lenet5', 'vgg16'],
    })
  })

  it('says what is wrong with the extra PEs list and does not start', async () => {
    const { wrapper } = mountApp(SweepBuilder, { setup: true })
    await wrapper.find('[data-test=sweep-extra-pes] input').setValue('0, 1x')
    await settle()
    expect(wrapper.text()).toContain('extra PEs: "1x" is not a whole number in 0..10000000')
    expect(wrapper.find('[data-test=sweep-start]').attributes('disabled')).toBeDefined()
  })
})
