/** What a run's header says about duplication: the strategy asked for, or why it was off. */
import { DUPLICATION_LABELS } from '../../../shared/charts/labels'
import type { DuplicationStrategy, ExperimentResult } from '../../../shared/experiment'

export interface HeaderTag {
  label: string
  /** Why, on hover. */
  title: string
}

/**
 * The duplication tag of a run: the strategy when it made copies; inside segments for a reload plan; "duplication
 * off" when the network does not fit (reload mode, one copy per layer) or no copy fits in the spare PEs.
 */
export function duplicationTag(strategy: DuplicationStrategy, result: Pick<ExperimentResult, 'layers' | 'endurance' | 'plan'> | null): HeaderTag {
  const asked = DUPLICATION_LABELS[strategy]
  if (strategy === 'none' || !result) return { label: asked, title: `strategy: ${asked}` }
  if (result.plan) {
    return {
      label: `${asked} inside reload segments`,
      title: `a reload plan for a lifetime target: ${asked} duplicates the slow layers of each segment on the whole chip where that is faster`,
    }
  }
  if (result.endurance.reloadMode) {
    return {
      label: 'duplication off (reload mode)',
      title: `${asked} was asked for, but the network does not fit the chip: one copy per layer, reprogrammed segment by segment`,
    }
  }
  if (result.layers.every((l) => l.copies <= 1)) {
    return { label: 'duplication off (no spare PEs)', title: `${asked} was asked for, but no layer's copy fits in the PEs left over` }
  }
  return { label: asked, title: `strategy: ${asked}` }
}
