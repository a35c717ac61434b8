import { chipTiles } from '../../shared/formulas'
import Table from 'cli-table3'
import { DUPLICATIONS, SCHEDULE_INFO } from '../../shared/strategies'
import { formatLifespan, formatNs } from '../../shared/charts'
import type { ExperimentResult } from '../../shared/experiment'
import type { PlanFigures, PlanResult } from '../../shared/schemas/result'
import { TARGET_BOUNDS, describeTarget, type ChipFigure, type TargetReport } from '../../shared/target'
import { HEADLINE_METRICS, METRICS, formatMetric, metricValue } from '../../shared/metrics'
import { energyRows } from '../../shared/energy'

/** A number with thousands separators and at most `digits` decimals. */
export function num(v: number, digits = 0): string {
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
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

/** The readable summary of one run: what ran, then every figure of the metric catalog. */
export function runReport(r: ExperimentResult): string {
  const s = r.summary
  const a = r.architecture
  const net = r.network
  const lines = [
    `${s.model} (${net.layers.length} layers, input ${net.input.c}x${net.input.h}x${net.input.w}) on ${a.name}: ${a.crossbarRows}x${a.crossbarCols} crossbars, ${num(s.pesChip)} PEs in ${chipTiles(a)} tiles of ${a.pesPerTile}, MVM ${formatNs(a.mvmLatencyNs)}`,
    `schedule ${SCHEDULE_INFO[s.schedule].label}, duplication ${DUPLICATIONS[s.dup].label}, ${r.spec.granularity} sets, ${r.summary.inferences} inference(s), network ${r.spec.noc}, ${r.spec.placement} placement${r.endurance.reloadMode ? `, RELOAD MODE: ${r.endurance.segments} segments` : ''}`,
    ...(r.bottleneck ? [r.bottleneck.line, `critical path: ${r.bottleneck.criticalPath.join(' > ')}`] : []),
    keyValues(METRICS.map((m) => [m.label, formatMetric(m, metricValue(m, r))])),
  ]
  if (r.energy) lines.push('energy by component', keyValues(energyRows(r.energy.breakdownNj, s.energyNj)))
  if (r.plan) lines.push(planReport(r.plan))
  return lines.join('\n')
}

/** One plan in a line: batch, segments, throughput, batch latency, writes and lifetime. */
const planLine = (name: string, f: PlanFigures) =>
  `${name}: batch ${num(f.batch)}, ${f.segments.length} segments, ${num(f.throughputPerS, 1)} inferences/s, batch latency ${num(f.batchLatencyNs / 1e6, 3)} ms, ` +
  `${num(f.writesPerInference)} cell writes per inference, lifetime ${num(f.lifetimeInferences)} inferences (${num(f.lifetimeYears, 1)} years)`

/** The plan section of a planned run as text: the chosen plan, its segments, and today's reload mode. */
export function planReport(p: PlanResult): string {
  return [
    `lifetime target ${formatLifespan(p.target.years)}: ${num(p.targetInferences)} inferences; ${p.candidates.length} candidate plans (the best of each segment count)`,
    planLine('plan', p),
    ...p.segments.map(
      (s, g) =>
        `  segment ${g + 1}: ${s.firstLayer} .. ${s.lastLayer} (${s.mvmLayers} MVM layers, PEs ${s.firstPe}..${s.firstPe + s.pes - 1}, ${num(s.runSteps)} steps)`,
    ),
    p.baseline
      ? planLine('today (one copy each, cut where the chip fills)', p.baseline)
      : 'today (one copy each, cut where the chip fills): no plan reaches the target',
  ].join('\n')
}

/** Columns of a table of summaries (compare and sweep): what ran, then the headline figures. */
export const SUMMARY_HEAD = ['schedule', 'dup', ...HEADLINE_METRICS.map((m) => m.short ?? m.label)]

/** A run's row of the compact tables: its schedule and duplication by their registry labels, then the headline figures. */
export function summaryRow(r: Pick<ExperimentResult, 'summary' | 'metrics' | 'endurance'>): string[] {
  const { schedule, dup } = r.summary
  return [SCHEDULE_INFO[schedule].label, DUPLICATIONS[dup].label, ...HEADLINE_METRICS.map((m) => formatMetric(m, metricValue(m, r)))]
}

/** A chip's figures in words: "1,234 PEs: 625 steps, 2,000 inferences/s". */
const chipFigure = (f: ChipFigure) => `${num(f.pes)} PEs: ${num(f.latencySteps, 2)} steps, ${num(f.throughputPerS, 1)} inferences/s`

/** The answer of a target plan in a few lines. */
export function targetReport(t: TargetReport): string {
  const tried = `duplications scheduled: ${num(t.candidatesEvaluated)}, skipped by their lower bound: ${num(t.candidatesSkipped)}`
  if (t.met)
    return [
      `target ${describeTarget(t.target)}: reached with ${num(t.pes!)} PEs (${tried})`,
      t.below ? `one PE smaller, ${chipFigure(t.below)}` : 'the answer is the network minimum (smaller chips run in reload mode and are not searched)',
    ].join('\n')
  return [
    `target ${describeTarget(t.target)}: unreachable, bounded by ${TARGET_BOUNDS[t.bound!]}${t.bound === 'chip-limit' ? ' (raise it with --limits pes=N,tiles=N)' : ''} at ${num(t.boundSteps ?? 0, 2)} steps`,
    t.best ? `best chip scheduled, ${chipFigure(t.best)} (${tried})` : `(${tried})`,
  ].join('\n')
}
