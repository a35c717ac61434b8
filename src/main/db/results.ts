/**
 * Results of done runs: summary columns for fast listing and sorting, the full ExperimentResult as
 * a deflated JSON blob (in the side table result_blobs). A result row exists only for a run whose status is 'done' (RunsRepo.complete
 * writes both in one transaction).
 */
import type { Database, Statement } from 'better-sqlite3'
import { STORED_METRICS } from '../../shared/metrics'
import type { DuplicationStrategy, ExperimentResult, RunSummary, ScheduleKind } from '../../shared/experiment'
import { packResult, unpackResult } from './blob'
import { NotFoundError } from './errors'
import type { ChipWear } from '../../shared/records'

/**
 * The summary columns of a results row (alias res): the model and the bottleneck layer, then every stored figure of the metric
 * catalog in catalog order, as summaryAt reads them; schedule and duplication are the run's own
 * (runs.schedule, runs.strategy). Listings fetch rows as arrays (better-sqlite3 raw mode): several
 * times faster than row objects for thousands of rows.
 */
export const SUMMARY_COLUMNS = ['res.model', 'res.bottleneck_layer', ...STORED_METRICS.map((m) => `res.${m.column}`)].join(', ')

export const SUMMARY_COLUMN_COUNT = 2 + STORED_METRICS.length

/** Every key of a summary in order: copies of one shape stay fast to build and read for thousands of rows. */
const EMPTY_SUMMARY: Record<string, unknown> = Object.fromEntries(
  ['model', 'schedule', 'dup', 'bottleneckLayer', ...STORED_METRICS.map((m) => m.key)].map((k) => [k, null]),
)

/** The RunSummary in a raw row starting at column `at` (null when the run has no result) of a run with this schedule and strategy. */
export function summaryAt(row: unknown[], at: number, schedule: ScheduleKind, dup: DuplicationStrategy): RunSummary | null {
  if (row[at] === null) return null
  const summary: Record<string, unknown> = { ...EMPTY_SUMMARY, model: row[at], schedule, dup, bottleneckLayer: row[at + 1] }
  for (let i = 0; i < STORED_METRICS.length; i++) summary[STORED_METRICS[i].key] = row[at + 2 + i]
  return summary as RunSummary
}

/**
 * Checks that the results table has a column for every stored figure of the catalog, nullable exactly
 * when the figure may be null; a figure added to the catalog without its migration fails here, at startup.
 */
export function checkSummaryColumns(db: Database): void {
  const columns = new Map((db.pragma('table_info(results)') as { name: string; notnull: number }[]).map((c) => [c.name, c.notnull === 0]))
  for (const m of STORED_METRICS) {
    const nullable = m.schema.safeParse(null).success
    if (!columns.has(m.column)) throw new Error(`the results table has no column ${m.column} for the figure ${m.key}: add a migration that creates it`)
    if (columns.get(m.column) !== nullable)
      throw new Error(`results.${m.column} is ${nullable ? 'NOT NULL' : 'nullable'} but the figure ${m.key} ${nullable ? 'may' : 'may not'} be null`)
  }
}

export class ResultsRepo {
  private readonly insertRow: Statement<Record<string, unknown>>
  private readonly insertBlob: Statement<[number, Buffer]>
  private readonly blob: Statement<[number], { result_blob: Buffer }>
  private readonly wear: Statement<[], ChipWear>

  constructor(db: Database) {
    checkSummaryColumns(db)
    this.insertRow =
      db.prepare(`INSERT INTO results (run_id, model, schedule, dup, granularity, bottleneck_layer, ${STORED_METRICS.map((m) => m.column).join(', ')})
      VALUES (@runId, @model, @schedule, @dup, @granularity, @bottleneckLayer, ${STORED_METRICS.map((m) => `@${m.key}`).join(', ')})`)
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
    this.insertRow.run({ runId, ...result.summary, bottleneckLayer: result.summary.bottleneckLayer ?? null, granularity: result.spec.granularity })
    this.insertBlob.run(runId, packResult(result))
  }

  /** The full stored result of a run (inflated). */
  get(runId: number): ExperimentResult {
    const r = this.blob.get(runId)
    if (!r) throw new NotFoundError('result for run', runId)
    return unpackResult(r.result_blob, `the stored result of run ${runId}`)
  }

  /** Total cell writes of done runs per architecture name: the wear each chip has taken over the history. */
  cellWritesByArchitecture(): ChipWear[] {
    return this.wear.all()
  }
}
