/**
 * Labels that tell runs apart: a run shown with others is named by what differs among them (network,
 * schedule and duplication, chip, crossbar, extra PEs), so "#6 +64 PEs" and "#14 +128 PEs" rather than
 * the same "tinyyolov4 · CLSA-CIM, greedy duplication" twice. Compare, trade-offs, reports and legends use it.
 */
import { DUPLICATION_LABELS, SCHEDULE_LABELS, strategyLabel } from './charts/labels'
import type { Architecture, DuplicationStrategy, ExperimentResult, ScheduleKind } from './experiment'
import { crossbarSize, extraPes } from './metrics/summary'

/** What a run ran, as far as labels tell runs apart. */
export interface RunFacts {
  network?: string
  schedule: ScheduleKind
  dup: DuplicationStrategy
  /** Chip (architecture) name. */
  chip?: string
  /** Crossbar rows x columns: "256x256". */
  crossbar?: string | null
  /** Chip PEs beyond the network minimum. */
  extraPes?: number | null
}

/** The facts labels may name, in the order they name them. */
export type Facet = 'network' | 'strategy' | 'chip' | 'crossbar' | 'extraPes'

/** Each facet's text for a run; the strategy names only the schedule or the duplication when the other is the same for all runs. */
const FACETS: Record<Facet, (f: RunFacts) => string> = {
  network: (f) => f.network ?? '',
  strategy: (f) => strategyLabel(f.schedule, f.dup),
  chip: (f) => f.chip ?? '',
  crossbar: (f) => (f.crossbar ? `${f.crossbar} crossbars` : ''),
  extraPes: (f) => (f.extraPes === null || f.extraPes === undefined ? '' : `+${f.extraPes} PEs`),
}
const ORDER = Object.keys(FACETS) as Facet[]

const differs = (facts: RunFacts[], text: (f: RunFacts) => string) => new Set(facts.map(text)).size > 1

/**
 * What tells each run apart from the others shown with it: the texts of the facets whose values differ,
 * joined by " · ", plus the facets in `always`. When nothing differs (one run), the network and the strategy.
 */
export function tellingApart(facts: RunFacts[], always: Facet[] = []): string[] {
  const scheduleDiffers = differs(facts, (f) => f.schedule)
  const dupDiffers = differs(facts, (f) => f.dup)
  const strategy = (f: RunFacts) =>
    scheduleDiffers === dupDiffers || always.includes('strategy')
      ? FACETS.strategy(f)
      : scheduleDiffers
        ? SCHEDULE_LABELS[f.schedule]
        : DUPLICATION_LABELS[f.dup]
  const text = (facet: Facet) => (facet === 'strategy' ? strategy : FACETS[facet])
  let shown = ORDER.filter((facet) => always.includes(facet) || differs(facts, text(facet)))
  if (!shown.length) shown = ['network', 'strategy']
  return facts.map((f) =>
    shown
      .map((facet) => text(facet)(f))
      .filter(Boolean)
      .join(' · '),
  )
}

/** "#6 +64 PEs": run ids followed by what tells each run apart (see tellingApart). */
export function runLabels(runs: (RunFacts & { id: number })[], always: Facet[] = []): string[] {
  return tellingApart(runs, always).map((t, i) => `#${runs[i].id}${t ? ` ${t}` : ''}`)
}

/** A finished run's facts, from its result. */
export function resultFacts(r: Pick<ExperimentResult, 'summary'> & { architecture: Pick<Architecture, 'name' | 'crossbarRows' | 'crossbarCols'> }): RunFacts {
  const s = r.summary
  const a = r.architecture
  return { network: s.model, schedule: s.schedule, dup: s.dup, chip: a.name, crossbar: crossbarSize(a), extraPes: extraPes(s) }
}
