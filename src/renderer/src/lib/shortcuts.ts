/**
 * Keyboard shortcuts of the frequent actions, defined once: the shell's key handler and the help
 * overlay (opened by "?") both read SHORTCUTS. Screens that own an action (the run setup's Run)
 * register its handler while they are shown.
 */
import { onActivated, onDeactivated, onMounted, onUnmounted } from 'vue'

export type ShortcutId = 'run' | 'history' | 'search' | 'compare' | 'theme' | 'help'

export interface Shortcut {
  id: ShortcutId
  /** The keys as the help shows them. */
  keys: string
  description: string
  /** Whether the key event is this shortcut. */
  matches(e: KeyLike): boolean
  /** Also when typing in a field (Ctrl+Enter); plain keys are left to the field. */
  inFields?: boolean
}

/** The parts of a KeyboardEvent a shortcut looks at. */
export type KeyLike = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'> & { target: EventTarget | null }

const plain = (key: string) => (e: KeyLike) => e.key === key && !e.ctrlKey && !e.metaKey && !e.altKey

export const SHORTCUTS: Shortcut[] = [
  {
    id: 'run',
    keys: 'Ctrl+Enter',
    description: 'Run the network set up (on Run setup)',
    matches: (e) => e.key === 'Enter' && (e.ctrlKey || e.metaKey),
    inFields: true,
  },
  { id: 'history', keys: 'H', description: 'Open the history', matches: plain('h') },
  { id: 'search', keys: '/', description: 'Search the history (network or experiment)', matches: plain('/') },
  { id: 'compare', keys: 'C', description: 'Compare the runs selected in the history (2 to 8)', matches: plain('c') },
  { id: 'theme', keys: 'T', description: 'Switch between the light and the dark theme', matches: plain('t') },
  { id: 'help', keys: '?', description: 'Show these shortcuts', matches: (e) => e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey },
]

/** Whether the event comes from a field the user types into. */
function inField(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean } | null
  return Boolean(el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName ?? '')))
}

/** The shortcut a key event triggers, or null (plain keys typed into a field are the field's). */
export function shortcutFor(e: KeyLike): Shortcut | null {
  const typing = inField(e.target)
  return SHORTCUTS.find((s) => s.matches(e) && (s.inFields || !typing)) ?? null
}

const handlers = new Map<ShortcutId, () => void>()

/** The handler registered for a shortcut now, if any. */
export function shortcutHandler(id: ShortcutId): (() => void) | undefined {
  return handlers.get(id)
}

/** Registers `handler` for a shortcut while the calling component is shown (kept-alive screens included). */
export function useShortcut(id: ShortcutId, handler: () => void): void {
  const on = () => handlers.set(id, handler)
  const off = () => handlers.get(id) === handler && handlers.delete(id)
  onMounted(on)
  onActivated(on)
  onDeactivated(off)
  onUnmounted(off)
}
