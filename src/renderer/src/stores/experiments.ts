/** Experiments in the history: named groups of runs (a sweep keeps its grid), with notes and tags. */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ExperimentRecord } from '../../../shared/ipc'
import { call, on, onResync } from '../api'
import { atMostEvery } from './at-most'

export const useExperimentsStore = defineStore('experiments', () => {
  const items = ref<ExperimentRecord[]>([])
  const text = ref('')
  const tag = ref<string | null>(null)
  /** Every tag in use, for the tag filter. */
  const tags = computed(() => [...new Set(items.value.flatMap((e) => e.tags))].sort())
  const sweeps = computed(() => items.value.filter((e) => e.grid !== null))
  let loads = 0

  async function load() {
    const n = ++loads
    const list = await call('experiments.list', { ...(text.value ? { text: text.value } : {}), ...(tag.value ? { tag: tag.value } : {}) })
    if (n === loads) items.value = list
  }

  function patch(id: number, change: Partial<ExperimentRecord>) {
    items.value = items.value.map((e) => (e.id === id ? { ...e, ...change } : e))
  }

  async function rename(id: number, name: string) {
    await call('experiments.rename', { id, name })
    patch(id, { name })
  }

  async function setNotes(id: number, notes: string) {
    await call('experiments.setNotes', { id, notes })
    patch(id, { notes })
  }

  async function setTags(id: number, tags: string[]) {
    await call('experiments.setTags', { id, tags })
    patch(id, { tags })
  }

  async function remove(id: number) {
    await call('experiments.delete', { id })
    items.value = items.value.filter((e) => e.id !== id)
  }

  /** The experiment as a JSON document: { fileName, json }. */
  function exportJson(id: number) {
    return call('experiments.export', { id })
  }

  async function importJson(json: string): Promise<ExperimentRecord> {
    const e = await call('experiments.import', { json })
    await load()
    return e
  }

  /** Run counts change as runs finish: reload at most twice a second. */
  const loadSoon = atMostEvery(500, load)
  on('run.saved', loadSoon)
  onResync(loadSoon)

  return { items, text, tag, tags, sweeps, load, rename, setNotes, setTags, remove, exportJson, importJson }
})
