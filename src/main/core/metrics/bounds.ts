import type { LayerSets } from '../schedule/sets'

/**
 * The busiest layer's work: max over MVM layers of ceil(n * S_l / d_l) sets times the MVMs per
 * set, steps. No schedule with these copies can be shorter.
 */
export function bottleneckSteps(sets: LayerSets[], copies: ArrayLike<number>, inferences: number): number {
  let worst = 0
  for (const s of sets) if (s.mvm) worst = Math.max(worst, Math.ceil((inferences * s.sets) / copies[s.layer]) * s.mvmsPerSet)
  return worst
}

/** Layer-by-layer closed form: sum of ceil(S_l / d_l) x MVMs per set plus each digital layer's latency, steps. */
export function layerByLayerSteps(sets: LayerSets[], copies: ArrayLike<number>, digitalSteps: number): number {
  return sets.reduce((t, s) => t + (s.mvm ? Math.ceil(s.sets / copies[s.layer]) * s.mvmsPerSet : digitalSteps), 0)
}
