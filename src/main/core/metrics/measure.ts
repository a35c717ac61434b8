/** Stage measure: every figure of a run from its stages' outputs (cim-model.md section 7). */
import type { ExperimentResult, ExperimentSpec, LayerResult } from '../../../shared/experiment'
import { placeCopies } from '../mapping/placement'
import { layerMacs, type Network } from '../model/ir'
import { linkEnds, meshLinks, type OnChipNetwork } from '../schedule/noc'
import type { Segment, SimulationResult } from '../schedule/simulate'
import type { Duplicated } from '../stages/duplicate'
import type { Mapped } from '../stages/map'
import type { Resolved } from '../stages/resolve'
import { reprogrammingSteps } from '../../../shared/experiment'
import { scheduleSegments, type ScheduleInput } from '../stages/sets'
import { analyzeBottleneck, layerLoads } from './bottleneck'
import { bottleneckSteps, criticalPathSteps, layerByLayerMakespan } from './bounds'
import { endurance } from './endurance'
import { copyMvm, runEnergy } from './energy'
import { chipAreaMm2, chipPeakPowerW, peAreaMm2 } from './area'
import { chipTiles, throughputPerS } from '../../../shared/formulas'

/** Most points of the utilization timeline. */
export const TIMELINE_POINTS = 1000

/** The figures of a run: everything in its result but the identity (version, hash, spec, documents) and timings. */
export type Measured = Pick<
  ExperimentResult,
  'summary' | 'metrics' | 'energy' | 'layers' | 'placement' | 'tiles' | 'endurance' | 'timeline' | 'bottleneck' | 'noc'
>

export interface MeasureInput {
  spec: ExperimentSpec
  resolved: Resolved
  mapped: Mapped
  duplicated: Duplicated
  schedule: ScheduleInput
  /** The schedule asked for, simulated with its timeline (over the network when there is one). */
  run: SimulationResult
  /** With a network: the network after the run, and the latency of the same schedule without it, steps. */
  noc?: { network: OnChipNetwork; latencyFreeSteps: number }
}

/**
 * Measures a run: latency against the baseline (layer-by-layer without duplication on the same chip)
 * and the lower bound max(critical path, bottleneck), utilization, energy, endurance, the layer table
 * and the utilization timeline.
 */
