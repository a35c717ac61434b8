/**
 * Runs: a spec queued in an experiment, then running, then done (with a result row), failed or
 * cancelled. A run's result and its 'done' status are written in one transaction, so a run is done
 * exactly when its result is stored; failed and cancelled runs keep their spec and no result.
 */
import type { Database, Statement } from 'better-sqlite3'
import type { ExperimentResult, ExperimentSpec } from '../../shared/experiment'
import { PROGRAM_VERSION } from '../../shared/version'
import type { ArchitecturesRepo } from './architectures'
import { NotFoundError, RunStateError } from './errors'
import type { NetworksRepo } from './networks'
import type { RunListItem, RunRecord, RunStatus } from './records'
import { SUMMARY_COLUMNS, summaryAt, type ResultsRepo } from './results'
import { RUN_SORT, runMatch, type RunFilter, type RunSortKey } from './runs-filter'
import { now, page } from './sql-filter'

export interface RunQuery extends RunFilter {
  /** Default: newest first ('created', desc). Runs without a result sort last for metric keys. */
  sort?: RunSortKey
  order?: 'asc' | 'desc'
  limit?: number
  offset?: number
}

/** Bookkeeping of an imported run (a new run takes these from the clock and the program). */
export interface RunHistory {
  status: RunStatus
  error?: string | null
  programVersion?: string
  inputHash?: string | null
  createdAt?: string
  startedAt?: string | null
  finishedAt?: string | null
  timingsMs?: Record<string, number> | null
}

/** The network name a spec is listed and filtered under: the zoo name or the network's own name. */
export function specNetworkName(spec: ExperimentSpec): string {
  return 'zoo' in spec.network ? spec.network.zoo : spec.network.network.name
}

/** The architecture (chip) name a spec is listed under: the preset name or the document's name. */
export function specArchName(spec: ExperimentSpec): string {
  return 'preset' in spec.arch ? spec.arch.preset : spec.arch.architecture.name
}

/** Listing columns in the order listItem reads them; the summary starts at SUMMARY_AT. */
const LIST_COLUMNS = `r.id, r.experiment_id, e.name, r.network_name, r.arch_name, r.strategy, r.schedule, r.status, r.error, r.created_at, r.started_at,
  r.finished_at, res.granularity, ${SUMMARY_COLUMNS}`
const SUMMARY_AT = 13
const FROM = 'FROM runs r JOIN experiments e ON e.id = r.experiment_id LEFT JOIN results res ON res.run_id = r.id'

/** A listing row (raw array) as a RunListItem. */
function listItem(v: unknown[]): RunListItem {
  const a = v as never[]
  return {
    id: a[0],
    experimentId: a[1],
    experimentName: a[2],
    networkName: a[3],
    archName: a[4],
    strategy: a[5],
    schedule: a[6],
    status: a[7],
    error: a[8],
    createdAt: a[9],
    startedAt: a[10],
    finishedAt: a[11],
    granularity: a[12],
    summary: summaryAt(v, SUMMARY_AT),
  }
}

const OPEN = `status IN ('queued', 'running')`

export class RunsRepo {
  private readonly insert: Statement<unknown[]>
  private readonly one: Statement<[number], unknown[]>
  private readonly statusOf: Statement<[number], { status: RunStatus }>
  private readonly startStmt: Statement<[string, number]>
  private readonly doneStmt: Statement<unknown[]>
  private readonly failStmt: Statement<[string, string, number]>
  private readonly cancelStmt: Statement<[string, number]>
  private readonly deleteStmt: Statement<[number]>
  private readonly interruptStmt: Statement<[string, string]>
  private readonly queries = new Map<string, Statement<unknown[], unknown[]>>()

