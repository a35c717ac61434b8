import { DUPLICATIONS, type DuplicationStrategy } from '../../../shared/strategies'
import { MappingError, type LayerMapping } from './pes'

/** Per MVM layer (same order as maps): its sets, the MVMs each set costs, and the PEs of one copy. */
interface Demand {
  sets: number
  mvmsPerSet: number
  pes: number
}

/** ceil(S / d) x MVMs per set: the MVM steps of a layer with d copies. */
const steps = (l: Demand, copies: number) => Math.ceil(l.sets / copies) * l.mvmsPerSet

/**
 * Copies d_l of each MVM layer under a budget of `budget` PEs (one per layer when nothing else fits).
 * A layer's work is ceil(S_l / d_l) sets of `mvmsPerSet` MVMs (1 per pixel set, W_out per row set).
 */
export function duplicate(
  strategy: DuplicationStrategy,
  maps: LayerMapping[],
  sets: number[],
  budget: number,
  mvmsPerSet: number[] = sets.map(() => 1),
): number[] {
  if (!Object.hasOwn(DUPLICATE, strategy))
    throw new Error(`unknown duplication strategy ${JSON.stringify(strategy)}: choose one of ${Object.keys(DUPLICATIONS).join(', ')}`)
  const demand = maps.map((m, i) => ({ sets: sets[i], mvmsPerSet: mvmsPerSet[i], pes: m.pes }))
  if (pesOf(demand) > budget || !demand.length) return demand.map(() => 1)
  return DUPLICATE[strategy](demand, budget)
}

/** Copies of every layer within `budget` PEs; called only when one copy of every layer fits. */
type DuplicateFn = (demand: Demand[], budget: number) => number[]

/** PEs of one copy of every layer. */
const pesOf = (demand: Demand[]) => demand.reduce((s, d) => s + d.pes, 0)

/** No duplication: one copy of every layer. */
function none(demand: Demand[]): number[] {
  return demand.map(() => 1)
}

/**
 * CLSA-CIM greedy: give one more copy to the layer with the most steps ceil(S/d) x MVMs per set
 * (earliest layer on ties) while its PEs fit in the remaining budget; stop when that layer no longer
 * fits or cannot get faster.
 */
function greedy(demand: Demand[], budget: number): number[] {
  const d = demand.map(() => 1)
  let free = budget - pesOf(demand)
  for (;;) {
    let worst = 0
    for (let i = 1; i < demand.length; i++) if (steps(demand[i], d[i]) > steps(demand[worst], d[worst])) worst = i
    const w = demand[worst]
    if (w.pes > free || d[worst] >= w.sets) return d
    d[worst]++
    free -= w.pes
  }
}

/**
 * Min-max (the registry key is `optimal`): the least bottleneck T = max ceil(S_l/d_l) x MVMs per set with sum(P_l * d_l) <=
 * budget, found by binary search on T with d_l = ceil(S_l / floor(T / MVMs per set)) (the fewest
 * copies reaching T), so no PE is spent needlessly.
 */
function minMax(demand: Demand[], budget: number): number[] {
  const copiesFor = (t: number) => demand.map((l) => Math.ceil(l.sets / Math.floor(t / l.mvmsPerSet)))
  const cost = (t: number) => copiesFor(t).reduce((s, d, i) => s + demand[i].pes * d, 0)
  let lo = Math.max(...demand.map((l) => l.mvmsPerSet)) // one set per copy: the fastest any layer gets
  let hi = Math.max(...demand.map((l) => l.sets * l.mvmsPerSet)) // d = 1 everywhere: fits (checked by caller)
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2)
    if (cost(mid) <= budget) hi = mid
    else lo = mid + 1
  }
  return copiesFor(lo)
}

/** The function of every strategy in the registry (src/shared/strategies.ts). */
const DUPLICATE = { none, greedy, optimal: minMax } satisfies Record<DuplicationStrategy, DuplicateFn>

/** Throws when a single copy of some layer is larger than the whole chip. */
export function checkFits(maps: LayerMapping[], names: string[], budget: number): void {
  for (const m of maps) {
    if (m.pes > budget) {
      throw new MappingError(`layer "${names[m.layer]}" needs ${m.pes} PEs for one copy but the chip has ${budget}: use larger crossbars or more tiles`)
    }
  }
}
