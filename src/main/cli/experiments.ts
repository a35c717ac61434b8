import { DUPLICATION_STRATEGIES, SCHEDULES, type DuplicationStrategy } from '../../shared/strategies'
import { runExperiment, withDefaults } from '../core/pipeline'
import { ZOO } from '../core/model/zoo'
import type { ExperimentResult, ExperimentSpec, RunSummary, ScheduleKind } from '../../shared/experiment'

/** The runs `compare` makes: every schedule with every duplication strategy, in registry order. */
export const COMPARE_GRID: [ScheduleKind, DuplicationStrategy][] = SCHEDULES.flatMap((s) =>
  DUPLICATION_STRATEGIES.map((d): [ScheduleKind, DuplicationStrategy] => [s, d]),
)

/** Runs one spec with other schedule and duplication. */
export function runVariant(spec: ExperimentSpec, schedule: ScheduleKind, duplication: DuplicationStrategy): Promise<ExperimentResult> {
  return runExperiment({ ...spec, schedule, duplication })
}

/** Extra-PE counts of `reproduce`. */
export const REPRODUCE_EXTRA_PES = [0, 16, 32, 64, 128, 256]

/** One row of the paper-comparison table: CLSA-CIM + greedy duplication against layer-by-layer without. */
export interface ReproduceRow {
  model: string
  extraPes: number
  pesChip: number
  baselineLatencySteps: number
  latencySteps: number
  /** Baseline latency / CLSA-CIM + greedy latency on the same chip. */
  speedup: number
  /** PE utilization over allocated PEs: CLSA-CIM + greedy divided by the baseline's. */
  utilizationGain: number
  utilizationBaseline: number
  utilization: number
  latencyOverLowerBound: number
}

/** The reproduce table for the given zoo networks (all by default) and extra-PE counts. */
export async function reproduce(models = ZOO.map((z) => z.name), extraPes = REPRODUCE_EXTRA_PES, onRow?: (r: ReproduceRow) => void): Promise<ReproduceRow[]> {
  const rows: ReproduceRow[] = []
  for (const model of models) {
    for (const extra of extraPes) {
      const spec = withDefaults({ network: { zoo: model }, arch: { preset: 'clsa-cim' }, chip: { extraPes: extra } })
      const ours = (await runExperiment(spec)).summary
      const base = (await runVariant(spec, 'layer-by-layer', 'none')).summary
      const row = reproduceRow(model, extra, base, ours)
      rows.push(row)
      onRow?.(row)
    }
  }
  return rows
}

/** Columns of the reproduce table, as `cim reproduce` prints it and docs/validation.md shows it. */
export const REPRODUCE_HEAD = [
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
]

const steps = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 0 })
const percent = (v: number, decimals: number) => `${(v * 100).toFixed(decimals)}%`

/** One row of the reproduce table as text (every column but the model is a number). */
export function reproduceCells(r: ReproduceRow): string[] {
  return [
    r.model,
    String(r.extraPes),
    String(r.pesChip),
    steps(r.baselineLatencySteps),
    steps(r.latencySteps),
    `${r.speedup.toFixed(2)}x`,
    percent(r.utilizationBaseline, 2),
    percent(r.utilization, 1),
    `${r.utilizationGain.toFixed(2)}x`,
    r.latencyOverLowerBound.toFixed(3),
  ]
}

function reproduceRow(model: string, extraPes: number, base: RunSummary, ours: RunSummary): ReproduceRow {
  return {
    model,
    extraPes,
    pesChip: ours.pesChip,
    baselineLatencySteps: base.latencySteps,
    latencySteps: ours.latencySteps,
    speedup: base.latencySteps / ours.latencySteps,
    utilizationGain: ours.utilizationAllocated / base.utilizationAllocated,
    utilizationBaseline: base.utilizationAllocated,
    utilization: ours.utilizationAllocated,
    latencyOverLowerBound: ours.latencySteps / ours.lowerBoundSteps,
  }
}
