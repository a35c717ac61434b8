// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ExperimentRecord } from '../../../src/shared/ipc'
import ExperimentEditor from '../../../src/renderer/src/components/history/ExperimentEditor.vue'
import { mountApp, settle } from '../helpers/mount'

const api = await vi.hoisted(async () => (await import('../helpers/api')).createApiMock())
vi.mock('../../../src/renderer/src/api', () => api.module)

const experiment: ExperimentRecord = {
  id: 3,
  name: 'TinyYOLOv4 sweep',
  notes: '',
  tags: ['draft'],
  grid: null,
  createdAt: '2026-01-01T00:00:00Z',
  runs: 12,
  runsDone: 12,
  runsInterrupted: 0,
  bestSpeedup: 35.7,
}

/** Types text into the field a selector finds (an input or a textarea), as a user does. */
function typeInto(selector: string, text: string) {
  const field = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector)!
  field.value = text
  field.dispatchEvent(new Event('input'))
}

describe('ExperimentEditor', () => {
  beforeEach(() => {
    api.reset()
    for (const m of ['experiments.rename', 'experiments.setTags', 'experiments.setNotes'] as const) api.handle(m, undefined)
  })

  it('renames and annotates, sending only what changed', async () => {
    mountApp(ExperimentEditor, { props: { experiment } })
    await settle()
    typeInto('[data-test=experiment-rename] input', 'Figure 5 sweep')
    typeInto('.n-modal textarea', 'CLSA-CIM + greedy against layer-by-layer')
    await settle()
    document.querySelector<HTMLButtonElement>('[data-test=experiment-save]')!.click()
    await settle()
    expect(api.requests('experiments.rename')).toEqual([{ id: 3, name: 'Figure 5 sweep' }])
    expect(api.requests('experiments.setNotes')).toEqual([{ id: 3, notes: 'CLSA-CIM + greedy against layer-by-layer' }])
    expect(api.requests('experiments.setTags')).toEqual([])
  })

  it('refuses an empty name', async () => {
    mountApp(ExperimentEditor, { props: { experiment } })
    await settle()
    typeInto('[data-test=experiment-rename] input', '  ')
    await settle()
    expect(document.querySelector('.n-modal')!.textContent).toContain('must not be empty')
    expect(document.querySelector<HTMLButtonElement>('[data-test=experiment-save]')!.disabled).toBe(true)
  })
})
