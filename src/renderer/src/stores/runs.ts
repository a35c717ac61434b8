/**
 * Runs in the history. The listing is sorted and filtered in main and fetched page by page as the
 * table scrolls (smooth with tens of thousands of runs); full results are fetched per run.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { RunSummary } from '../../../shared/experiment'
import type { RequestOf, RunDetail, RunListItem } from '../../../shared/ipc'
import { call, on, onResync } from '../api'
import { atMostEvery } from './at-most'

type ListRequest = RequestOf<'runs.list'>
export type RunFilter = NonNullable<ListRequest['filter']>
export type RunSortKey = NonNullable<ListRequest['sort']>

export const PAGE_SIZE = 200
/** A listed run with its result's summary (a sweep's finished runs; each is a SweepRun of the trade-off charts). */
export type DoneRun = RunListItem & { summary: RunSummary }
const DETAILS_KEPT = 24
/** Rows per request when the whole listing is exported (runs.list takes at most 20,000). */
const EXPORT_PAGE = 5_000

export const useRunsStore = defineStore('runs', () => {
  const filter = ref<RunFilter>({})
  const sort = ref<RunSortKey>('id')
  const desc = ref(true)
  const total = ref(0)
  const pages = shallowRef(new Map<number, RunListItem[]>())
  const selected = ref<number[]>([])
  const loading = new Set<number>()
  let generation = 0

  function fetchPage(page: number) {
    return call('runs.list', { filter: filter.value, sort: sort.value, desc: desc.value, limit: PAGE_SIZE, offset: page * PAGE_SIZE })
  }

  function storePage(page: number, rows: RunListItem[]) {
    const next = new Map(pages.value)
    next.set(page, rows)
    pages.value = next
  }

  /** The row at a position of the current listing, undefined until its page arrives. */
  function rowAt(index: number): RunListItem | undefined {
    return pages.value.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE]
  }

  /** Fetches the pages covering rows [start, end) that are not loaded yet. */
  async function ensure(start: number, end: number) {
    const gen = generation
    const wanted: number[] = []
    for (let p = Math.floor(start / PAGE_SIZE); p <= Math.floor(Math.max(start, end - 1) / PAGE_SIZE); p++)
      if (!pages.value.has(p) && !loading.has(p)) wanted.push(p)
    await Promise.all(
      wanted.map(async (p) => {
        loading.add(p)
        try {
          const res = await fetchPage(p)
          if (gen !== generation) return
          total.value = res.total
          storePage(p, res.rows)
        } finally {
          loading.delete(p)
        }
      }),
    )
  }

  /** Starts the listing again from the first page (after a change of filter or sort). */
  async function reload() {
    generation++
    loading.clear()
    pages.value = new Map()
    await ensure(0, PAGE_SIZE)
  }

  /** Fetches the loaded pages again and swaps them in at once (new runs, no flicker). */
  async function refresh() {
    const gen = ++generation
    const loaded = [...pages.value.keys()]
    const fresh = await Promise.all((loaded.length ? loaded : [0]).map(async (p) => [p, await fetchPage(p)] as const))
    if (gen !== generation) return
    pages.value = new Map(fresh.map(([p, res]) => [p, res.rows]))
    total.value = fresh[0]?.[1].total ?? 0
  }

  function setFilter(f: RunFilter) {
    filter.value = f
    return reload()
  }

  /** Sorts by a column: a new column sorts descending first, the same column flips the order. */
  function sortBy(key: RunSortKey) {
    desc.value = key === sort.value ? !desc.value : true
    sort.value = key
    return reload()
  }

  const selectedSet = computed(() => new Set(selected.value))

  function toggle(id: number) {
    selected.value = selectedSet.value.has(id) ? selected.value.filter((x) => x !== id) : [...selected.value, id]
  }

  /** Selects the loaded rows between two positions (shift-click). */
  function selectRange(from: number, to: number) {
    const ids = new Set(selected.value)
    for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
      const row = rowAt(i)
      if (row) ids.add(row.id)
    }
    selected.value = [...ids]
  }

  function clearSelection() {
    selected.value = []
  }

  async function remove(ids: number[]) {
    await call('runs.delete', { ids })
    selected.value = selected.value.filter((id) => !ids.includes(id))
    for (const id of ids) details.delete(id)
    await refresh()
  }

  /** Every run of the current listing (filter and sort), fetched EXPORT_PAGE at a time: what the history CSV holds. */
  async function listAll(): Promise<RunListItem[]> {
    const rows: RunListItem[] = []
    for (;;) {
      const res = await call('runs.list', { filter: filter.value, sort: sort.value, desc: desc.value, limit: EXPORT_PAGE, offset: rows.length })
      rows.push(...res.rows)
      if (res.rows.length < EXPORT_PAGE || rows.length >= res.total) return rows
    }
  }

  /** The finished runs of a sweep, for its trade-off charts. */
  async function sweepRuns(experimentId: number): Promise<DoneRun[]> {
    const res = await call('runs.list', { filter: { experimentId, status: 'done' }, sort: 'id', desc: false, limit: 20_000, offset: 0 })
    return res.rows.filter((r): r is RunListItem & { summary: RunSummary } => r.summary !== null)
  }

  const details = new Map<number, RunDetail>()

  /** A run with its full result; finished runs are kept, as they never change. */
  async function detail(id: number): Promise<RunDetail> {
    const kept = details.get(id)
    if (kept) return kept
    const d = await call('runs.get', { id })
    if (d.run.status === 'done' || d.run.status === 'failed' || d.run.status === 'cancelled') {
      details.set(id, d)
      if (details.size > DETAILS_KEPT) details.delete(details.keys().next().value!)
    }
    return d
  }

  /** Runs change status as jobs store them: refresh at most twice a second. */
  const refreshSoon = atMostEvery(500, refresh)
  /** The run whose result was stored last (views showing a pending run watch it). */
  const lastSaved = ref<number | null>(null)
  on('run.saved', (e) => {
    lastSaved.value = e.runId
    refreshSoon()
  })
  on('job.finished', refreshSoon)
  onResync(refreshSoon)

  return {
    filter,
    sort,
    desc,
    total,
    pages,
    selected,
    selectedSet,
    lastSaved,
    rowAt,
    ensure,
    reload,
    refresh,
    setFilter,
    sortBy,
    toggle,
    selectRange,
    clearSelection,
    remove,
    detail,
    sweepRuns,
    listAll,
  }
})
