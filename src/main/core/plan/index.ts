/** Plans a reload-mode run for a lifetime target: the planner on a spec's network and chip, with its baseline. */
import { reprogrammingSteps, type ExperimentSpec } from '../../../shared/experiment'
import { formatCount, formatLifespan, formatNs, formatNumber } from '../../../shared/charts/format'
import type { PlanFigures, PlanResult } from '../../../shared/schemas/result'
import type { LifetimeTarget } from '../../../shared/schemas/spec'
import { buildSets } from '../schedule/sets'
import { currentLimits, type Limits } from '../limits'
import { mapNetwork } from '../stages/map'
import { resolveSpec } from '../stages/resolve'
import type { Network } from '../model/ir'
import { Planner, targetInferences, type Plan, type PlanProblem, type PlanTarget } from './planner'

export { targetInferences, type Plan, type PlanTarget } from './planner'

/** Largest batch the planner considers by default, inferences per programming. */
export const DEFAULT_MAX_BATCH = 4096

export interface PlanAnswer {
  /** The best plan, or null when no batch up to the limit reaches the target. */
  chosen: Plan | null
  /** The best plan of every segment count. */
  candidates: Plan[]
  /** The best plan with one copy of every layer and segments cut where the chip fills (today's reload mode). */
  baseline: Plan | null
  /** One MVM step, ns. */
  stepNs: number
  layerNames: string[]
  maps: { layer: number; pes: number }[]
  chipPes: number
  pesMinimum: number
}

/** A target with the batch latency limit as a time. */
export type PlanRequest = Omit<PlanTarget, 'maxBatchLatencySteps'> & { maxBatchLatencyNs?: number }

/**
 * Plans the spec's network on its chip for the target (cim-model.md section 8; docs/model-choices.md); throws
 * when the network fits the chip (no reload mode to plan).
 */
export function planReload(spec: ExperimentSpec, request: PlanRequest, limits?: Limits, onProgress?: (fraction: number) => void): PlanAnswer {
  const { problem, net, stepNs, pesMinimum } = planProblem(spec, limits)
  const { maxBatchLatencyNs, ...rest } = request
  const target: PlanTarget = { ...rest, ...(maxBatchLatencyNs !== undefined && { maxBatchLatencySteps: maxBatchLatencyNs / stepNs }) }
  const { chosen, candidates } = new Planner({ ...problem, free: true }, target.maxBatch, onProgress).solve(target)
  const baseline = new Planner({ ...problem, free: false }, target.maxBatch).solve(target).chosen
  return { chosen, candidates, baseline, stepNs, layerNames: net.layers.map((l) => l.name), maps: problem.maps, chipPes: problem.chipPes, pesMinimum }
}

/** The planning problem of a spec (without the free choice): its network and chip mapped, the sets built, the sets limit of its simulations; throws when the network fits. */
export function planProblem(
  spec: ExperimentSpec,
  limits: Limits = currentLimits(),
): { problem: Omit<PlanProblem, 'free'>; net: Network; stepNs: number; pesMinimum: number } {
  const resolved = resolveSpec(spec)
  const { net, arch, stepNs } = resolved
  const { maps, pesChip, pesMinimum } = mapNetwork(resolved)
  if (pesMinimum <= pesChip)
    throw new Error(`the lifetime target plans reload mode, but ${net.name} fits the chip (${pesMinimum} of ${pesChip} PEs): its weights are written once`)
  const pes = new Int32Array(net.layers.length)
  for (const m of maps) pes[m.layer] = m.pes
  const problem = {
    maps,
    layerCount: net.layers.length,
    run: {
      sets: buildSets(net, spec.granularity),
      copies: new Int32Array(net.layers.length).fill(1),
      pes,
      digitalSteps: arch.gpeuLatencyNs / stepNs,
      assignment: spec.assignment,
      mode: spec.schedule,
      maxSets: limits.sets,
    },
    chipPes: pesChip,
    writeSteps: reprogrammingSteps(arch, stepNs),
    endurance: arch.endurance,
    strategy: spec.duplication,
  }
  return { problem, net, stepNs, pesMinimum }
}

/** The planner's request for a spec's lifetime target at its inference rate. */
export function lifetimeRequest(target: LifetimeTarget, inferenceRate: number): PlanRequest {
  return {
    lifetimeYears: target.years,
    inferenceRate,
    maxBatch: target.maxBatch ?? DEFAULT_MAX_BATCH,
    ...(target.maxBatchLatencyNs !== undefined && { maxBatchLatencyNs: target.maxBatchLatencyNs }),
  }
}

/**
 * Plans a spec with a lifetime target (its `lifetimeTarget`); throws a one-line error when the network fits the
 * chip or no plan reaches the target within the batch and latency limits.
 */
export function planLifetime(
  spec: ExperimentSpec,
  target: LifetimeTarget,
  limits?: Limits,
  onProgress?: (fraction: number) => void,
): { chosen: Plan; section: PlanResult } {
  const request = lifetimeRequest(target, spec.inferenceRate)
  const answer = planReload(spec, request, limits, onProgress)
  if (!answer.chosen) {
    const latency = target.maxBatchLatencyNs !== undefined ? ` taking at most ${formatNs(target.maxBatchLatencyNs)}` : ''
    throw new Error(
      `lifetime target of ${formatLifespan(target.years)} at ${formatNumber(spec.inferenceRate)} inferences/s: no plan reaches ${formatCount(Math.round(targetInferences(request)))} inferences ` +
        `with batches of up to ${formatCount(request.maxBatch)} inferences${latency}: allow larger batches or a longer batch latency`,
    )
  }
  const figures = (p: Plan) => planFigures(p, answer, spec.inferenceRate)
  return {
    chosen: answer.chosen,
    section: {
      ...figures(answer.chosen),
      target,
      targetInferences: targetInferences(request),
      candidates: answer.candidates.map(figures),
      baseline: answer.baseline && figures(answer.baseline),
    },
  }
}

/** The figures of a plan as stored: times in ns, throughput per second, lifetime in years at `rate`, segments named by their layers. */
function planFigures(p: Plan, a: PlanAnswer, rate: number): PlanFigures {
  return {
    batch: p.batch,
    segments: p.segments.map((s) => ({
      firstLayer: a.layerNames[s.firstMap === 0 ? 0 : a.maps[s.firstMap].layer],
      lastLayer: a.layerNames[a.maps[s.endMap - 1].layer],
      mvmLayers: s.endMap - s.firstMap,
      copies: s.copies,
      firstPe: s.firstPe,
      pes: s.pes,
      runSteps: s.runSteps,
    })),
    batchLatencyNs: p.batchLatencySteps * a.stepNs,
    throughputPerS: p.throughputPerStep / (a.stepNs * 1e-9),
    writesPerInference: p.writesPerInference,
    maxWritesPerCellPerInference: p.maxWritesPerCellPerInference,
    lifetimeInferences: p.lifetimeInferences,
    lifetimeYears: p.lifetimeInferences / targetInferences({ lifetimeYears: 1, inferenceRate: rate }),
  }
}
