// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import { useSettingsStore } from '../../../src/renderer/src/stores/settings'

describe('settings store: theme', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
  })

  it('follows the system by default and switches light and dark, remembering the choice', async () => {
    const s = useSettingsStore()
    expect(s.theme).toBe('system')
    const systemDark = matchMedia('(prefers-color-scheme: dark)').matches
    expect(s.dark).toBe(systemDark)
    s.toggleTheme()
    expect(s.theme).toBe(systemDark ? 'light' : 'dark')
    expect(s.dark).toBe(!systemDark)
    await nextTick()
    expect(JSON.parse(localStorage.getItem('cim-settings')!)).toEqual({ ganttDigitalLayers: false, theme: s.theme })
    setActivePinia(createPinia())
    expect(useSettingsStore().theme).toBe(s.theme)
  })

  it('ignores a stored theme it does not know', () => {
    localStorage.setItem('cim-settings', JSON.stringify({ theme: 'purple', ganttDigitalLayers: true }))
    const s = useSettingsStore()
    expect(s.theme).toBe('system')
    expect(s.ganttDigitalLayers).toBe(true)
  })
})
