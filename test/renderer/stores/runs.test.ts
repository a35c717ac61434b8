// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { PAGE_SIZE, useRunsStore } from '../../../src/renderer/src/stores/runs'
import { listing, runItem } from '../fixtures/records'
import { freshStoresEachTest } from '../helpers/stores'

const api = await vi.hoisted(async () => (await import('../helpers/api')).createApiMock())
vi.mock('../../../src/renderer/src/api', () => api.module)

describe('runs store', () => {
  freshStoresEachTest(api)

  it('fetches the listing page by page as rows come into view', async () => {
    api.handle('runs.list', listing(10_000))
    const runs = useRunsStore()
    await runs.reload()
    expect(runs.total).toBe(10_000)
    expect(runs.rowAt(0)?.id).toBe(10_000)
    expect(runs.rowAt(PAGE_SIZE)).toBeUndefined()
    await runs.ensure(5000, 5040)
    expect(runs.rowAt(5000)?.id).toBe(5000)
    expect(api.requests('runs.list').map((r) => r.offset)).toEqual([0, 5000 - (5000 % PAGE_SIZE)])
    await runs.ensure(5010, 5020) // already loaded: no request
    expect(api.requests('runs.list')).toHaveLength(2)
  })

  it('exports the whole filtered, sorted listing in pages of 5,000, not only the rows loaded for the table', async () => {
    api.handle('runs.list', listing(12_001))
    const runs = useRunsStore()
    await runs.setFilter({ network: 'tinyyolov4' })
    const rows = await runs.listAll()
    expect(rows).toHaveLength(12_001)
    expect(rows[0].id).toBe(12_001)
    expect(rows[12_000].id).toBe(1)
    const exports = api.requests('runs.list').slice(1)
    expect(exports.map((r) => [r.offset, r.limit])).toEqual([
      [0, 5000],
      [5000, 5000],
      [10_000, 5000],
    ])
    for (const r of exports) expect(r).toMatchObject({ filter: { network: 'tinyyolov4' }, sort: 'id', desc: true })
  })

  it('sorts in main: a new column descending first, the same column flips', async () => {
    api.handle('runs.list', listing(3))
    const runs = useRunsStore()
    await runs.sortBy('speedupVsBaseline')
    await runs.sortBy('speedupVsBaseline')
    await runs.sortBy('latencySteps')
    expect(api.requests('runs.list').map((r) => [r.sort, r.desc])).toEqual([
      ['speedupVsBaseline', true],
      ['speedupVsBaseline', false],
      ['latencySteps', true],
    ])
  })

  it('filters, selects ranges and deletes the selection', async () => {
    api.handle('runs.list', listing(10))
    api.handle('runs.delete', undefined)
    const runs = useRunsStore()
    await runs.setFilter({ schedule: 'clsa', tag: 'paper' })
    expect(api.requests('runs.list')[0].filter).toEqual({ schedule: 'clsa', tag: 'paper' })
    runs.selectRange(1, 3)
    expect(runs.selected).toEqual([9, 8, 7])
    runs.toggle(8)
    expect(runs.selected).toEqual([9, 7])
    await runs.remove(runs.selected)
    expect(api.requests('runs.delete')).toEqual([{ ids: [9, 7] }])
    expect(runs.selected).toEqual([])
  })

  it("keeps finished runs' results and lists the done runs of a sweep", async () => {
    api.handle('runs.get', ({ id }) => ({
      run: { ...runItem(id), startedAt: null, finishedAt: null, spec: {} as never, programVersion: '0.1.0', inputHash: null, timingsMs: null },
      result: null,
    }))
    api.handle('runs.list', { total: 2, rows: [runItem(1), runItem(2, { summary: null, status: 'failed' })] })
    const runs = useRunsStore()
    await runs.detail(4)
    await runs.detail(4)
    expect(api.requests('runs.get')).toHaveLength(1)
    expect((await runs.sweepRuns(5)).map((r) => r.id)).toEqual([1])
    expect(api.requests('runs.list')[0]).toMatchObject({ filter: { experimentId: 5, status: 'done' }, limit: 20_000 })
  })

  it('refreshes the loaded pages when runs are stored', async () => {
    vi.useFakeTimers()
    api.handle('runs.list', listing(3))
    const runs = useRunsStore()
    await runs.reload()
    api.handle('runs.list', listing(4))
    api.emit('run.saved', { runId: 4, experimentId: 1, summary: runItem(4).summary! })
    api.emit('run.saved', { runId: 5, experimentId: 1, summary: runItem(5).summary! })
    expect(runs.lastSaved).toBe(5)
    await vi.advanceTimersByTimeAsync(600)
    vi.useRealTimers()
    expect(api.requests('runs.list')).toHaveLength(2) // one refresh for both events
    expect(runs.total).toBe(4)
  })
})
