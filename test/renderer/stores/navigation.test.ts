// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { parseHash, placeHash, useNavigationStore } from '../../../src/renderer/src/stores/navigation'

describe('navigation', () => {
  it('reads and writes places in the URL hash', () => {
    expect(parseHash('#/compare/3,4,x,5')).toEqual({ screen: 'compare', ids: [3, 4, 5] })
    expect(parseHash('#/nowhere')).toEqual({ screen: 'setup', ids: [] })
    expect(placeHash({ screen: 'run', ids: [12] })).toBe('#/run/12')
  })

  it('goes to a screen, remembering the last ids each screen showed', () => {
    setActivePinia(createPinia())
    const nav = useNavigationStore()
    nav.go('run', [7])
    expect(location.hash).toBe('#/run/7')
    nav.go('history')
    nav.go('run')
    expect(nav.place).toEqual({ screen: 'run', ids: [7] })
  })
})
