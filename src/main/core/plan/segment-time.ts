/** The time of one segment of a reload-mode run on its own: its layers only, programmed, inputs ready at time 0. */
import type { LayerSets } from '../schedule/sets'
import { simulate, type ScheduleMode, type SimulationInput } from '../schedule/simulate'
import type { Assignment } from '../../../shared/schemas/spec'

export interface SegmentRun {
  sets: LayerSets[]
  /** Copies and PEs of one copy per layer of the whole network (as the pipeline's schedule input). */
  copies: ArrayLike<number>
  pes: ArrayLike<number>
  digitalSteps: number
  assignment: Assignment
  mode: ScheduleMode
  /** Most sets a segment's schedule may simulate set by set (the `sets` limit). */
  maxSets?: number
}

/**
 * The schedule input of layers [first, last) as a network of their own: producers before `first` are dropped
 * (in reload mode they finished before the segment was programmed), the others renumbered.
 */
export function segmentInput(run: SegmentRun, first: number, last: number, inferences: number): SimulationInput {
  const slice = <T>(a: ArrayLike<T>) => Array.from(a).slice(first, last)
  return {
    sets: run.sets.slice(first, last).map((s) => ({
      ...s,
      layer: s.layer - first,
      deps: s.deps.filter((d) => d.producer >= first).map((d) => ({ ...d, producer: d.producer - first })),
    })),
    copies: slice(run.copies),
    pes: slice(run.pes),
    digitalSteps: run.digitalSteps,
    assignment: run.assignment,
    inferences,
    segments: [{ firstLayer: 0, writeSteps: 0 }],
    mode: run.mode,
    maxSets: run.maxSets,
  }
}

/**
 * D(b) for every batch b <= n: the makespan, steps, of the first b inferences streamed through layers [first, last)
 * alone, from one simulation of n inferences (exact: later inferences never delay earlier ones, and once the segment
 * is periodic the rest follows in closed form).
 */
export function segmentMakespans(run: SegmentRun, first: number, last: number, n: number): (b: number) => number {
  return simulate({ ...segmentInput(run, first, last, n), prefixes: true }).makespanOf!
}
