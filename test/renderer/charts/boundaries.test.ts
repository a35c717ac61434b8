import { describe, expect, it } from 'vitest'

const sources = import.meta.glob('../../../src/shared/charts/*.ts', { query: '?raw', import: 'default', eager: true }) as Record<string, string>

describe('src/shared/charts', () => {
  it('imports only src/shared (the vocabulary: types, registry, formulas), echarts types and its own files (so main can render the same charts)', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(5)
    for (const [file, text] of Object.entries(sources)) {
      for (const [, what, from] of text.matchAll(/^(?:import|export)\s+([\s\S]*?)\s+from\s+'([^']+)'/gm)) {
        const ok = from.startsWith('./') || (from.startsWith('../') && !from.startsWith('../..')) || (from === 'echarts' && what.startsWith('type'))
        expect(ok, `${file} imports ${what} from ${from}`).toBe(true)
      }
      expect(text, file).not.toMatch(/\b(document|window|HTMLElement)\b/)
    }
  })
})
