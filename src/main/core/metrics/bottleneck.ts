/**
 * Bottleneck analysis (cim-model.md section 7): each layer's work per copy and what its copies and sets
 * wait for, the layer whose work bounds the latency, the chain of layers the run ends on, and what one
 * more copy of that layer does, checked by scheduling it again.
 */
import type { Bottleneck, LayerLoad } from '../../../shared/experiment'
import { formatCount, formatPes, formatSteps } from '../../../shared/charts/format'
import type { LayerMapping } from '../mapping/pes'
import { placeCopies, type PlacementSegment } from '../mapping/placement'
import { simulate, type ScheduleMode, type SimulationResult } from '../schedule/simulate'
import { scheduleSegments, type ScheduleInput } from '../stages/sets'

/**
 * Per layer: per-copy work for one inference (ceil(S_l / d_l) x MVMs per set, steps), busy fraction
 * (MVM work / (d_l x latency)), copy-steps idle waiting for inputs and set-steps waiting for a free copy;
 * null for digital layers.
 */
export function layerLoads({ sets, copies, inferences: n }: ScheduleInput, run: SimulationResult): LayerLoad[] {
  return sets.map((s, l) => {
    if (!s.mvm) return { perCopySteps: null, busyFraction: null, waitInputsSteps: null, waitCopySteps: null }
    const d = copies[l]
    return {
      perCopySteps: Math.ceil(s.sets / d) * s.mvmsPerSet,
      busyFraction: run.makespan > 0 ? (n * s.sets * s.mvmsPerSet) / (d * run.makespan) : 0,
      waitInputsSteps: run.waitInputs[l],
      waitCopySteps: run.waitCopy[l],
    }
  })
}

/** Index of the MVM layer with the most per-copy work (the first of equals), or -1 without MVM layers. */
export function bottleneckLayer({ sets, copies }: Pick<ScheduleInput, 'sets' | 'copies'>): number {
  let worst = -1
  let work = -1
  for (const s of sets) {
    if (!s.mvm) continue
    const w = Math.ceil(s.sets / copies[s.layer]) * s.mvmsPerSet
    if (w > work) [worst, work] = [s.layer, w]
  }
  return worst
}

/**
 * The critical path as a chain of layer indices, first to last: from the layer that ends last, each
 * step goes back to the producer that ends last (the one whose output the run waited on longest).
 */
export function criticalChain(sets: ScheduleInput['sets'], run: Pick<SimulationResult, 'layerEnd'>): number[] {
  let l = 0
  for (let i = 1; i < sets.length; i++) if (run.layerEnd[i] >= run.layerEnd[l]) l = i
  const chain = [l]
  for (;;) {
    const deps = sets[l].deps
    if (!deps.length) break
    l = deps.reduce((a, d) => (run.layerEnd[d.producer] > run.layerEnd[a] ? d.producer : a), deps[0].producer)
    chain.push(l)
  }
  return chain.reverse()
}

export interface BottleneckInput {
  schedule: ScheduleInput
  run: SimulationResult
  mode: ScheduleMode
  maps: LayerMapping[]
  /** Copies of each mapping, in the order of maps. */
  dup: number[]
  pesChip: number
  /** PEs holding copies (the fullest segment's in reload mode). */
  pesAllocated: number
  /** Time to program one segment in reload mode, steps. */
  writeSteps: number
  layerNames: string[]
  /** The segments of a reload plan (their cuts stay; a copy fits after the segment's last PE), or null when the cuts are where the chip fills. */
  planned: PlacementSegment[] | null
}

/**
 * The bottleneck of a run and one more copy of it: placed on the chip with the same number of reload
 * segments if it fits (in a reload plan: in the PEs after its segment's), then scheduled again with the
 * run's schedule; null without MVM layers.
 */
export function analyzeBottleneck({
  schedule,
  run,
  mode,
  maps,
  dup,
  pesChip,
  pesAllocated,
  writeSteps,
  layerNames,
  planned,
}: BottleneckInput): Bottleneck | null {
  const layer = bottleneckLayer(schedule)
  if (layer < 0) return null
  const { sets, copies, inferences: n } = schedule
  const s = sets[layer]
  const d = copies[layer]
  const workSteps = n * Math.ceil(s.sets / d) * s.mvmsPerSet
  const estimatedSavingSteps = workSteps - n * Math.ceil(s.sets / (d + 1)) * s.mvmsPerSet
  const m = maps.findIndex((x) => x.layer === layer)
  const { fits, segments } = planned ? plannedRoom(planned, layer, maps[m].pes, pesChip, schedule) : filledRoom(maps, dup, m, pesChip, writeSteps, schedule)
  const latencySteps = fits ? simulate({ ...schedule, copies: copiesWith(copies, layer, d + 1), segments, mode }).makespan : null
  const name = layerNames[layer]
  const bound = `latency is bound by ${name} (${formatSteps(workSteps)} of work on ${d} ${d === 1 ? 'copy' : 'copies'})`
  const check =
    latencySteps === null
      ? `one more copy (${formatPes(maps[m].pes)}) does not fit: ${formatCount(pesChip - pesAllocated)} of ${formatPes(pesChip)} are free`
      : `one more copy would save ~${formatSteps(estimatedSavingSteps)}; run again with ${d + 1} copies it saves ${formatSteps(run.makespan - latencySteps)} (${formatSteps(run.makespan)} -> ${formatSteps(latencySteps)})`
  return {
    layer: name,
    copies: d,
    workSteps,
    criticalPath: criticalChain(sets, run).map((i) => layerNames[i]),
    oneMoreCopy: { pes: maps[m].pes, fits, estimatedSavingSteps, latencySteps, savedSteps: latencySteps === null ? null : run.makespan - latencySteps },
    line: `${bound}; ${check}`,
  }
}

/** One more copy of mapping m with the segments cut where the chip fills: it fits when the segment count stays. */
function filledRoom(maps: LayerMapping[], dup: number[], m: number, pesChip: number, writeSteps: number, schedule: ScheduleInput) {
  const placed = placeCopies(
    maps,
    dup.map((c, i) => (i === m ? c + 1 : c)),
    pesChip,
  )
  return { fits: placed.length === schedule.segments.length, segments: scheduleSegments(maps, placed, writeSteps) }
}

/** One more copy of a layer in a reload plan: it fits when its segment's last PE leaves room for it; the cuts stay. */
function plannedRoom(planned: PlacementSegment[], layer: number, pes: number, pesChip: number, schedule: ScheduleInput) {
  const segment = planned.find((s) => s.copies.some((c) => c.layer === layer))!
  const end = Math.max(...segment.copies.map((c) => c.firstPe + c.pes))
  return { fits: end + pes <= pesChip, segments: schedule.segments }
}

function copiesWith(copies: ArrayLike<number>, layer: number, d: number): Int32Array {
  const next = Int32Array.from(copies)
  next[layer] = d
  return next
}
