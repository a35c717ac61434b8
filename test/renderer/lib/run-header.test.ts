import { describe, expect, it } from 'vitest'
import { duplicationTag } from '../../../src/renderer/src/lib/run-header'
import { tinyResult } from '../fixtures/results'

describe('duplicationTag', () => {
  it('names the strategy when it made copies', () => {
    expect(duplicationTag('greedy', tinyResult()).label).toBe('greedy duplication')
    expect(duplicationTag('none', tinyResult()).label).toBe('no duplication')
    expect(duplicationTag('greedy', null).label).toBe('greedy duplication') // no result yet
  })

  it('says duplication is off in reload mode, and why on hover', () => {
    const r = tinyResult()
    r.endurance = { ...r.endurance, reloadMode: true, segments: 2 }
    r.layers = r.layers.map((l) => ({ ...l, copies: l.pes > 0 ? 1 : 0 }))
    const tag = duplicationTag('greedy', r)
    expect(tag.label).toBe('duplication off (reload mode)')
    expect(tag.title).toContain('does not fit the chip')
  })

  it('says duplication is off when no copy fits in the spare PEs', () => {
    const r = tinyResult()
    r.layers = r.layers.map((l) => ({ ...l, copies: l.pes > 0 ? 1 : 0 }))
    expect(duplicationTag('optimal', r).label).toBe('duplication off (no spare PEs)')
  })
})
