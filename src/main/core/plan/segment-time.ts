/** The time of one segment of a reload-mode run on its own: its layers only, programmed, inputs ready at time 0. */
import type { LayerSets } from '../schedule/sets'
import { simulate, type ScheduleMode } from '../schedule/simulate'
import type { Assignment } from '../../../shared/schemas/spec'

export interface SegmentRun {
  sets: LayerSets[]
  /** Copies and PEs of one copy per layer of the whole network (as the pipeline's schedule input). */
  copies: ArrayLike<number>
  pes: ArrayLike<number>
  digitalSteps: number
  assignment: Assignment
  mode: ScheduleMode
}

/**
 * The sets of layers [first, last) as a network of their own: producers before `first` are dropped
 * (in reload mode they finished before the segment was programmed), the others renumbered.
 */
function segmentSets(sets: LayerSets[], first: number, last: number): LayerSets[] {
  return sets.slice(first, last).map((s) => ({
    ...s,
    layer: s.layer - first,
    deps: s.deps.filter((d) => d.producer >= first).map((d) => ({ ...d, producer: d.producer - first })),
  }))
}

/**
 * D(1..n): the makespan, steps, of the first 1, 2, ..., n inferences streamed through layers [first, last) alone,
 * from one full simulation of n inferences (later inferences never delay earlier ones: each copy takes its
 * sets inference by inference).
 */
export function segmentMakespans(run: SegmentRun, first: number, last: number, n: number): number[] {
  const slice = <T>(a: ArrayLike<T>) => Array.from(a).slice(first, last)
  const sets = segmentSets(run.sets, first, last)
  const { starts } = simulate({
    sets,
    copies: slice(run.copies),
    pes: slice(run.pes),
    digitalSteps: run.digitalSteps,
    assignment: run.assignment,
    inferences: n,
    segments: [{ firstLayer: 0, writeSteps: 0 }],
    mode: run.mode,
    record: true,
  })
  const ends = new Array<number>(n).fill(0)
  sets.forEach((s, l) => {
    const dur = s.mvm ? s.mvmsPerSet : run.digitalSteps
    for (let k = 0; k < n; k++) for (let i = 0; i < s.sets; i++) ends[k] = Math.max(ends[k], starts![l][k * s.sets + i] + dur)
  })
  for (let k = 1; k < n; k++) ends[k] = Math.max(ends[k], ends[k - 1])
  return ends
}

/** Makespan, steps, of `inferences` inferences streamed through layers [first, last) alone, by the full simulation. */
export function segmentSteps(run: SegmentRun, first: number, last: number, inferences: number): number {
  const slice = <T>(a: ArrayLike<T>) => Array.from(a).slice(first, last)
  return simulate({
    sets: segmentSets(run.sets, first, last),
    copies: slice(run.copies),
    pes: slice(run.pes),
    digitalSteps: run.digitalSteps,
    assignment: run.assignment,
    inferences,
    segments: [{ firstLayer: 0, writeSteps: 0 }],
    mode: run.mode,
  }).makespan
}
