/**
 * Plan for a target (cim-model.md section 6, "Inverse"): the smallest chip, in PEs, with which a
 * duplication strategy and a schedule reach a frame rate or a latency. Exact for the strategy: the
 * latency at P PEs changes only where the strategy's copies change, so every distinct duplication is
 * scheduled once, in increasing PEs, and the first that meets the target is the answer (method and
 * cost in docs/model-choices.md).
 */
import type { ExperimentResult, ExperimentSpec } from '../../shared/experiment'
import { throughputPerS } from '../../shared/formulas'
import type { ChipFigure, Target, TargetReport, TargetSearchProgress } from '../../shared/target'
import { checkRunLimits, currentLimits } from './limits'
import { duplicationSteps, type DuplicationStep } from './mapping/duplication'
import { bottleneckSteps, criticalPathSteps, layerByLayerMakespan } from './metrics/bounds'
import { runExperiment, type RunHooks } from './pipeline'
import type { LayerSets } from './schedule/sets'
import { simulate } from './schedule/simulate'
import { copiesByLayer, duplicateWeights, layerWork } from './stages/duplicate'
import { mapNetwork } from './stages/map'
import { resolveSpec } from './stages/resolve'
import { prepareSets, type ScheduleInput } from './stages/sets'

/** The hooks of a search: those of the answer chip's run, and the search's own progress. */
export interface TargetHooks extends RunHooks {
  /** Called every SEARCH_REPORT_EVERY scheduled candidates (where the search also checks hooks.signal). */
  onSearch?: (p: TargetSearchProgress) => void
}

/** Candidates scheduled between two checks of the signal and two onSearch reports. */
const SEARCH_REPORT_EVERY = 16

export interface TargetPlan {
  report: TargetReport
  /** The full run of the answer chip; null when unreachable. */
  result: ExperimentResult | null
}

/**
 * The smallest chip (from the network minimum up to the chip-size limit) with which spec's strategy and
 * schedule reach the target, and the full run on it. spec.chip is ignored: the chip is the answer.
 */
export async function planForTarget(spec: ExperimentSpec, target: Target, hooks: TargetHooks = {}): Promise<TargetPlan> {
  const minimumSpec: ExperimentSpec = { ...spec, chip: { extraPes: 0 } }
  const resolved = resolveSpec(minimumSpec)
  const mapped = mapNetwork(resolved)
  const limits = hooks.limits ?? currentLimits()
  checkRunLimits(resolved.net, mapped.maps, { pes: mapped.pesChip, pesPerTile: resolved.arch.pesPerTile }, spec, limits)
  const { net, arch, stepNs } = resolved
  const base: ScheduleInput = prepareSets(minimumSpec, resolved, mapped, duplicateWeights(minimumSpec, net, mapped))
  const n = spec.inferences
  const figure = (pes: number, latencySteps: number): ChipFigure => ({ pes, latencySteps, throughputPerS: throughputPerS(n, latencySteps * stepNs) })
  const meets = (steps: number) =>
    'fps' in target
      ? throughputPerS(n, steps * stepNs) >= target.fps
      : 'latencyNs' in target
        ? steps * stepNs <= target.latencyNs
        : steps <= target.latencySteps
  const latencyOf = (dup: number[]) => {
    const input = { ...base, copies: copiesByLayer(net, mapped.maps, dup) }
    return spec.schedule === 'layer-by-layer' ? layerByLayerMakespan(input) : simulate({ ...input, mode: spec.schedule }).makespan
  }
  const report: TargetReport = {
    target,
    met: false,
    pes: null,
    candidatesEvaluated: 0,
    candidatesSkipped: 0,
    below: null,
    best: null,
    bound: null,
    boundSteps: null,
  }
  const criticalPath = criticalPathSteps(base)
  if (!meets(criticalPath)) return { report: { ...report, bound: 'critical-path', boundSteps: criticalPath }, result: null }

  const earliest = simulate({ ...base, inferences: 1, mode: 'unbounded' }).layerStart
  const maxPes = Math.min(limits.pes, limits.tiles * arch.pesPerTile)
  const work = layerWork(spec, net, mapped.maps)
  let previous: { budget: number; dup: number[]; latency?: number } | null = null
  let last: DuplicationStep | null = null
  for (const step of duplicationSteps(spec.duplication, mapped.maps, work.sets, work.mvmsPerSet)) {
    if (step.budget > maxPes) {
      report.bound = 'chip-limit'
      break
    }
    last = step
    if (!meets(startBoundSteps(base.sets, copiesByLayer(net, mapped.maps, step.dup), n, earliest))) {
      report.candidatesSkipped++
      previous = step
      continue
    }
    if (++report.candidatesEvaluated % SEARCH_REPORT_EVERY === 0) {
      hooks.onSearch?.({ candidatesEvaluated: report.candidatesEvaluated, candidatesSkipped: report.candidatesSkipped, pes: step.budget })
      await new Promise((r) => setImmediate(r))
      hooks.signal?.throwIfAborted()
    }
    const latency = latencyOf(step.dup)
    if (!report.best || latency < report.best.latencySteps) report.best = figure(step.budget, latency)
    if (meets(latency)) {
      report.met = true
      report.pes = step.budget
      report.below = previous && figure(step.budget - 1, previous.latency ?? latencyOf(previous.dup))
      report.best = null
      const result = await runExperiment({ ...spec, chip: { pes: step.budget } }, { ...hooks, limits })
      return { report, result }
    }
    previous = { ...step, latency }
  }
  report.bound ??= 'strategy'
  if (!report.best && last) report.best = figure(last.budget, latencyOf(last.dup))
  report.boundSteps = report.best?.latencySteps ?? null
  return { report, result: null }
}

/**
 * A lower bound on the latency with these copies, steps: no set of a layer starts before its earliest
 * start with unlimited copies, and then its busiest copy still runs ceil(n S_l / d_l) sets of MVMs per set
 * one after another. With earliest starts of 0 it is the bottleneck.
 */
function startBoundSteps(sets: LayerSets[], copies: ArrayLike<number>, inferences: number, earliest: Float64Array): number {
  let worst = 0
  for (const s of sets) if (s.mvm) worst = Math.max(worst, earliest[s.layer] + bottleneckSteps([s], copies, inferences))
  return worst
}
