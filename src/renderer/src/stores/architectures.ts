/** Chips a run can use: the named presets and the architectures the user saved. */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Architecture } from '../../../shared/experiment'
import type { FieldError, SavedArchitecture } from '../../../shared/ipc'
import { call } from '../api'

export const useArchitecturesStore = defineStore('architectures', () => {
  const presets = ref<Architecture[]>([])
  const saved = ref<SavedArchitecture[]>([])

  async function load() {
    ;[presets.value, saved.value] = await Promise.all([call('architectures.presets', {}), call('architectures.list', {})])
  }

  /** The field errors main finds in a candidate architecture (empty when valid). */
  function validate(architecture: Architecture): Promise<FieldError[]> {
    return call('architectures.validate', { architecture })
  }

  async function save(architecture: Architecture): Promise<SavedArchitecture> {
    const s = await call('architectures.save', { architecture: { ...architecture } })
    saved.value = [...saved.value.filter((x) => x.id !== s.id), s]
    return s
  }

  return { presets, saved, load, validate, save }
})
