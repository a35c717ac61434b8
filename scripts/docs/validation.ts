/** The table of docs/validation.md and the golden figures of `cim reproduce`, from the same rows. */
import type { ReproduceRow } from '../../src/main/cli/experiments'
import { markdownTable } from './markdown'

export const VALIDATION_DOC = 'docs/validation.md'
export const GOLDEN_FILE = 'test/golden/reproduce.json'

const steps = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 0 })
const percent = (v: number, decimals: number) => `${(v * 100).toFixed(decimals)}%`

/** The comparison table of docs/validation.md for the reproduce rows. */
export function validationTable(rows: ReproduceRow[]): string {
  return markdownTable(
    [
      'model',
      'extra PEs',
      'chip PEs',
      'layer-by-layer (steps)',
      'CLSA-CIM + greedy (steps)',
      'speedup',
      'utilization base',
      'utilization CLSA',
      'utilization gain',
      'latency / lower bound',
    ],
    rows.map((r) => [
      r.model,
      r.extraPes,
      r.pesChip,
      steps(r.baselineLatencySteps),
      steps(r.latencySteps),
      `${r.speedup.toFixed(2)}x`,
      percent(r.utilizationBaseline, 2),
      percent(r.utilization, 1),
      `${r.utilizationGain.toFixed(2)}x`,
      r.latencyOverLowerBound.toFixed(3),
    ]),
    [false, true, true, true, true, true, true, true, true, true],
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
