import { presetArchitecture } from '../../src/main/core/arch/presets'
import { duplicate } from '../../src/main/core/mapping/duplication'
import { chipPes, mapLayers, minimumPes } from '../../src/main/core/mapping/pes'
import { zooNetwork } from '../../src/main/core/model/zoo'
import { runExperiment, withDefaults } from '../../src/main/core/pipeline'
import { planForTarget } from '../../src/main/core/target'
import { buildSets } from '../../src/main/core/schedule/sets'
import { simulate } from '../../src/main/core/schedule/simulate'
import type { Noc } from '../../src/shared/schemas/spec'

/** Median of a list of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

/**
 * Median wall time (ms) of the full pipeline for a zoo network: map, greedy duplication, CLSA schedule, baseline, lower bound, metrics;
 * with `noc: 'mesh'` the schedule runs over the on-chip network (and once more without it, for latencyNoNocSteps).
 */
export async function benchPipeline(model: string, repeats = 15, noc: Noc = 'none'): Promise<{ medianMs: number; firstMs: number }> {
  const spec = withDefaults({ network: { zoo: model }, arch: { preset: 'clsa-cim' }, chip: { extraPes: 64 }, duplication: 'greedy', schedule: 'clsa', noc })
  const times: number[] = []
  for (let i = 0; i < repeats; i++) {
    const t = performance.now()
    await runExperiment(spec)
    times.push(performance.now() - t)
  }
  return { medianMs: median(times.slice(1)), firstMs: times[0] }
}

/** Sets scheduled per second by the CLSA recurrence alone (greedy duplication, 64 extra PEs, pixel sets). */
export function benchSchedule(model: string, repeats = 20): { sets: number; medianMs: number; setsPerSecond: number } {
  const net = zooNetwork(model)
  const arch = presetArchitecture('clsa-cim')
  const maps = mapLayers(net, arch)
  const sets = buildSets(net, 'pixel')
  const dup = duplicate(
    'greedy',
    maps,
    maps.map((m) => sets[m.layer].sets),
    chipPes({ ...arch, extraPes: 64 }, minimumPes(maps)),
  )
  const copies = new Int32Array(net.layers.length).fill(1)
  const pes = new Int32Array(net.layers.length)
  maps.forEach((m, i) => ((copies[m.layer] = dup[i]), (pes[m.layer] = m.pes)))
  const total = sets.reduce((a, s) => a + s.sets, 0)
  const times: number[] = []
  for (let i = 0; i < repeats; i++) {
    const t = performance.now()
    simulate({ sets, copies, pes, digitalSteps: 0, assignment: 'interleaved', inferences: 1, segments: [{ firstLayer: 0, writeSteps: 0 }], mode: 'clsa' })
    times.push(performance.now() - t)
  }
  const ms = median(times.slice(2))
  return { sets: total, medianMs: ms, setsPerSecond: total / (ms / 1000) }
}

/** Median wall time (ms) of planning TinyYOLOv4 for 2000 inferences/s (greedy, CLSA): the search and the full run of the answer. */
export async function benchTarget(repeats = 5): Promise<{ medianMs: number; scheduled: number }> {
  const spec = withDefaults({ network: { zoo: 'tinyyolov4' }, arch: { preset: 'clsa-cim' } })
  const times: number[] = []
  let scheduled = 0
  for (let i = 0; i < repeats; i++) {
    const t = performance.now()
    scheduled = (await planForTarget(spec, { fps: 2000 })).report.candidatesEvaluated
    times.push(performance.now() - t)
  }
  return { medianMs: median(times.slice(1)), scheduled }
}

/**
 * A batch against one inference: median wall time (ms) of the TinyYOLOv4 pipeline at the defaults (+64 PEs, greedy,
 * CLSA) for 1 and for `batch` inferences streamed back to back, and how many of them the schedule simulated set by set.
 */
export async function benchBatch(batch = 4096, repeats = 11): Promise<{ oneMs: number; batchMs: number; simulated: number }> {
  const spec = withDefaults({ network: { zoo: 'tinyyolov4' }, arch: { preset: 'clsa-cim' }, chip: { extraPes: 64 } })
  const time = async (inferences: number) => {
    const times: number[] = []
    for (let i = 0; i < repeats; i++) {
      const t = performance.now()
      await runExperiment({ ...spec, inferences })
      times.push(performance.now() - t)
    }
    return median(times.slice(1))
  }
  const oneMs = await time(1)
  const batchMs = await time(batch)
  const net = zooNetwork('tinyyolov4')
  const maps = mapLayers(net, presetArchitecture('clsa-cim'))
  const sets = buildSets(net, 'pixel')
  const dup = duplicate(
    'greedy',
    maps,
    maps.map((m) => sets[m.layer].sets),
    chipPes({ ...presetArchitecture('clsa-cim'), extraPes: 64 }, minimumPes(maps)),
  )
  const copies = new Int32Array(net.layers.length).fill(1)
  maps.forEach((m, i) => (copies[m.layer] = dup[i]))
  const pes = new Int32Array(net.layers.length)
  const input = {
    sets,
    copies,
    pes,
    digitalSteps: 0,
    assignment: 'interleaved' as const,
    inferences: batch,
    segments: [{ firstLayer: 0, writeSteps: 0 }],
    mode: 'clsa' as const,
  }
  return { oneMs, batchMs, simulated: simulate(input).simulatedInferences }
}

/** Wall time (ms) of the planned run of the issue: TinyYOLOv4 on 60 PEs for 10 years at 30 inferences/s, and its planning. */
export async function benchLifetimePlan(): Promise<{ totalMs: number; planMs: number; batch: number }> {
  const spec = withDefaults({ network: { zoo: 'tinyyolov4' }, arch: { preset: 'clsa-cim' }, chip: { pes: 60 }, lifetimeTarget: { years: 10 } })
  const r = await runExperiment(spec)
  return { totalMs: r.timingsMs.total, planMs: r.timingsMs.duplicate, batch: r.summary.inferences }
}
