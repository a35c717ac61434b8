import { describe, expect, it } from 'vitest'
import { SHORTCUTS, shortcutFor, type KeyLike } from '../../../src/renderer/src/lib/shortcuts'

const key = (k: string, over: Partial<KeyLike> = {}): KeyLike => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, target: null, ...over })
const field = { tagName: 'INPUT' } as unknown as EventTarget

describe('shortcutFor', () => {
  it('maps the frequent actions to keys', () => {
    expect(shortcutFor(key('h'))?.id).toBe('history')
    expect(shortcutFor(key('/'))?.id).toBe('search')
    expect(shortcutFor(key('c'))?.id).toBe('compare')
    expect(shortcutFor(key('t'))?.id).toBe('theme')
    expect(shortcutFor(key('?'))?.id).toBe('help')
    expect(shortcutFor(key('Enter', { ctrlKey: true }))?.id).toBe('run')
    expect(shortcutFor(key('Enter', { metaKey: true }))?.id).toBe('run')
  })

  it('leaves plain keys to the field being typed in, and keys with modifiers to the browser', () => {
    expect(shortcutFor(key('h', { target: field }))).toBeNull()
    expect(shortcutFor(key('/', { target: { isContentEditable: true } as unknown as EventTarget }))).toBeNull()
    expect(shortcutFor(key('Enter', { ctrlKey: true, target: field }))?.id).toBe('run')
    expect(shortcutFor(key('c', { ctrlKey: true }))).toBeNull()
    expect(shortcutFor(key('Enter'))).toBeNull()
    expect(shortcutFor(key('x'))).toBeNull()
  })

  it('lists every shortcut once, with keys and a description, for the help overlay', () => {
    expect(new Set(SHORTCUTS.map((s) => s.id)).size).toBe(SHORTCUTS.length)
    expect(SHORTCUTS.map((s) => s.keys)).toEqual(['Ctrl+Enter', 'H', '/', 'C', 'T', '?'])
  })
})
