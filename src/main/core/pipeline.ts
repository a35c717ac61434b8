import { createHash } from 'node:crypto'
import { SPEC_DEFAULTS, type ExperimentResult, type ExperimentSpec, type LayerResult } from '../../shared/experiment'
import { PROGRAM_VERSION } from '../../shared/version'
import { mvmLatencyNs } from './arch/spec'
import { bottleneckSteps } from './metrics/bounds'
import { endurance } from './metrics/endurance'
import { energyNj } from './metrics/energy'
import { checkRunLimits, type Limits } from './limits'
import { checkFits, duplicate } from './mapping/duplication'
import { chipPes, mapLayers, minimumPes } from './mapping/pes'
import { placeCopies, type PlacementSegment } from './mapping/placement'
import { layerMacs, type Network } from './model/ir'
import { resolveArchitecture, resolveNetwork } from './resolve'
import { buildSets } from './schedule/sets'
import { simulate, type Segment } from './schedule/simulate'

/** Progress of a run: fraction done in [0, 1] and the stage just finished. */
export interface Progress {
  fraction: number
  step: string
}

export interface RunHooks {
  signal?: AbortSignal
  onProgress?: (p: Progress) => void
  /** Size limits of the run; default currentLimits() (the defaults and $CIM_LIMITS). */
  limits?: Limits
}

/** Most points of the utilization timeline. */
export const TIMELINE_POINTS = 1000

/** A spec with every optional field filled with its default. */
export function withDefaults(spec: Partial<ExperimentSpec> & Pick<ExperimentSpec, 'network' | 'arch'>): ExperimentSpec {
  return { ...SPEC_DEFAULTS, ...spec }
}

/** sha256 of a value's canonical JSON (object keys sorted). */
export function contentHash(value: unknown): string {
  const canon = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canon((v as Record<string, unknown>)[k])]),
          )
        : v
  return createHash('sha256')
    .update(JSON.stringify(canon(value)))
    .digest('hex')
}

const STAGES = ['resolve', 'map', 'duplicate', 'sets', 'schedule', 'baseline', 'lowerBound', 'metrics'] as const

/**
 * Runs one experiment: resolve the network and chip -> map layers to PEs -> duplicate weights ->
 * build sets and dependencies -> schedule -> baseline and lower bound -> measure.
 * Cancellable between stages through hooks.signal; reports progress after each stage.
 */
