/** What the history returns (the repositories and IPC): plain objects in the domain's words (never raw rows). */
import type { DuplicationStrategy, ExperimentSpec, Granularity, RunSummary, ScheduleKind } from './experiment'

export type RunStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted'
export const RUN_STATUSES: RunStatus[] = ['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted']

/** A named group of runs; a sweep keeps the grid it was made from. */
export interface ExperimentRecord {
  id: number
  name: string
  notes: string
  tags: string[]
  /** The sweep's grid (any JSON the caller chose), null for a plain group of runs. */
  grid: unknown
  createdAt: string
  runs: number
  runsDone: number
  /** Runs whose process stopped before they finished: what `resume` queues again. */
  runsInterrupted: number
  /** Best speedup among its done runs, null when none is done. */
  bestSpeedup: number | null
}

/** One row of a run listing: no spec (it can hold a whole network) and no start or finish time; the summary when done. */
export interface RunListItem {
  id: number
  experimentId: number
  experimentName: string
  networkName: string
  archName: string
  strategy: DuplicationStrategy
  schedule: ScheduleKind
  status: RunStatus
  error: string | null
  createdAt: string
  granularity: Granularity | null
  /** Crossbar rows x columns of the chip a done run ran on ("256x256"), null before it is done. */
  crossbar: string | null
  summary: RunSummary | null
}

/** A run with its full spec and bookkeeping. */
export interface RunRecord extends RunListItem {
  startedAt: string | null
  finishedAt: string | null
  spec: ExperimentSpec
  programVersion: string
  inputHash: string | null
  timingsMs: Record<string, number> | null
}

/** Cell writes accumulated on one chip (architecture name) over the history's done runs (cim-model.md section 8). */
export interface ChipWear {
  architecture: string
  runs: number
  totalCellWrites: number
}
