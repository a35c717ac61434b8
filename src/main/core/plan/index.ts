/** Plans a reload-mode run for a lifetime target: the planner on a spec's network and chip, with its baseline. */
import { reprogrammingSteps, type ExperimentSpec } from '../../../shared/experiment'
import { buildSets } from '../schedule/sets'
import { mapNetwork } from '../stages/map'
import { resolveSpec } from '../stages/resolve'
import type { Network } from '../model/ir'
import { Planner, type Plan, type PlanProblem, type PlanTarget } from './planner'

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
export function planReload(spec: ExperimentSpec, request: PlanRequest): PlanAnswer {
  const { problem, net, stepNs, pesMinimum } = planProblem(spec)
  const { maxBatchLatencyNs, ...rest } = request
  const target: PlanTarget = { ...rest, ...(maxBatchLatencyNs !== undefined && { maxBatchLatencySteps: maxBatchLatencyNs / stepNs }) }
  const { chosen, candidates } = new Planner({ ...problem, free: true }, target.maxBatch).solve(target)
  const baseline = new Planner({ ...problem, free: false }, target.maxBatch).solve(target).chosen
  return { chosen, candidates, baseline, stepNs, layerNames: net.layers.map((l) => l.name), maps: problem.maps, chipPes: problem.chipPes, pesMinimum }
}

/** The planning problem of a spec (without the free choice): its network and chip mapped, the sets built; throws when the network fits. */
export function planProblem(spec: ExperimentSpec): { problem: Omit<PlanProblem, 'free'>; net: Network; stepNs: number; pesMinimum: number } {
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
    },
    chipPes: pesChip,
    writeSteps: reprogrammingSteps(arch, stepNs),
    endurance: arch.endurance,
    strategy: spec.duplication,
  }
  return { problem, net, stepNs, pesMinimum }
}
