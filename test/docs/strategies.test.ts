import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { README, strategiesMarkdown, withList } from './strategies-list'

describe('README', () => {
  it('lists the duplication strategies and schedules of the registry (regenerate: npx tsx test/docs/strategies-list.ts)', () => {
    const readme = readFileSync(README, 'utf8')
    expect(readme).toBe(withList(readme, strategiesMarkdown()))
    expect(strategiesMarkdown()).toContain('- `--dup optimal` (Min-max): ')
  })
})
