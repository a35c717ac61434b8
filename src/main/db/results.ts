/**
 * Results of done runs: summary columns for fast listing and sorting, the full ExperimentResult as
 * a deflated JSON blob (in the side table result_blobs). A result row exists only for a run whose status is 'done' (RunsRepo.complete
 * writes both in one transaction).
 */
import type { Database, Statement } from 'better-sqlite3'
import type { DuplicationStrategy, ExperimentResult, RunSummary, ScheduleKind } from '../../shared/experiment'
import { packResult, unpackResult } from './blob'
import { NotFoundError } from './errors'
import type { ChipWear } from '../../shared/records'

/**
 * The summary columns of a results row (alias res), in the order summaryAt reads them; schedule and
 * duplication are the run's own (runs.schedule, runs.strategy). Listings fetch rows as arrays
 * (better-sqlite3 raw mode): several times faster than row objects for thousands of rows.
 */
export const SUMMARY_COLUMNS = `res.model, res.pes_chip, res.pes_allocated, res.pes_minimum, res.latency_steps, res.latency_ns, res.lower_bound_steps,
  res.utilization_chip, res.utilization_allocated, res.speedup, res.total_cell_writes, res.writes_per_inference, res.lifetime_inferences, res.energy_nj`

export const SUMMARY_COLUMN_COUNT = 14

/** The RunSummary in a raw row starting at column `at` (null when the run has no result) of a run with this schedule and strategy. */
export function summaryAt(row: unknown[], at: number, schedule: ScheduleKind, dup: DuplicationStrategy): RunSummary | null {
  if (row[at] === null) return null
  const v = row as never[]
  return {
    model: v[at],
    schedule,
    dup,
    pesChip: v[at + 1],
    pesAllocated: v[at + 2],
    pesMinimum: v[at + 3],
    latencySteps: v[at + 4],
    latencyNs: v[at + 5],
    lowerBoundSteps: v[at + 6],
    utilizationChip: v[at + 7],
    utilizationAllocated: v[at + 8],
    speedupVsBaseline: v[at + 9],
    totalCellWrites: v[at + 10],
    writesPerInference: v[at + 11],
    lifetimeInferences: v[at + 12],
    energyNj: v[at + 13],
  }
}

export class ResultsRepo {
  private readonly insertRow: Statement<Record<string, unknown>>
  private readonly insertBlob: Statement<[number, Buffer]>
  private readonly blob: Statement<[number], { result_blob: Buffer }>
  private readonly wear: Statement<[], ChipWear>

  constructor(db: Database) {
    this.insertRow =
      db.prepare(`INSERT INTO results (run_id, model, schedule, dup, granularity, pes_chip, pes_allocated, pes_minimum, latency_steps, latency_ns,
      lower_bound_steps, utilization_chip, utilization_allocated, speedup, total_cell_writes, writes_per_inference, lifetime_inferences, energy_nj)
      VALUES (@runId, @model, @schedule, @dup, @granularity, @pesChip, @pesAllocated, @pesMinimum, @latencySteps, @latencyNs, @lowerBoundSteps, @utilizationChip,
      @utilizationAllocated, @speedupVsBaseline, @totalCellWrites, @writesPerInference, @lifetimeInferences, @energyNj)`)
    this.insertBlob = db.prepare('INSERT INTO result_blobs (run_id, result_blob) VALUES (?, ?)')
    this.blob = db.prepare('SELECT result_blob FROM result_blobs WHERE run_id = ?')
    this.wear = db.prepare(`SELECT r.arch_name AS architecture, count(*) AS runs, total(res.total_cell_writes) AS totalCellWrites
      FROM results res JOIN runs r ON r.id = res.run_id WHERE r.status = 'done' GROUP BY r.arch_name ORDER BY r.arch_name`)
  }

  /**
   * Writes the result row and blob of a run; called by RunsRepo.complete inside its transaction.
   * The row keeps schedule and dup too (for queries by hand); listings read the run's own columns.
   */
  insert(runId: number, result: ExperimentResult): void {
    this.insertRow.run({ runId, ...result.summary, granularity: result.spec.granularity })
    this.insertBlob.run(runId, packResult(result))
  }

  /** The full stored result of a run (inflated). */
  get(runId: number): ExperimentResult {
    const r = this.blob.get(runId)
    if (!r) throw new NotFoundError('result for run', runId)
    return unpackResult(r.result_blob)
  }

  /** Total cell writes of done runs per architecture name: the wear each chip has taken over the history. */
  cellWritesByArchitecture(): ChipWear[] {
    return this.wear.all()
  }
}
