/** The table of docs/validation.md and the golden figures of `cim reproduce`, from the same rows. */
import { REPRODUCE_HEAD, reproduceCells, type ReproduceRow } from '../../src/main/cli/experiments'
import { markdownTable } from './markdown'

export const VALIDATION_DOC = 'docs/validation.md'
export const GOLDEN_FILE = 'test/golden/reproduce.json'

/** The comparison table of docs/validation.md for the reproduce rows. */
export function validationTable(rows: ReproduceRow[]): string {
  return markdownTable(
    REPRODUCE_HEAD,
    rows.map(reproduceCells),
    REPRODUCE_HEAD.map((_, i) => i > 0),
  )
}

/** docs/validation.md with its table replaced by the one of `rows` (before prettier). */
export function validationDoc(doc: string, rows: ReproduceRow[]): string {
  const lines = doc.split('\n')
  const start = lines.findIndex((l) => l.startsWith('| model'))
  if (start < 0) throw new Error(`${VALIDATION_DOC}: no table starting with "| model"`)
  let end = start
  while (end < lines.length && lines[end].startsWith('|')) end++
  return [...lines.slice(0, start), validationTable(rows), ...lines.slice(end)].join('\n')
}
