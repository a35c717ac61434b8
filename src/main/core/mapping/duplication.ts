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
  let d = demand.map(() => 1)
  for (const step of greedySteps(demand)) {
    if (step.budget > budget) break
    d = step.dup
  }
  return d
}

/**
 * Greedy's copies in the order it adds them, whatever the budget: the layer it picks never depends on
 * the budget, so greedy(B) is the longest prefix whose PEs fit in B. Yields the PEs and copies after each
 * increment; ends when the slowest layer cannot get faster (d = S).
 */
function* greedySteps(demand: Demand[]): Generator<DuplicationStep> {
  const d = demand.map(() => 1)
  let budget = pesOf(demand)
  for (;;) {
    let worst = 0
    for (let i = 1; i < demand.length; i++) if (steps(demand[i], d[i]) > steps(demand[worst], d[worst])) worst = i
    if (d[worst] >= demand[worst].sets) return
    d[worst]++
    budget += demand[worst].pes
    yield { budget, dup: [...d] }
  }
}

/**
 * Min-max (the registry key is `optimal`): the least bottleneck T = max ceil(S_l/d_l) x MVMs per set with sum(P_l * d_l) <=
 * budget, found by binary search on T with d_l = ceil(S_l / floor(T / MVMs per set)) (the fewest
 * copies reaching T), so no PE is spent needlessly.
 */
function minMax(demand: Demand[], budget: number): number[] {
  const cost = (t: number) => pesFor(demand, minMaxCopies(demand, t))
  let lo = Math.max(...demand.map((l) => l.mvmsPerSet)) // one set per copy: the fastest any layer gets
  let hi = Math.max(...demand.map((l) => l.sets * l.mvmsPerSet)) // d = 1 everywhere: fits (checked by caller)
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2)
    if (cost(mid) <= budget) hi = mid
    else lo = mid + 1
  }
  return minMaxCopies(demand, lo)
}

/** The fewest copies with which every layer takes at most t steps: d_l = ceil(S_l / floor(t / MVMs per set)). */
const minMaxCopies = (demand: Demand[], t: number) => demand.map((l) => Math.ceil(l.sets / Math.floor(t / l.mvmsPerSet)))

/** PEs of the copies d. */
const pesFor = (demand: Demand[], d: number[]) => d.reduce((s, c, i) => s + demand[i].pes * c, 0)

/**
 * Min-max's distinct copies as the budget grows: min-max(B) is minMaxCopies(T) for the least T whose PEs
 * fit, and the copies only grow as T falls, so walking T down from the slowest layer's steps and yielding
 * each change gives every budget at which the copies change.
 */
function* minMaxSteps(demand: Demand[]): Generator<DuplicationStep> {
  const fastest = Math.max(...demand.map((l) => l.mvmsPerSet))
  let budget = pesOf(demand)
  for (let t = Math.max(...demand.map((l) => l.sets * l.mvmsPerSet)) - 1; t >= fastest; t--) {
    const dup = minMaxCopies(demand, t)
    const pes = pesFor(demand, dup)
    if (pes > budget) yield { budget: (budget = pes), dup }
  }
}

/** The copies a strategy chooses from the least budget on which they are its choice. */
export interface DuplicationStep {
  /** The least chip PEs with which the strategy chooses `dup`. */
  budget: number
  /** Copies d_l of each MVM layer, in the order of the mappings. */
  dup: number[]
}

/**
 * Every distinct choice of a strategy as the chip grows from one copy of every layer, in increasing
 * budget, the first being one copy each at the network minimum: duplicate(strategy, ..., B) is the
 * last step whose budget is at most B. Lazy: the caller stops when it has what it needs.
 */
export function* duplicationSteps(
  strategy: DuplicationStrategy,
  maps: LayerMapping[],
  sets: number[],
  mvmsPerSet: number[] = sets.map(() => 1),
): Generator<DuplicationStep> {
  const demand = maps.map((m, i) => ({ sets: sets[i], mvmsPerSet: mvmsPerSet[i], pes: m.pes }))
  yield { budget: pesOf(demand), dup: demand.map(() => 1) }
  if (strategy === 'greedy') yield* greedySteps(demand)
  else if (strategy === 'optimal') yield* minMaxSteps(demand)
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
