// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { NetworkInfo, ZooModel } from '../../../src/shared/ipc'
import NetworkPicker from '../../../src/renderer/src/components/setup/NetworkPicker.vue'
import { useNetworksStore } from '../../../src/renderer/src/stores/networks'
import { mountApp, settle } from '../helpers/mount'
import { TINYYOLOV4 } from '../fixtures/zoo'

const api = await vi.hoisted(async () => (await import('../helpers/api')).createApiMock())
vi.mock('../../../src/renderer/src/api', () => api.module)

const ZOO: ZooModel[] = [TINYYOLOV4]
const imported = (id: number, kind: NetworkInfo['source']['kind'] = 'onnx'): NetworkInfo => ({
  id,
  name: 'squeezenet',
  input: { c: 3, h: 224, w: 224 },
  source: { kind },
  layers: 38,
  mvmLayers: 26,
  params: 1_240_000,
  macs: 349_000_000,
  notes: ['folded 39 constant nodes'],
})

async function pick(input: HTMLInputElement, file: File) {
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  input.dispatchEvent(new Event('change'))
  await settle(10)
}

describe('NetworkPicker', () => {
  beforeEach(() => {
    api.reset()
    api.handle('zoo.list', ZOO)
    api.handle('networks.list', [imported(1, 'zoo'), imported(2)])
    api.handle('networks.import', () => imported(3))
  })

  it('describes the zoo network with its size and lists only imported files', async () => {
    const { wrapper } = mountApp(NetworkPicker, { setup: true })
    await useNetworksStore().load()
    await settle()
    expect(wrapper.text()).toContain('35 layers · 21 MVM layers · 6.05 M parameters · 3.45 G MACs')
    expect(useNetworksStore().imported.map((n) => n.id)).toEqual([2])
  })

  it('imports a picked file with the input shape, selects it and shows the importer notes', async () => {
    const { wrapper, setup } = mountApp(NetworkPicker, { setup: true })
    await useNetworksStore().load()
    await wrapper.find('#input-shape').setValue('1x3x224x224')
    await pick(wrapper.find('[data-test=network-file]').element as HTMLInputElement, new File([new Uint8Array([8, 1, 2])], 'squeezenet.onnx'))
    expect(api.requests('networks.import')).toEqual([{ fileName: 'squeezenet.onnx', dataBase64: 'CAEC', input: [1, 3, 224, 224] }])
    expect(setup!.draft).toMatchObject({ networkSource: 'imported', networkId: 3 })
    expect(wrapper.find('[data-test=importer-notes]').text()).toContain('folded 39 constant nodes')
  })

  it('shows why an import failed, and refuses a bad input shape', async () => {
    api.handle('networks.import', () => {
      throw new api.ApiError('input has dynamic dims: give --input', 'IMPORT_FAILED')
    })
    const { wrapper } = mountApp(NetworkPicker, { setup: true })
    await pick(wrapper.find('[data-test=network-file]').element as HTMLInputElement, new File(['x'], 'dynamic.onnx'))
    expect(wrapper.find('[data-test=import-error]').text()).toBe('input has dynamic dims: give --input')
    await wrapper.find('#input-shape').setValue('224')
    await settle()
    expect(wrapper.text()).toContain('Input shape: give 2 to 4 dimensions, e.g. 1x3x224x224')
  })

  it("edits the input size and shows each field's own error under it", async () => {
    const { wrapper, setup } = mountApp(NetworkPicker, { setup: true })
    await useNetworksStore().load()
    await settle()
    expect(wrapper.find('[data-test=input-w] input').attributes('placeholder')).toBe('416')
    await wrapper.find('[data-test=input-h] input').setValue('100')
    await wrapper.find('[data-test=input-h] input').trigger('blur')
    await settle()
    expect(setup!.draft).toMatchObject({ inputH: 100, inputW: null })
    expect(wrapper.find('[data-test=input-h] .n-form-item-feedback').text()).toBe('tinyyolov4 needs a multiple of 32 (e.g. 96 or 128)')
    expect(wrapper.find('[data-test=input-w] .n-form-item-feedback').text()).toBe("required with the height (or clear both for the network's default)")
  })
})