export async function runExperiment(spec: ExperimentSpec, hooks: RunHooks = {}): Promise<ExperimentResult> {
  const timingsMs: Record<string, number> = {}
  const t0 = performance.now()
  let clock = t0
  let stage = 0
  const done = async (name: (typeof STAGES)[number]) => {
    const now = performance.now()
    timingsMs[name] = now - clock
    hooks.onProgress?.({ fraction: ++stage / STAGES.length, step: name })
    if (hooks.signal) {
      await new Promise((r) => setImmediate(r))
      hooks.signal.throwIfAborted()
    }
    clock = performance.now()
  }
  hooks.signal?.throwIfAborted()

  const net = resolveNetwork(spec.network)
  const arch = resolveArchitecture(spec.arch, spec.chip)
  const stepNs = mvmLatencyNs(arch)
  await done('resolve')

  const maps = mapLayers(net, arch)
  if (!maps.length) throw new Error(`network "${net.name}" has no MVM layer (conv or dense) to map`)
  const pesMinimum = minimumPes(maps)
  const pesChip = chipPes(arch, pesMinimum)
  checkRunLimits(net, maps, { pes: pesChip, pesPerTile: arch.pesPerTile }, spec.granularity, spec.inferences, hooks.limits)
  checkFits(
    maps,
    net.layers.map((l) => l.name),
    pesChip,
  )
  await done('map')

  const sets = buildSets(net, spec.granularity)
  const dup = duplicate(
    spec.duplication,
    maps,
    maps.map((m) => sets[m.layer].sets),
    pesChip,
    maps.map((m) => sets[m.layer].mvmsPerSet),
  )
  const segments = placeCopies(maps, dup, pesChip)
  const copies = new Int32Array(net.layers.length).fill(1)
  const pes = new Int32Array(net.layers.length)
  maps.forEach((m, i) => {
    copies[m.layer] = dup[i]
    pes[m.layer] = m.pes
  })
  await done('duplicate')

  // Reload mode: every segment is programmed (all its PEs in parallel, row by row) before it runs.
  const reloadSteps = (arch.crossbarRows * arch.rowWriteNs) / stepNs
  const toSegments = (placed: PlacementSegment[]): Segment[] =>
    placed.map((s, g) => ({ firstLayer: g === 0 ? 0 : maps[s.firstMap].layer, writeSteps: placed.length > 1 ? reloadSteps : 0 }))
  const simSegments = toSegments(segments)
  const common = {
    sets,
    pes,
    digitalSteps: arch.gpeuLatencyNs / stepNs,
    assignment: spec.assignment,
    inferences: spec.inferences,
  }
  await done('sets')

  const run = simulate({ ...common, copies, segments: simSegments, mode: spec.schedule, timeline: true })
  await done('schedule')

  const baseSegments = toSegments(
    placeCopies(
      maps,
      maps.map(() => 1),
      pesChip,
    ),
  )
  const baseline = simulate({ ...common, copies: new Int32Array(net.layers.length).fill(1), segments: baseSegments, mode: 'layer-by-layer' })
  await done('baseline')

  const criticalPath = simulate({ ...common, copies, segments: simSegments, mode: 'unbounded' }).makespan
  const bottleneck = bottleneckSteps(sets, copies, spec.inferences)
  const lowerBound = Math.max(criticalPath, bottleneck)
  await done('lowerBound')

  const n = spec.inferences
  const latency = run.makespan
  let mvms = 0
  let digitalOps = 0
  net.layers.forEach((l, i) => {
    if (pes[i] > 0) mvms += pes[i] * sets[i].sets * sets[i].mvmsPerSet * n
    else digitalOps += l.out.c * l.out.h * l.out.w * n
  })
  const busyPeSteps = mvms // one MVM on one PE takes one step
  const pesAllocated = Math.max(...segments.map((s) => s.copies.reduce((a, c) => a + c.pes, 0)))
  const wear = endurance(maps, segments, arch.pesPerTile, n, arch.endurance, spec.inferenceRate)
  const segmentOf = layerSegments(net, simSegments)
  const mapOf = new Map(maps.map((m) => [m.layer, m]))
  const layers: LayerResult[] = net.layers.map((l, i) => {
    const m = mapOf.get(i)
    return {
      name: l.name,
      kind: l.kind,
      out: l.out,
      k: m?.k ?? null,
      n: m?.n ?? null,
      groups: m?.groups ?? null,
      copies: m ? copies[i] : 0,
      pes: m?.pes ?? 0,
      cellUtilization: m?.cellUtilization ?? null,
      sets: sets[i].sets,
      macs: layerMacs(net, l),
      startSteps: run.layerStart[i],
      endSteps: run.layerEnd[i],
      busySteps: m ? sets[i].sets * sets[i].mvmsPerSet * n : 0,
      segment: segmentOf[i],
    }
  })
  const line = run.histogram!.downsample(latency, TIMELINE_POINTS)
  const allocatedCells = maps.reduce((a, m, i) => a + m.usedCells * dup[i], 0)
  const allocatedPes = maps.reduce((a, m, i) => a + m.pes * dup[i], 0)
  const energy = energyNj(mvms, arch.mvmEnergyPj, digitalOps, arch.digitalOpEnergyPj, wear.result.totalCellWrites, arch.cellWriteEnergyPj)
  const resolvedArch = { ...arch, chipPes: pesChip, mvmLatencyNs: stepNs }
  const options = {
    duplication: spec.duplication,
    schedule: spec.schedule,
    granularity: spec.granularity,
    assignment: spec.assignment,
    inferences: n,
    inferenceRate: spec.inferenceRate,
  }
  const result: ExperimentResult = {
    programVersion: PROGRAM_VERSION,
    inputHash: contentHash({ network: net, architecture: resolvedArch, options, version: PROGRAM_VERSION }),
    spec,
    network: net,
    architecture: resolvedArch,
    summary: {
      model: net.name,
      schedule: spec.schedule,
      dup: spec.duplication,
      pesChip,
      pesAllocated,
      pesMinimum,
      latencySteps: latency,
      latencyNs: latency * stepNs,
      lowerBoundSteps: lowerBound,
      utilizationChip: busyPeSteps / (pesChip * latency),
      utilizationAllocated: busyPeSteps / (pesAllocated * latency),
      speedupVsBaseline: baseline.makespan / latency,
      totalCellWrites: wear.result.totalCellWrites,
      writesPerInference: wear.result.writesPerInference,
      lifetimeInferences: wear.result.lifetimeInferences,
      energyNj: energy,
    },
    metrics: {
      baselineLatencySteps: baseline.makespan,
      latencyOverLowerBound: latency / lowerBound,
      criticalPathSteps: criticalPath,
      bottleneckSteps: bottleneck,
      throughputInfPerS: n / (latency * stepNs * 1e-9),
      mvms,
      digitalOps,
      busyPeSteps,
      meanCellUtilization: allocatedCells / (allocatedPes * arch.crossbarRows * arch.crossbarCols),
    },
    layers,
    placement: segments.flatMap((s) => s.copies),
    tiles: wear.tiles,
    endurance: wear.result,
    timeline: { binSteps: line.binSteps, utilization: line.busyPes.map((b) => b / pesChip) },
    timingsMs,
  }
  await done('metrics')
  timingsMs.total = performance.now() - t0
  return result
}

/** Segment index of every layer. */
function layerSegments(net: Network, segments: Segment[]): number[] {
  let g = 0
  return net.layers.map((_, i) => {
    while (g + 1 < segments.length && segments[g + 1].firstLayer <= i) g++
    return g
  })
}
