/** `run --lifetime-years`: the reload-mode plan for a lifetime target, as JSON or text. */
import { DEFAULT_MAX_BATCH, planReload, targetInferences, type Plan, type PlanAnswer } from '../core/plan'
import type { ExperimentSpec } from '../../shared/experiment'
import { num } from './format'
import { UsageError, intOption } from './spec-options'

const SECONDS_PER_YEAR = 365.25 * 24 * 3600
const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9 }

export interface PlanOptions {
  lifetimeYears?: string
  maxBatchLatency?: string
  maxBatch?: string
  svg?: string
}

/** A positive number of years. */
function yearsOption(value: string): number {
  const y = Number(value)
  if (!value.trim() || !Number.isFinite(y) || y <= 0) throw new UsageError(`--lifetime-years ${JSON.stringify(value)}: must be a number of years > 0`)
  return y
}

/** A time with a unit (ns, us, ms, s), in ns. */
export function timeOption(flag: string, value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*(ns|us|ms|s)\s*$/i.exec(value)
  if (!m || Number(m[1]) <= 0) throw new UsageError(`${flag} ${JSON.stringify(value)}: give a time > 0 with a unit, e.g. 2s, 500ms, 800us`)
  return Number(m[1]) * UNIT_NS[m[2].toLowerCase()]
}

/** The figures of a plan for people and JSON: times in ns and s, segments named by their layers. */
function planFigures(p: Plan, a: PlanAnswer, rate: number) {
  return {
    batch: p.batch,
    segments: p.segments.map((s) => ({
      firstLayer: a.layerNames[s.firstMap === 0 ? 0 : a.maps[s.firstMap].layer],
      lastLayer: a.layerNames[a.maps[s.endMap - 1].layer],
      mvmLayers: s.endMap - s.firstMap,
      copies: s.copies,
      pes: s.pes,
      runSteps: s.runSteps,
    })),
    batchLatencyNs: p.batchLatencySteps * a.stepNs,
    throughputPerS: p.throughputPerStep / (a.stepNs * 1e-9),
    writesPerInference: p.writesPerInference,
    maxWritesPerCellPerInference: p.maxWritesPerCellPerInference,
    lifetimeInferences: p.lifetimeInferences,
    lifetimeYears: p.lifetimeInferences / rate / SECONDS_PER_YEAR,
  }
}

/** Plans the spec's run for the options' target. */
export function planRun(spec: ExperimentSpec, o: PlanOptions) {
  const target = {
    lifetimeYears: yearsOption(o.lifetimeYears!),
    inferenceRate: spec.inferenceRate,
    maxBatch: o.maxBatch !== undefined ? intOption('--max-batch', o.maxBatch, 1) : DEFAULT_MAX_BATCH,
  }
  const maxBatchLatencyNs = o.maxBatchLatency !== undefined ? timeOption('--max-batch-latency', o.maxBatchLatency) : undefined
  const limited = planReload(spec, { ...target, maxBatchLatencyNs })
  const figures = (p: Plan | null) => p && planFigures(p, limited, spec.inferenceRate)
  return {
    targetInferences: targetInferences(target),
    chipPes: limited.chipPes,
    pesMinimum: limited.pesMinimum,
    ...figures(limited.chosen),
    chosen: limited.chosen !== null,
    baseline: figures(limited.baseline),
    candidates: limited.candidates.map(figures),
  }
}

/** The plan as text. */
export function planReport(p: ReturnType<typeof planRun>): string {
  if (!p.chosen)
    return `no plan reaches ${num(p.targetInferences)} inferences within the batch and latency limits: allow larger batches (--max-batch) or a longer batch latency`
  const line = (name: string, f: NonNullable<typeof p.baseline>) =>
    `${name}: batch ${num(f.batch)}, ${f.segments.length} segments, ${num(f.throughputPerS, 1)} inferences/s, batch latency ${num(f.batchLatencyNs / 1e6, 3)} ms, ` +
    `${num(f.writesPerInference)} cell writes per inference, lifetime ${num(f.lifetimeInferences)} inferences (${num(f.lifetimeYears, 1)} years)`
  const segs = p.segments!.map(
    (s, g) => `  segment ${g + 1}: ${s.firstLayer} .. ${s.lastLayer} (${s.mvmLayers} MVM layers, ${s.pes} PEs, ${num(s.runSteps)} steps)`,
  )
  return [
    line('plan', p as NonNullable<typeof p.baseline>),
    ...segs,
    p.baseline ? line('today (one copy each, cut where the chip fills)', p.baseline) : 'today: no plan reaches the target',
  ].join('\n')
}
