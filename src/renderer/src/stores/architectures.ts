/** Chips a run can use: the named presets, the architectures the user saved and, listed apart, the chips of past runs. */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Architecture } from '../../../shared/experiment'
import type { FieldError, SavedArchitecture } from '../../../shared/ipc'
import { call } from '../api'

export const useArchitecturesStore = defineStore('architectures', () => {
  const presets = ref<Architecture[]>([])
  /** Every stored architecture: saved by the user or stored by a run for itself. */
  const stored = ref<SavedArchitecture[]>([])
  const saved = computed(() => stored.value.filter((s) => s.saved))
  const ofRuns = computed(() => stored.value.filter((s) => !s.saved))

  async function load() {
    ;[presets.value, stored.value] = await Promise.all([call('architectures.presets', {}), call('architectures.list', {})])
  }

  /** The field errors main finds in a candidate architecture (empty when valid). */
  function validate(architecture: Architecture): Promise<FieldError[]> {
    return call('architectures.validate', { architecture })
  }

  async function save(architecture: Architecture): Promise<SavedArchitecture> {
    const s = await call('architectures.save', { architecture: { ...architecture } })
    stored.value = [...stored.value.filter((x) => x.id !== s.id), s]
    return s
  }

  return { presets, stored, saved, ofRuns, load, validate, save }
})
