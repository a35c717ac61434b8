/**
 * What each CSV export holds, one record per row (written by src/shared/csv.ts): history listings and
 * sweeps (a run and every summary figure), compared runs (every figure of the catalog) and a run's layers.
 * Values are raw numbers in the catalog's units, so a spreadsheet can compute with them.
 */
import type { ExperimentResult, LayerResult } from './experiment'
import { crossbarSize, extraPes, metricRecord, summaryRecord } from './metrics'
import type { RunListItem } from './records'

type Row = Record<string, string | number | null>

/** A listed run (history, a sweep): the run's own fields, its chip, then its bottleneck layer and every summary figure (empty before it is done). */
export function runListRecord(r: RunListItem): Row {
  return {
    id: r.id,
    experiment: r.experimentName,
    network: r.networkName,
    chip: r.archName,
    crossbar: r.crossbar,
    extraPes: r.summary ? extraPes(r.summary) : null,
    schedule: r.schedule,
    dup: r.strategy,
    granularity: r.granularity,
    status: r.status,
    error: r.error,
    createdAt: r.createdAt,
    ...summaryRecord(r.summary),
  }
}

/** A finished run (compare): its id and label, what it ran on, then every figure of the catalog. */
export function resultRecord(id: number, label: string, r: Pick<ExperimentResult, 'summary' | 'metrics' | 'endurance' | 'architecture'>): Row {
  const { model, schedule, dup, ...figures } = metricRecord(r)
  return { id, label, model, schedule, dup, chip: r.architecture.name, crossbar: crossbarSize(r.architecture), extraPes: extraPes(r.summary), ...figures }
}

/** A layer of a run (the layer table): its index, name, kind and output shape, then every per-layer figure of the result. */
export function layerRecord(l: LayerResult, index: number): Row {
  const { name, kind, out, ...figures } = l
  return { index, name, kind, outC: out.c, outH: out.h, outW: out.w, ...figures }
}
