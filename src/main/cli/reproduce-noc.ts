/** The data-movement table of docs/validation.md: CLSA-CIM + greedy against layer-by-layer, both over the on-chip mesh. */
import { ZOO } from '../core/model/zoo'
import { runExperiment, withDefaults } from '../core/pipeline'
import { runVariant } from './experiments'

/** Extra-PE counts of the data-movement table. */
export const NOC_EXTRA_PES = [0, 16, 64, 256]

/** One row: both schedules with the mesh model on, and the speedup the same chip gives when data movement is free. */
export interface NocRow {
  model: string
  extraPes: number
  /** Layer-by-layer without duplication over the mesh, steps. */
  baselineLatencySteps: number
  /** CLSA-CIM + greedy over the mesh, steps. */
  latencySteps: number
  /** The same two without the network: baseline / CLSA-CIM + greedy. */
  speedupFree: number
  /** Baseline / CLSA-CIM + greedy, both over the mesh. */
  speedup: number
  /** CLSA-CIM + greedy: bytes sent between tiles, and the busiest link's use. */
  nocBytes: number
  linkUtilizationMax: number
}

/** The data-movement rows for the given zoo networks (all by default) at NOC_EXTRA_PES, at the clsa-cim preset's network. */
export async function reproduceNoc(models = ZOO.map((z) => z.name), extraPes = NOC_EXTRA_PES): Promise<NocRow[]> {
  const rows: NocRow[] = []
  for (const model of models) {
    for (const extra of extraPes) {
      const spec = withDefaults({ network: { zoo: model }, arch: { preset: 'clsa-cim' }, chip: { extraPes: extra }, noc: 'mesh' })
      const ours = await runExperiment(spec)
      const base = await runVariant(spec, 'layer-by-layer', 'none')
      rows.push({
        model,
        extraPes: extra,
        baselineLatencySteps: base.summary.latencySteps,
        latencySteps: ours.summary.latencySteps,
        speedupFree: base.metrics.latencyNoNocSteps! / ours.metrics.latencyNoNocSteps!,
        speedup: base.summary.latencySteps / ours.summary.latencySteps,
        nocBytes: ours.metrics.nocBytes,
        linkUtilizationMax: ours.metrics.linkUtilizationMax!,
      })
    }
  }
  return rows
}

/** Columns of the data-movement table (its first column names it apart from the reproduce table). */
export const NOC_HEAD = [
  'network',
  'extra PEs',
  'layer-by-layer + mesh (steps)',
  'CLSA-CIM + greedy + mesh (steps)',
  'speedup, free movement',
  'speedup with mesh',
  'speedup kept',
  'bytes moved',
  'busiest link',
]

/** One row as text (every column but the network is a number). */
export function nocCells(r: NocRow): string[] {
  const steps = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 0 })
  return [
    r.model,
    String(r.extraPes),
    steps(r.baselineLatencySteps),
    steps(r.latencySteps),
    `${r.speedupFree.toFixed(2)}x`,
    `${r.speedup.toFixed(2)}x`,
    `${((r.speedup / r.speedupFree) * 100).toFixed(1)}%`,
    `${(r.nocBytes / 1e6).toFixed(2)} MB`,
    `${(r.linkUtilizationMax * 100).toFixed(1)}%`,
  ]
}
