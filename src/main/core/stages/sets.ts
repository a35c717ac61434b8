/** Stage sets: the sets and dependencies of every layer, and everything else the schedule times them with. */
import { reprogrammingSteps, type ExperimentSpec } from '../../../shared/experiment'
import type { LayerMapping } from '../mapping/pes'
import type { PlacementSegment } from '../mapping/placement'
import { buildSets } from '../schedule/sets'
import { currentLimits, type Limits } from '../limits'
import type { Segment, SimulationInput } from '../schedule/simulate'
import type { Resolved } from './resolve'
import type { Mapped } from './map'
import type { Duplicated } from './duplicate'

/** What any schedule of a run needs, short of the mode. */
export type ScheduleInput = Omit<SimulationInput, 'mode' | 'record' | 'timeline'>

/** The schedule's segments of a placement: each programmed before it runs when there are several (reload mode). */
export function scheduleSegments(maps: LayerMapping[], placed: PlacementSegment[], writeSteps: number): Segment[] {
  return placed.map((s, g) => ({ firstLayer: g === 0 ? 0 : maps[s.firstMap].layer, writeSteps: placed.length > 1 ? writeSteps : 0 }))
}

/**
 * Builds the sets and the schedule input of a run: sets, copies, PEs per copy, digital latency, segments, in steps,
 * and the most sets any schedule of it may simulate set by set (the `sets` limit).
 */
export function prepareSets(
  spec: ExperimentSpec,
  { net, arch, stepNs }: Resolved,
  { maps }: Mapped,
  { copies, placement, inferences }: Duplicated,
  limits: Limits = currentLimits(),
): ScheduleInput {
  const pes = new Int32Array(net.layers.length)
  for (const m of maps) pes[m.layer] = m.pes
  return {
    sets: buildSets(net, spec.granularity),
    copies,
    pes,
    digitalSteps: arch.gpeuLatencyNs / stepNs,
    assignment: spec.assignment,
    inferences,
    segments: scheduleSegments(maps, placement, reprogrammingSteps(arch, stepNs)),
    maxSets: limits.sets,
  }
}
