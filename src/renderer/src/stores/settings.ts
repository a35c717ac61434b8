/** The user's display preferences, kept in localStorage. */
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'

interface Settings {
  /** The layer Gantts also draw digital (GPEU) layers, which hold no PEs. */
  ganttDigitalLayers: boolean
}

const KEY = 'cim-settings'
const DEFAULTS: Settings = { ganttDigitalLayers: false }

function stored(): Settings {
  try {
    return { ...DEFAULTS, ...(JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Settings>) }
  } catch {
    return { ...DEFAULTS }
  }
}

export const useSettingsStore = defineStore('settings', () => {
  const ganttDigitalLayers = ref(stored().ganttDigitalLayers)
  watch(ganttDigitalLayers, () => localStorage.setItem(KEY, JSON.stringify({ ganttDigitalLayers: ganttDigitalLayers.value })))
  return { ganttDigitalLayers }
})
