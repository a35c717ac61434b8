/** The user's display preferences, kept in localStorage: Gantt digital layers and the colour theme. */
import { defineStore } from 'pinia'
import { computed, reactive, ref, watch } from 'vue'

/** The colour theme chosen: follow the system setting, or always light or dark. */
export type ThemePreference = 'system' | 'light' | 'dark'
export const THEME_PREFERENCES: ThemePreference[] = ['system', 'light', 'dark']

interface Settings {
  /** The layer Gantts also draw digital (GPEU) layers, which hold no PEs. */
  ganttDigitalLayers: boolean
  theme: ThemePreference
}

const KEY = 'cim-settings'
const DEFAULTS: Settings = { ganttDigitalLayers: false, theme: 'system' }

function stored(): Settings {
  try {
    const saved = { ...DEFAULTS, ...(JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Settings>) }
    return { ganttDigitalLayers: saved.ganttDigitalLayers === true, theme: THEME_PREFERENCES.includes(saved.theme) ? saved.theme : DEFAULTS.theme }
  } catch {
    return { ...DEFAULTS }
  }
}

/** The system's dark-mode query (absent outside a browser). */
function darkQuery(): MediaQueryList | null {
  return typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null
}

export const useSettingsStore = defineStore('settings', () => {
  const initial = stored()
  const ganttDigitalLayers = ref(initial.ganttDigitalLayers)
  const theme = ref<ThemePreference>(initial.theme)
  const system = reactive({ dark: darkQuery()?.matches ?? false })
  darkQuery()?.addEventListener('change', (e) => (system.dark = e.matches))

  /** Whether the dark theme is shown now (the preference, or the system's when it follows the system). */
  const dark = computed(() => (theme.value === 'system' ? system.dark : theme.value === 'dark'))

  /** Switches between light and dark (leaving "follow the system"). */
  function toggleTheme() {
    theme.value = dark.value ? 'light' : 'dark'
  }

  watch([ganttDigitalLayers, theme], () => localStorage.setItem(KEY, JSON.stringify({ ganttDigitalLayers: ganttDigitalLayers.value, theme: theme.value })))
  return { ganttDigitalLayers, theme, dark, toggleTheme }
})
