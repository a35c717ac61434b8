/**
 * Which screen is shown, and for which run, runs or sweep: mirrored in the URL hash so the
 * browser's back and forward buttons and reloads keep the place (#/run/12, #/compare/3,4).
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'

export type Screen = 'setup' | 'jobs' | 'history' | 'run' | 'compare' | 'tradeoffs'
const SCREENS: Screen[] = ['setup', 'jobs', 'history', 'run', 'compare', 'tradeoffs']

export interface Place {
  screen: Screen
  /** Run detail: the run; compare: the runs (2 to 8); trade-offs: the sweep experiment. */
  ids: number[]
}

/** The place a hash names; unknown hashes go to the run setup. */
export function parseHash(hash: string): Place {
  const [name, list] = hash.replace(/^#\/?/, '').split('/')
  const screen = SCREENS.includes(name as Screen) ? (name as Screen) : 'setup'
  const ids = (list ?? '')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0)
  return { screen, ids }
}

export function placeHash(p: Place): string {
  return `#/${p.screen}${p.ids.length ? `/${p.ids.join(',')}` : ''}`
}

export const useNavigationStore = defineStore('navigation', () => {
  const place = ref<Place>(parseHash(location.hash))
  /** The last run, comparison and sweep opened, so the rail can return to them. */
  const last = ref<Partial<Record<Screen, number[]>>>({ [place.value.screen]: place.value.ids })

  function show(p: Place) {
    place.value = p
    if (p.ids.length) last.value = { ...last.value, [p.screen]: p.ids }
  }

  /** Goes to a screen (with ids, or the last ones it showed) and records it in the browser history. */
  function go(screen: Screen, ids?: number[]) {
    const p = { screen, ids: ids ?? last.value[screen] ?? [] }
    show(p)
    const hash = placeHash(p)
    if (location.hash !== hash) history.pushState(null, '', hash)
  }

  addEventListener('popstate', () => show(parseHash(location.hash)))

  return { place, last, go }
})
