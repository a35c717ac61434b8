// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import type { ExperimentRecord } from '../../../src/shared/ipc'
import { useExperimentsStore } from '../../../src/renderer/src/stores/experiments'
import { freshStoresEachTest } from '../helpers/stores'

const api = await vi.hoisted(async () => (await import('../helpers/api')).createApiMock())
vi.mock('../../../src/renderer/src/api', () => api.module)

const experiment = (id: number, over: Partial<ExperimentRecord> = {}): ExperimentRecord => ({
  id,
  name: `e${id}`,
  notes: '',
  tags: [],
  grid: null,
  createdAt: '2026-01-01T00:00:00Z',
  runs: 1,
  runsDone: 1,
  runsInterrupted: 0,
  bestSpeedup: 2,
  ...over,
})

describe('experiments store', () => {
  freshStoresEachTest(api)

  it('lists with the search text and tag, knows the tags and the sweeps', async () => {
    api.handle('experiments.list', [experiment(1, { tags: ['paper', 'b'] }), experiment(2, { tags: ['paper'], grid: { extraPes: [0] } })])
    const store = useExperimentsStore()
    store.text = 'yolo'
    store.tag = 'paper'
    await store.load()
    expect(api.requests('experiments.list')).toEqual([{ text: 'yolo', tag: 'paper' }])
    expect(store.tags).toEqual(['b', 'paper'])
    expect(store.sweeps.map((e) => e.id)).toEqual([2])
  })

  it('renames, tags, annotates and deletes', async () => {
    api.handle('experiments.list', [experiment(1)])
    for (const m of ['experiments.rename', 'experiments.setTags', 'experiments.setNotes', 'experiments.delete'] as const) api.handle(m, undefined)
    const store = useExperimentsStore()
    await store.load()
    await store.rename(1, 'TinyYOLOv4 sweep')
    await store.setTags(1, ['paper'])
    await store.setNotes(1, 'figure 5')
    expect(store.items[0]).toMatchObject({ name: 'TinyYOLOv4 sweep', tags: ['paper'], notes: 'figure 5' })
    await store.remove(1)
    expect(store.items).toEqual([])
    expect(api.requests('experiments.rename')).toEqual([{ id: 1, name: 'TinyYOLOv4 sweep' }])
  })

  it('imports a document and lists it', async () => {
    api.handle('experiments.import', experiment(9))
    api.handle('experiments.list', [experiment(9)])
    const store = useExperimentsStore()
    expect((await store.importJson('{"format":"x"}')).id).toBe(9)
    expect(api.requests('experiments.import')).toEqual([{ json: '{"format":"x"}' }])
    expect(store.items.map((e) => e.id)).toEqual([9])
  })
})
