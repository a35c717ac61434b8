import type { LayerSets } from '../schedule/sets'
import { simulate } from '../schedule/simulate'
import type { ScheduleInput } from '../stages/sets'

/**
 * The busiest layer's work: max over MVM layers of ceil(n * S_l / d_l) sets times the MVMs per
 * set, steps. No schedule with these copies can be shorter.
 */
export function bottleneckSteps(sets: LayerSets[], copies: ArrayLike<number>, inferences: number): number {
  let worst = 0
  for (const s of sets) if (s.mvm) worst = Math.max(worst, Math.ceil((inferences * s.sets) / copies[s.layer]) * s.mvmsPerSet)
  return worst
}

/**
 * Layer-by-layer closed form for one inference: sum of ceil(S_l / d_l) x MVMs per set plus each
 * digital layer's latency, over layers first..end-1 (a layer without sets takes no time), steps.
 */
export function layerByLayerSteps(sets: LayerSets[], copies: ArrayLike<number>, digitalSteps: number, first = 0, end = sets.length): number {
  let t = 0
  for (let l = first; l < end; l++) {
    const s = sets[l]
    if (s.sets) t += s.mvm ? Math.ceil(s.sets / copies[s.layer]) * s.mvmsPerSet : digitalSteps
  }
  return t
}

/**
 * Makespan of the layer-by-layer schedule, steps (cim-model.md section 5): every segment's write time
 * plus n times its layers' closed form, since each layer starts when everything before it has ended.
 * Closed form where it equals the simulation bit for bit (whole step counts, summed exactly), else
 * simulated (fractional digital or write steps round differently when added set by set).
 */
export function layerByLayerMakespan(input: ScheduleInput): number {
  const { sets, copies, digitalSteps, inferences: n, segments } = input
  let t = 0
  segments.forEach((g, i) => {
    const end = i + 1 < segments.length ? segments[i + 1].firstLayer : sets.length
    t += g.writeSteps + n * layerByLayerSteps(sets, copies, digitalSteps, g.firstLayer, end)
  })
  const exact = Number.isInteger(digitalSteps) && segments.every((g) => Number.isInteger(g.writeSteps)) && Number.isSafeInteger(t)
  return exact ? t : simulate({ ...input, mode: 'layer-by-layer' }).makespan
}

/**
 * Critical path, steps: the schedule with unlimited copies. Every inference of a batch starts at its
 * segment's start and waits for no other, so one inference gives the makespan of n. When every
 * layer's sets all end at the same time, per layer instead of per set.
 */
export function criticalPathSteps(input: ScheduleInput): number {
  return uniformCriticalPath(input) ?? simulate({ ...input, inferences: 1, mode: 'unbounded' }).makespan
}

/**
 * The critical path per layer, steps: when each set of a layer reads at least one set of every
 * producer (or the whole producer) and the producers' sets all end at once, the layer's sets all
 * start at max(segment start, producers' end) and end together one set duration later. Null when
 * some layer has a set that reads nothing of a producer (e.g. padding), where the set starts earlier.
 */
export function uniformCriticalPath({ sets, digitalSteps, segments }: ScheduleInput): number | null {
  const end = new Float64Array(sets.length)
  let clock = 0
  for (let g = 0; g < segments.length; g++) {
    const last = g + 1 < segments.length ? segments[g + 1].firstLayer : sets.length
    const start = clock + segments[g].writeSteps
    for (let l = segments[g].firstLayer; l < last; l++) {
      const s = sets[l]
      if (!s.sets) return null
      let ready = start
      for (const dep of s.deps) {
        if (!dep.whole && !(everyNonEmpty(dep.rowLo, dep.rowHi) && everyNonEmpty(dep.colLo, dep.colHi))) return null
        if (end[dep.producer] > ready) ready = end[dep.producer]
      }
      end[l] = ready + (s.mvm ? s.mvmsPerSet : digitalSteps)
      if (end[l] > clock) clock = end[l]
    }
  }
  return clock
}

/** True when every range lo[i]..hi[i] holds at least one index. */
function everyNonEmpty(lo: Int32Array, hi: Int32Array): boolean {
  for (let i = 0; i < lo.length; i++) if (lo[i] > hi[i]) return false
  return true
}