export function measure({ spec, resolved, mapped, duplicated, schedule, run, noc }: MeasureInput): Measured {
  const { net, arch, stepNs } = resolved
  const { maps, pesChip } = mapped
  const { dup, copies, placement } = duplicated
  const { sets, pes } = schedule
  const n = schedule.inferences
  const latency = run.makespan
  const writeSteps = reprogrammingSteps(arch, stepNs)

  // The baseline: one copy of every layer on the same chip (segments of its own in reload mode), in closed form.
  const baselineSegments = scheduleSegments(
    maps,
    placeCopies(
      maps,
      maps.map(() => 1),
      pesChip,
    ),
    writeSteps,
  )
  const baseline = layerByLayerMakespan({ ...schedule, copies: new Int32Array(net.layers.length).fill(1), segments: baselineSegments })
  const criticalPath = criticalPathSteps(schedule)
  const bottleneck = bottleneckSteps(sets, copies, n)
  const lowerBound = Math.max(criticalPath, bottleneck)

  let mvms = 0
  let digitalOps = 0
  net.layers.forEach((l, i) => {
    if (pes[i] > 0) mvms += pes[i] * sets[i].sets * sets[i].mvmsPerSet * n
    else digitalOps += l.out.c * l.out.h * l.out.w * n
  })
  const busyPeSteps = mvms // one MVM on one PE takes one step
  const pesAllocated = Math.max(...placement.map((s) => s.copies.reduce((a, c) => a + c.pes, 0)))
  const wear = endurance(maps, placement, arch.pesPerTile, n, arch.endurance, spec.inferenceRate)
  const segmentOf = layerSegments(net, schedule.segments)
  const mapOf = new Map(maps.map((m) => [m.layer, m]))
  const loads = layerLoads(schedule, run)
  const layerNames = net.layers.map((l) => l.name)
  const planned = duplicated.plan ? placement : null
  const limiting = analyzeBottleneck({ schedule, run, mode: spec.schedule, maps, dup, pesChip, pesAllocated, writeSteps, layerNames, planned })
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
      cellWrites: wear.layerCellWrites.get(i) ?? 0,
      ...loads[i],
    }
  })
  const line = run.histogram!.downsample(latency, TIMELINE_POINTS)
  const allocatedCells = maps.reduce((a, m, i) => a + m.usedCells * dup[i], 0)
  const allocatedPes = maps.reduce((a, m, i) => a + m.pes * dup[i], 0)
  const tiles = chipTiles({ chipPes: pesChip, pesPerTile: arch.pesPerTile })
  const latencyNs = latency * stepNs
  const energy = runEnergy(
    {
      mvms,
      copyMvms: maps.map((m) => ({ count: sets[m.layer].sets * sets[m.layer].mvmsPerSet * n, work: copyMvm(m, arch) })),
      digitalOps,
      cellWrites: wear.result.totalCellWrites,
      tiles,
      latencyNs,
      bitHops: noc ? noc.network.traffic.byteHops * 8 : 0,
    },
    arch,
  )
  const ops = 2 * layers.reduce((a, l) => a + l.macs, 0) * n
  // Effective TOPS/W counts the energy of the inferences: programming weights that stay is one-time.
  const inferenceNj = energy.totalNj - (wear.result.writesPerInference === 0 ? energy.componentsNj.programming : 0)
  const areaMm2 = chipAreaMm2(arch, pesChip, tiles)
  const traffic = networkFigures(noc, latency, energy.componentsNj.noc)
  return {
    summary: {
      model: net.name,
      schedule: spec.schedule,
      dup: spec.duplication,
      bottleneckLayer: limiting?.layer ?? null,
      pesChip,
      pesAllocated,
      pesMinimum: mapped.pesMinimum,
      latencySteps: latency,
      latencyNs,
      inferences: n,
      throughputPerS: throughputPerS(n, latencyNs),
      lowerBoundSteps: lowerBound,
      utilizationChip: busyPeSteps / (pesChip * latency),
      utilizationAllocated: busyPeSteps / (pesAllocated * latency),
      speedupVsBaseline: baseline / latency,
      totalCellWrites: wear.result.totalCellWrites,
      writesPerInference: wear.result.writesPerInference,
      lifetimeInferences: wear.result.lifetimeInferences,
      energyNj: energy.totalNj,
    },
    metrics: {
      baselineLatencySteps: baseline,
      latencyOverLowerBound: latency / lowerBound,
      criticalPathSteps: criticalPath,
      bottleneckSteps: bottleneck,
      mvms,
      digitalOps,
      busyPeSteps,
      meanCellUtilization: allocatedCells / (allocatedPes * arch.crossbarRows * arch.crossbarCols),
      topsPerW: inferenceNj > 0 ? ops / (inferenceNj * 1e3) : null,
      peakPowerW: chipPeakPowerW(arch, pesChip, tiles),
      areaMm2,
      weightAreaMm2: pesAllocated * peAreaMm2(arch),
      topsPerMm2: latencyNs > 0 && areaMm2 > 0 ? ops / latencyNs / 1e3 / areaMm2 : null,
      ...traffic,
    },
    energy: { breakdownNj: energy.componentsNj },
    layers,
    placement: placement.flatMap((s) => s.copies),
    tiles: wear.tiles,
    endurance: wear.result,
    bottleneck: limiting,
    timeline: { binSteps: line.binSteps, utilization: line.busyPes.map((b) => b / pesChip) },
    noc: noc ? meshResult(noc.network, latency) : null,
  }
}

/** The mesh and every link that carried traffic, with its use over the latency. */
function meshResult(network: OnChipNetwork, latency: number): NonNullable<ExperimentResult['noc']> {
  const { cols, rows } = network.mesh
  const links: NonNullable<ExperimentResult['noc']>['links'] = []
  network.traffic.linkBusySteps.forEach((busySteps, id) => {
    if (busySteps <= 0) return
    const [from, to] = linkEnds(network.mesh, id)
    links.push({ from, to, busySteps, utilization: busySteps / (latency > 0 ? latency : 1) })
  })
  return { cols, rows, links }
}

/** The network's figures: traffic, its energy (nJ, from the energy breakdown), link use over the latency and the latency without it; zero and null without a network. */
function networkFigures(noc: MeasureInput['noc'], latency: number, nocEnergyNj: number) {
  if (!noc) return { nocBytes: 0, nocEnergyNj: 0, latencyNoNocSteps: null, linkUtilizationMean: null, linkUtilizationMax: null }
  const { bytes, linkBusySteps } = noc.network.traffic
  const links = meshLinks(noc.network.mesh)
  const busy = linkBusySteps.reduce((a, b) => a + b, 0)
  const span = latency > 0 ? latency : 1
  return {
    nocBytes: bytes,
    nocEnergyNj,
    latencyNoNocSteps: noc.latencyFreeSteps,
    linkUtilizationMean: links > 0 ? busy / (links * span) : 0,
    linkUtilizationMax: Math.max(0, ...linkBusySteps) / span,
  }
}

/** Segment index of every layer. */
function layerSegments(net: Network, segments: Segment[]): number[] {
  let g = 0
  return net.layers.map((_, i) => {
    while (g + 1 < segments.length && segments[g + 1].firstLayer <= i) g++
    return g
  })
}
