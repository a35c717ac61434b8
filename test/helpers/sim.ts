/** Runs the production scheduler (buildSets + simulate) on a network with explicit options. */
import { buildSets } from '../../src/main/core/schedule/sets'
import { type Assignment, type Granularity } from '../../src/shared/schemas/spec'
import { simulate, type ScheduleMode, type Segment, type SimulationResult } from '../../src/main/core/schedule/simulate'
import type { Network } from '../../src/main/core/model/ir'

export interface SimOptions {
  granularity: Granularity
  /** Copies per layer index (digital layers ignored); default 1 everywhere. */
  copies?: ArrayLike<number>
  assignment?: Assignment
  inferences?: number
  mode: ScheduleMode
  digitalSteps?: number
  segments?: Segment[]
}

export function simulateNet(net: Network, o: SimOptions): SimulationResult {
  const copies = o.copies ? Int32Array.from(o.copies) : new Int32Array(net.layers.length).fill(1)
  return simulate({
    sets: buildSets(net, o.granularity),
    copies,
    pes: new Int32Array(net.layers.length),
    digitalSteps: o.digitalSteps ?? 0,
    assignment: o.assignment ?? 'interleaved',
    inferences: o.inferences ?? 1,
    segments: o.segments ?? [{ firstLayer: 0, writeSteps: 0 }],
    mode: o.mode,
    record: true,
  })
}

/** Start times of layer `name` (inference 0) as a plain array. */
export function startsOf(net: Network, r: SimulationResult, name: string): number[] {
  const l = net.layers.findIndex((x) => x.name === name)
  if (l < 0) throw new Error(`no layer ${name}`)
  return Array.from(r.starts![l])
}
