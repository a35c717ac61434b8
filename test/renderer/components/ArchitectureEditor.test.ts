// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import ArchitectureEditor from '../../../src/renderer/src/components/setup/ArchitectureEditor.vue'
import { useArchitecturesStore } from '../../../src/renderer/src/stores/architectures'
import { PRESET } from '../fixtures/architecture'
import { mountApp, settle } from '../helpers/mount'

const api = await vi.hoisted(async () => (await import('../helpers/api')).createApiMock())
vi.mock('../../../src/renderer/src/api', () => api.module)

describe('ArchitectureEditor', () => {
  beforeEach(() => {
    api.reset()
    api.handle('architectures.presets', [PRESET])
    api.handle('architectures.list', [])
    api.handle('architectures.validate', ({ architecture }) => {
      const a = architecture as typeof PRESET
      return typeof a.crossbarRows === 'number' && a.crossbarRows >= 2
        ? []
        : [{ field: 'crossbarRows', value: a.crossbarRows, message: 'must be an integer in 2..8192 rows' }]
    })
    api.handle('architectures.save', ({ architecture }) => ({ id: 5, saved: true, architecture: architecture as typeof PRESET }))
  })

  async function editing() {
    const mounted = mountApp(ArchitectureEditor, { setup: true })
    await useArchitecturesStore().load()
    await settle()
    await mounted.wrapper.find('[data-test=arch-edit]').trigger('click')
    await settle(250)
    return mounted
  }

  it('counts only the chips the user saved as saved; the chips of past runs are kept apart', async () => {
    api.handle('architectures.list', [
      { id: 1, saved: false, architecture: { ...PRESET, chipPes: 181 } },
      { id: 2, saved: true, architecture: { ...PRESET, name: 'mine' } },
      { id: 3, saved: false, architecture: { ...PRESET, chipPes: 245 } },
    ])
    const { wrapper } = mountApp(ArchitectureEditor, { setup: true })
    const archs = useArchitecturesStore()
    await archs.load()
    await settle()
    expect(wrapper.find('[data-test=arch-saved]').text()).toBe('Saved (1)')
    expect(archs.saved.map((s) => s.id)).toEqual([2])
    expect(archs.ofRuns.map((s) => s.id)).toEqual([1, 3])
    await archs.save({ ...PRESET, chipPes: 181 }) // saving a run's chip (main answers id 5 here) lists it as saved
    await settle()
    expect(wrapper.find('[data-test=arch-saved]').text()).toBe('Saved (2)')
  })

  it('summarizes the chosen preset', async () => {
    const { wrapper } = mountApp(ArchitectureEditor, { setup: true })
    await useArchitecturesStore().load()
    await settle()
    expect(wrapper.text()).toContain('256×256 crossbars · 8-bit cells · 8-bit weights · MVM 800 ns · 16 PEs/tile · chip: network minimum + 64 PEs')
  })

  it("edits a copy of the preset and shows main's message under a bad field", async () => {
    const { wrapper, setup } = await editing()
    expect(setup!.draft.archSource).toBe('edited')
    expect(setup!.draft.architecture).toEqual(PRESET)
    await wrapper.find('[data-field=crossbarRows] input').setValue('1')
    await settle(250)
    const item = wrapper.findAll('.n-form-item').find((f) => f.find('[data-field=crossbarRows]').exists())!
    expect(item.text()).toContain('must be an integer in 2..8192 rows')
    expect(wrapper.find('[data-test=arch-invalid]').text()).toBe('1 field to fix')
    expect(wrapper.find('[data-test=arch-save]').attributes('disabled')).toBeDefined()
    expect(setup!.archErrors.value).toHaveLength(1)
  })

  it('saves a valid architecture and selects it', async () => {
    const { wrapper, setup } = await editing()
    await wrapper.find('[data-field=crossbarRows] input').setValue('128')
    await settle(250)
    expect(wrapper.text()).toContain('Valid architecture')
    await wrapper.find('[data-test=arch-save]').trigger('click')
    await settle()
    expect((api.requests('architectures.save')[0].architecture as typeof PRESET).crossbarRows).toBe(128)
    expect(setup!.draft).toMatchObject({ archSource: 'saved', architectureId: 5 })
  })
})