  constructor(
    private readonly db: Database,
    private readonly results: ResultsRepo,
    private readonly networks: NetworksRepo,
    private readonly architectures: ArchitecturesRepo,
  ) {
    this.insert =
      db.prepare(`INSERT INTO runs (experiment_id, spec_json, network_name, arch_name, strategy, schedule, status, error, program_version, input_hash,
      created_at, started_at, finished_at, timings_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    this.one = db
      .prepare<[number], unknown[]>(`SELECT ${LIST_COLUMNS}, r.program_version, r.input_hash, r.timings_json, r.spec_json ${FROM} WHERE r.id = ?`)
      .raw()
    this.statusOf = db.prepare('SELECT status FROM runs WHERE id = ?')
    this.startStmt = db.prepare(`UPDATE runs SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'`)
    this.doneStmt = db.prepare(`UPDATE runs SET status = 'done', error = NULL, finished_at = ?, started_at = coalesce(started_at, ?), program_version = ?,
      input_hash = ?, timings_json = ?, network_id = ?, architecture_id = ? WHERE id = ? AND ${OPEN}`)
    this.failStmt = db.prepare(`UPDATE runs SET status = 'failed', error = ?, finished_at = ? WHERE id = ? AND ${OPEN}`)
    this.cancelStmt = db.prepare(`UPDATE runs SET status = 'cancelled', finished_at = ? WHERE id = ? AND ${OPEN}`)
    this.deleteStmt = db.prepare('DELETE FROM runs WHERE id = ?')
    this.interruptStmt = db.prepare(`UPDATE runs SET status = 'failed', error = ?, finished_at = ? WHERE status = 'running'`)
  }

  /** Adds a queued run of `spec` to an experiment and returns its id. */
  queue(experimentId: number, spec: ExperimentSpec): number {
    return this.add(experimentId, spec, { status: 'queued' })
  }

  /** Queues several specs in one transaction; ids in the same order. */
  queueMany(experimentId: number, specs: ExperimentSpec[]): number[] {
    return this.db.transaction(() => specs.map((s) => this.queue(experimentId, s)))()
  }

  /** Adds a run with its bookkeeping as given (used by import; a 'done' run needs its result via `complete`). */
  add(experimentId: number, spec: ExperimentSpec, h: RunHistory): number {
    const info = this.insert.run(
      experimentId,
      JSON.stringify(spec),
      specNetworkName(spec),
      specArchName(spec),
      spec.duplication,
      spec.schedule,
      h.status,
      h.error ?? null,
      h.programVersion ?? PROGRAM_VERSION,
      h.inputHash ?? null,
      h.createdAt ?? now(),
      h.startedAt ?? null,
      h.finishedAt ?? null,
      h.timingsMs ? JSON.stringify(h.timingsMs) : null,
    )
    return Number(info.lastInsertRowid)
  }

  /** A queued run started on a worker. */
  start(id: number): void {
    if (!this.startStmt.run(now(), id).changes) this.expectOpen(id, 'start')
  }

  /**
   * Stores a finished run in one transaction: the result row (summary columns and deflated blob),
   * the network and architecture rows, and the run's status, timings and hash.
   */
  complete(id: number, result: ExperimentResult, finishedAt = now()): void {
    this.db.transaction(() => {
      const networkId = this.networks.upsert(result.network)
      const archId = this.architectures.upsert(result.architecture)
      const changed = this.doneStmt.run(
        finishedAt,
        finishedAt,
        result.programVersion,
        result.inputHash,
        JSON.stringify(result.timingsMs),
        networkId,
        archId,
        id,
      ).changes
      if (!changed) this.expectOpen(id, 'complete')
      this.results.insert(id, result)
    })()
  }

  /** A run threw: keeps the spec and the error message, no result. */
  fail(id: number, error: string): void {
    if (!this.failStmt.run(error, now(), id).changes) this.expectOpen(id, 'fail')
  }

  /** Marks queued or running runs cancelled; runs already finished are left as they are. */
  cancel(ids: number | number[]): void {
    const t = now()
    this.db.transaction(() => {
      for (const id of Array.isArray(ids) ? ids : [ids]) this.cancelStmt.run(t, id)
    })()
  }

  /** After a crash of the program: runs left 'running' become failed ("interrupted"); returns how many. */
  recoverInterrupted(): number {
    return this.interruptStmt.run('interrupted: the program stopped during the run', now()).changes
  }

  /** One run with its spec; throws NotFoundError for an unknown id. */
  get(id: number): RunRecord {
    const r = this.one.get(id)
    if (!r) throw new NotFoundError('run', id)
    const [programVersion, inputHash, timings, spec] = r.slice(SUMMARY_AT + 16) as [string, string | null, string | null, string]
    return {
      ...listItem(r),
      spec: JSON.parse(spec) as ExperimentSpec,
      programVersion,
      inputHash,
      timingsMs: timings === null ? null : (JSON.parse(timings) as Record<string, number>),
    }
  }

  /** Runs matching the filters, sorted (newest first by default) and paged. */
  list(q: RunQuery = {}): RunListItem[] {
    const { fragments, params } = runMatch(q)
    const sortKey = q.sort ?? 'created'
    const column = RUN_SORT[sortKey]
    if (!column) throw new RangeError(`unknown sort key "${sortKey}"`)
    const dir = q.order === 'asc' ? 'ASC' : 'DESC'
    const where = fragments.length ? `WHERE ${fragments.join(' AND ')}` : ''
    const sql = `SELECT ${LIST_COLUMNS} ${FROM} ${where} ORDER BY ${column} ${dir} NULLS LAST, r.id ${dir} ${page(q.limit, q.offset)}`
    return this.prepared(sql)
      .all(...params)
      .map(listItem)
  }

  /** How many runs match the filters (for paging). */
  count(f: RunFilter = {}): number {
    const { fragments, params } = runMatch(f)
    const where = fragments.length ? `WHERE ${fragments.join(' AND ')}` : ''
    return this.prepared(`SELECT count(*) FROM runs r LEFT JOIN results res ON res.run_id = r.id ${where}`).get(...params)![0] as number
  }

  /** Deletes a run and its result (ON DELETE CASCADE). */
  delete(id: number): void {
    if (!this.deleteStmt.run(id).changes) throw new NotFoundError('run', id)
  }

  /** A new queued run in the same experiment with the same spec; returns its id. */
  duplicate(id: number): number {
    const run = this.get(id)
    return this.queue(run.experimentId, run.spec)
  }

  /** Throws the reason a run could not change state: unknown id, or already finished. */
  private expectOpen(id: number, action: string): never {
    const r = this.statusOf.get(id)
    if (!r) throw new NotFoundError('run', id)
    throw new RunStateError(`cannot ${action} run ${id}: it is ${r.status}`)
  }

  /** A cached statement returning raw rows (arrays). */
  private prepared(sql: string): Statement<unknown[], unknown[]> {
    let s = this.queries.get(sql)
    if (!s) this.queries.set(sql, (s = this.db.prepare<unknown[], unknown[]>(sql).raw()))
    return s
  }
}
