import { chipTiles } from '../../shared/formulas'
import Table from 'cli-table3'
import type { ExperimentResult, RunSummary } from '../../shared/experiment'

/** A number with thousands separators and at most `digits` decimals. */
export function num(v: number, digits = 0): string {
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
}

/** A fraction as a percentage. */
export function pct(v: number): string {
  return `${(v * 100).toFixed(1)}%`
}

/** Nanoseconds in the largest fitting unit. */
export function duration(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(3)} s`
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(3)} ms`
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} us`
  return `${ns.toFixed(0)} ns`
}

/** Lifetime in inferences, or "unlimited" when weights are written once. */
export function lifetime(r: ExperimentResult): string {
  const e = r.endurance
  if (e.lifetimeInferences === null) return `unlimited (weights written once; ${num(e.endurance)} reprogrammings)`
  return `${num(e.lifetimeInferences)} inferences (${num(e.lifetimeYears!, 2)} years at ${num(r.spec.inferenceRate)} inf/s)`
}

/** A two-column table. */
export function keyValues(rows: [string, string][]): string {
  const t = new Table({ style: { head: [], border: [] } })
  for (const [k, v] of rows) t.push({ [k]: v })
  return t.toString()
}

/** Box characters without a rule between body rows. */
const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' }

/** A table with a header row. */
export function grid(head: string[], rows: (string | number)[][]): string {
  const t = new Table({ head, chars: COMPACT, style: { head: [], border: [] } })
  for (const r of rows) t.push(r.map(String))
  return t.toString()
}

/** The readable summary of one run. */
export function runReport(r: ExperimentResult): string {
  const s = r.summary
  const m = r.metrics
  const a = r.architecture
  const net = r.network
  const lines = [
    `${s.model} (${net.layers.length} layers, input ${net.input.c}x${net.input.h}x${net.input.w}) on ${a.name}: ${a.crossbarRows}x${a.crossbarCols} crossbars, ${num(s.pesChip)} PEs in ${chipTiles(a)} tiles of ${a.pesPerTile}`,
    `schedule ${s.schedule}, duplication ${s.dup}, ${r.spec.granularity} sets, ${r.spec.inferences} inference(s)${r.endurance.reloadMode ? `, RELOAD MODE: ${r.endurance.segments} segments` : ''}`,
    keyValues([
      ['latency', `${num(s.latencySteps, 2)} steps = ${duration(s.latencyNs)} (MVM ${duration(a.mvmLatencyNs)})`],
      ['lower bound', `${num(s.lowerBoundSteps, 2)} steps (latency / lower bound ${m.latencyOverLowerBound.toFixed(3)})`],
      ['speedup', `${s.speedupVsBaseline.toFixed(2)}x vs layer-by-layer without duplication (${num(m.baselineLatencySteps, 2)} steps)`],
      ['PEs', `${num(s.pesAllocated)} allocated of ${num(s.pesChip)} (minimum ${num(s.pesMinimum)})`],
      ['PE utilization', `${pct(s.utilizationChip)} of chip, ${pct(s.utilizationAllocated)} of allocated PEs`],
      ['throughput', `${num(m.throughputInfPerS, 1)} inferences/s`],
      ['energy', `${num(s.energyNj / 1000, 3)} uJ`],
      ['cell writes', `${num(s.totalCellWrites)} total, ${num(s.writesPerInference)} per inference`],
      ['lifetime', lifetime(r)],
    ]),
  ]
  return lines.join('\n')
}

/** Columns of a table of summaries (compare and sweep). */
export const SUMMARY_HEAD = ['schedule', 'dup', 'PEs alloc/chip', 'latency (steps)', 'latency', 'speedup', 'util chip', 'util alloc', 'lat/LB']

export function summaryRow(s: RunSummary): string[] {
  return [
    s.schedule,
    s.dup,
    `${num(s.pesAllocated)}/${num(s.pesChip)}`,
    num(s.latencySteps, 2),
    duration(s.latencyNs),
    `${s.speedupVsBaseline.toFixed(2)}x`,
    pct(s.utilizationChip),
    pct(s.utilizationAllocated),
    (s.latencySteps / s.lowerBoundSteps).toFixed(3),
  ]
}

/** Comma-separated values with a header; strings quoted when needed. */
export function csv(head: string[], rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
  return [head, ...rows].map((r) => r.map(cell).join(',')).join('\n')
}
