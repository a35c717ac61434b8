/**
 * The README's list of duplication strategies and schedules, rendered from the registry
 * (src/shared/strategies.ts). `npx tsx test/docs/strategies-list.ts` writes it into README.md;
 * test/docs/strategies.test.ts fails when the README differs.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DUPLICATIONS, SCHEDULE_INFO, type StrategyInfo } from '../../src/shared/strategies'

export const README = join(import.meta.dirname, '../../README.md')
const BEGIN = '<!-- strategies -->\n'
const END = '<!-- /strategies -->'

const items = (flag: string, registry: Record<string, StrategyInfo>) =>
  Object.entries(registry).map(([name, e]) => `- \`${flag} ${name}\` (${e.label}): ${e.description}`)

/** The list as it belongs between the README's markers. */
export function strategiesMarkdown(): string {
  return [...items('--dup', DUPLICATIONS), ...items('--schedule', SCHEDULE_INFO)].join('\n') + '\n'
}

/** The README's text with its list replaced by `list`. */
export function withList(readme: string, list: string): string {
  const start = readme.indexOf(BEGIN)
  const end = readme.indexOf(END)
  if (start < 0 || end < start) throw new Error(`README.md: the markers ${BEGIN.trim()} and ${END} are missing`)
  return readme.slice(0, start + BEGIN.length) + '\n' + list + '\n' + readme.slice(end)
}

if (process.argv[1] === import.meta.filename) writeFileSync(README, withList(readFileSync(README, 'utf8'), strategiesMarkdown()))
