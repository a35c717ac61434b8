/** Stage duplicate: copies of every MVM layer within the chip's PEs, and where they sit. */
import type { ExperimentSpec } from '../../../shared/experiment'
import type { PlanResult } from '../../../shared/schemas/result'
import type { LifetimeTarget } from '../../../shared/schemas/spec'
import { duplicate } from '../mapping/duplication'
import { placeCopies, type PlacementSegment } from '../mapping/placement'
import { LimitError, checkRunLimits, type Limits } from '../limits'
import { planLifetime } from '../plan'
import type { Network } from '../model/ir'
import { mvmsPerSet, setGrid } from '../schedule/sets'
import type { Mapped } from './map'
import type { Resolved } from './resolve'

export interface Duplicated {
  /** Copies d_l of each MVM layer, in the order of the mappings. */
  dup: number[]
  /** Copies per layer index (1 for digital layers). */
  copies: Int32Array
  /** Copies on the chip's PEs: one segment, or several in reload mode. */
  placement: PlacementSegment[]
  /** Inferences the run streams: the spec's, or a plan's batch (inferences per programming). */
  inferences: number
  /** The reload plan of a spec with a lifetime target, else null. */
  plan: PlanResult | null
}

/** Each MVM layer's work, in the order of the mappings: its sets and the MVMs each set costs. */
export function layerWork(spec: ExperimentSpec, net: Network, maps: Mapped['maps']): { sets: number[]; mvmsPerSet: number[] } {
  const outs = maps.map((m) => net.layers[m.layer].out)
  return {
    sets: outs.map((o) => {
      const g = setGrid(o, spec.granularity)
      return g.rows * g.cols
    }),
    mvmsPerSet: outs.map((o) => mvmsPerSet(o, spec.granularity)),
  }
}

/** Copies per layer index (1 for digital layers) of copies d_l per MVM layer. */
export function copiesByLayer(net: Network, maps: Mapped['maps'], dup: number[]): Int32Array {
  const copies = new Int32Array(net.layers.length).fill(1)
  maps.forEach((m, i) => (copies[m.layer] = dup[i]))
  return copies
}

/**
 * Chooses the copies with the spec's strategy (each layer's work: its sets and MVMs per set) and places them;
 * with a lifetime target, the reload plan's segments, copies and batch instead.
 */
export function duplicateWeights(spec: ExperimentSpec, net: Network, mapped: Mapped, limits?: Limits, onPlanning?: (fraction: number) => void): Duplicated {
  if (spec.lifetimeTarget) return plannedWeights(spec, net, mapped, spec.lifetimeTarget, limits, onPlanning)
  const { maps, pesChip } = mapped
  const work = layerWork(spec, net, maps)
  const dup = duplicate(spec.duplication, maps, work.sets, pesChip, work.mvmsPerSet)
  return { dup, copies: copiesByLayer(net, maps, dup), placement: placeCopies(maps, dup, pesChip, spec.placement), inferences: spec.inferences, plan: null }
}

/** The chosen reload plan as the run's copies and batch: each segment's copies placed (as the spec's placement orders them) from the segment's first PE. */
function plannedWeights(
  spec: ExperimentSpec,
  net: Network,
  { maps, pesChip }: Mapped,
  target: LifetimeTarget,
  limits?: Limits,
  onPlanning?: (fraction: number) => void,
): Duplicated {
  const { chosen, section } = planLifetime(spec, target, limits, onPlanning)
  const placement = chosen.segments.map((s): PlacementSegment => {
    const [placed] = placeCopies(maps.slice(s.firstMap, s.endMap), s.copies, pesChip, spec.placement)
    return { firstMap: s.firstMap, endMap: s.endMap, copies: placed.copies.map((c) => ({ ...c, firstPe: c.firstPe + s.firstPe })) }
  })
  const dup = chosen.segments.flatMap((s) => s.copies)
  return { dup, copies: copiesByLayer(net, maps, dup), placement, inferences: chosen.batch, plan: section }
}

/** Refuses a plan whose batch would schedule more than the limits allow, naming the batch and how to lower it. */
export function checkPlanLimits(spec: ExperimentSpec, { net, arch }: Resolved, { maps, pesChip }: Mapped, batch: number, limits?: Limits): void {
  try {
    checkRunLimits(net, maps, { pes: pesChip, pesPerTile: arch.pesPerTile }, { ...spec, inferences: batch }, limits)
  } catch (e) {
    if (!(e instanceof LimitError)) throw e
    throw new LimitError(e.limit, `the lifetime plan's batch of ${batch} inferences: ${e.message}; or limit the batch (maxBatch, --max-batch)`)
  }
}
