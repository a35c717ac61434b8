/**
 * Runs: a spec queued in an experiment, then running, then done (with a result row), failed,
 * cancelled or interrupted (its owner process stopped). A run's result and its 'done' status are
 * written in one transaction, so a run is done exactly when its result is stored; other runs keep
 * their spec and no result. Open runs (queued, running) belong to the process that owns them.
 */
import type { Database, Statement } from 'better-sqlite3'
import { specArchName, specNetworkName, type ExperimentResult, type ExperimentSpec } from '../../shared/experiment'
import { specSchema } from '../../shared/schemas/spec'
import { PROGRAM_VERSION } from '../../shared/version'
import type { ArchitecturesRepo } from './architectures'
import { writeWithRetry } from './connection'
import { NotFoundError, RunStateError } from './errors'
import type { NetworksRepo } from './networks'
import type { OwnersRepo } from './owners'
import type { RunListItem, RunRecord, RunStatus } from '../../shared/records'
import { SUMMARY_COLUMN_COUNT, SUMMARY_COLUMNS, summaryAt, type ResultsRepo } from './results'
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

/** "256x256": the crossbar of the chip a done run ran on (rows x columns, from its stored architecture). */
const CROSSBAR = `(SELECT json_extract(a.spec_json, '$.crossbarRows') || 'x' || json_extract(a.spec_json, '$.crossbarCols') FROM architectures a
  WHERE a.id = r.architecture_id)`

/**
 * Listing columns in the order listItem reads them; the summary starts at SUMMARY_AT. A full listing
 * moves every value of 10,000 rows into JavaScript, so it takes only what a listing shows: the
 * experiment's name comes from a map (not a join), the summary's schedule and strategy from the run's
 * own columns (the same values), and the start and finish times only with a single run (get).
 */
const LIST_COLUMNS = `r.id, r.experiment_id, r.network_name, r.arch_name, r.strategy, r.schedule, r.status, r.error, r.created_at, res.granularity,
  ${CROSSBAR}, ${SUMMARY_COLUMNS}`
const SUMMARY_AT = 11
const FROM = 'FROM runs r LEFT JOIN results res ON res.run_id = r.id'

/** A listing row (raw array) as a RunListItem; `experiments` maps experiment ids to names. */
function listItem(v: unknown[], experiments: Map<number, string>): RunListItem {
  const a = v as never[]
  return {
    id: a[0],
    experimentId: a[1],
    experimentName: experiments.get(a[1]) ?? '',
    networkName: a[2],
    archName: a[3],
    strategy: a[4],
    schedule: a[5],
    status: a[6],
    error: a[7],
    createdAt: a[8],
    granularity: a[9],
    crossbar: a[10],
    summary: summaryAt(v, SUMMARY_AT, a[5], a[4]),
  }
}

const OPEN = `status IN ('queued', 'running')`

/** A run's stored spec read through the spec schema (options and architecture fields it lacks take their defaults). */
function storedSpec(id: number, json: string): ExperimentSpec {
  const parsed = specSchema.safeParse(JSON.parse(json))
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(spec)'}: ${i.message}`)
  throw new Error(`the stored spec of run ${id} cannot be read: ${problems.join('; ')}`)
}

export class RunsRepo {
  private readonly insert: Statement<unknown[]>
  private readonly one: Statement<[number], unknown[]>
  private readonly statusOf: Statement<[number], { status: RunStatus }>
  private readonly startStmt: Statement<[string, number, number]>
  private readonly doneStmt: Statement<unknown[]>
  private readonly failStmt: Statement<[string, string, number]>
  private readonly cancelStmt: Statement<[string, number]>
  private readonly deleteStmt: Statement<[number]>
  private readonly resumeStmt: Statement<[number, number], { id: number; spec: string }>
  private readonly experimentNames: Statement<[string], [number, string]>
  private readonly timesOf: Statement<[string], { id: number; startedAt: string | null; finishedAt: string | null }>
  private readonly queries = new Map<string, Statement<unknown[], unknown[]>>()

  constructor(
    private readonly db: Database,
    private readonly results: ResultsRepo,
    private readonly networks: NetworksRepo,
    private readonly architectures: ArchitecturesRepo,
    private readonly owners: OwnersRepo,
  ) {
    this.insert =
      db.prepare(`INSERT INTO runs (experiment_id, spec_json, network_name, arch_name, strategy, schedule, status, error, program_version, input_hash,
      created_at, started_at, finished_at, timings_json, owner_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    this.one = db
      .prepare<[number], unknown[]>(
        `SELECT ${LIST_COLUMNS}, e.name, r.started_at, r.finished_at, r.program_version, r.input_hash, r.timings_json, r.spec_json
        ${FROM} JOIN experiments e ON e.id = r.experiment_id WHERE r.id = ?`,
      )
      .raw()
    this.timesOf = db.prepare('SELECT id, started_at AS startedAt, finished_at AS finishedAt FROM runs WHERE id IN (SELECT value FROM json_each(?))')
    this.experimentNames = db.prepare<[string], [number, string]>('SELECT id, name FROM experiments WHERE id IN (SELECT value FROM json_each(?))').raw()
    this.statusOf = db.prepare('SELECT status FROM runs WHERE id = ?')
    this.startStmt = db.prepare(`UPDATE runs SET status = 'running', started_at = ?, owner_id = ? WHERE id = ? AND status = 'queued'`)
    // A run marked interrupted while its owner was unreachable still takes the result its owner finished.
    this.doneStmt = db.prepare(`UPDATE runs SET status = 'done', error = NULL, finished_at = ?, started_at = coalesce(started_at, ?), program_version = ?,
      input_hash = ?, timings_json = ?, network_id = ?, architecture_id = ?, owner_id = NULL WHERE id = ? AND status IN ('queued', 'running', 'interrupted')`)
    this.failStmt = db.prepare(`UPDATE runs SET status = 'failed', error = ?, finished_at = ?, owner_id = NULL WHERE id = ? AND ${OPEN}`)
    this.cancelStmt = db.prepare(`UPDATE runs SET status = 'cancelled', finished_at = ?, owner_id = NULL WHERE id = ? AND ${OPEN}`)
    this.deleteStmt = db.prepare('DELETE FROM runs WHERE id = ?')
    this.resumeStmt = db.prepare(`UPDATE runs SET status = 'queued', error = NULL, started_at = NULL, finished_at = NULL, owner_id = ?
      WHERE experiment_id = ? AND status = 'interrupted' RETURNING id, spec_json AS spec`)
  }

  /** Adds a queued run of `spec`, owned by this process, to an experiment and returns its id. */
  queue(experimentId: number, spec: ExperimentSpec, owner = this.owners.id()): number {
    return this.add(experimentId, spec, { status: 'queued' }, owner)
  }

  /** Queues several specs in one transaction; ids in the same order. */
  queueMany(experimentId: number, specs: ExperimentSpec[]): number[] {
    const owner = this.owners.id() // registered outside the transaction
    return this.db.transaction(() => specs.map((s) => this.queue(experimentId, s, owner))).immediate()
  }

  /**
   * Adds a run with its bookkeeping as given (used by import; a 'done' run needs its result via
   * `complete`). An imported open run has no owner: the next opener marks it interrupted.
   */
  add(experimentId: number, spec: ExperimentSpec, h: RunHistory, owner: number | null = null): number {
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
      owner,
    )
    return Number(info.lastInsertRowid)
  }

  /** A queued run started on a worker. */
  start(id: number): void {
    if (!this.startStmt.run(now(), this.owners.id(), id).changes) this.expectOpen(id, 'start')
  }

  /**
   * Stores a finished run in one transaction: the result row (summary columns and deflated blob),
   * the network and architecture rows, and the run's status, timings and hash. Waits for and retries
   * a lock held by another process, so a finished result is not dropped because the file was busy.
   */
  complete(id: number, result: ExperimentResult, finishedAt = now()): void {
    writeWithRetry(this.db, () => {
      const networkId = this.networks.upsert(result.network)
      const { mvmLatencyNs: _derived, ...arch } = result.architecture
      const archId = this.architectures.upsert(arch)
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
    })
  }

  /** A run threw: keeps the spec and the error message, no result. */
  fail(id: number, error: string): void {
    if (!this.failStmt.run(error, now(), id).changes) this.expectOpen(id, 'fail')
  }

  /** Marks queued or running runs cancelled; runs already finished (or deleted) are left as they are. */
  cancel(ids: number | number[]): void {
    this.closeOpen(this.cancelStmt, ids, [])
  }

  /** Marks queued or running runs failed with `error`; runs already finished (or deleted) are left as they are. */
  failOpen(ids: number[], error: string): void {
    this.closeOpen(this.failStmt, ids, [error])
  }

  /** Queues again, owned by this process, exactly the interrupted runs of an experiment; their ids and specs in id order. */
  resume(experimentId: number): { id: number; spec: ExperimentSpec }[] {
    const owner = this.owners.id()
    return this.db
      .transaction(() => this.resumeStmt.all(owner, experimentId).map((r) => ({ id: r.id, spec: JSON.parse(r.spec) as ExperimentSpec })))
      .immediate()
      .sort((a, b) => a.id - b.id)
  }

  /** One run with its spec; throws NotFoundError for an unknown id. */
  get(id: number): RunRecord {
    const r = this.one.get(id)
    if (!r) throw new NotFoundError('run', id)
    const [experimentName, startedAt, finishedAt, programVersion, inputHash, timings, spec] = r.slice(SUMMARY_AT + SUMMARY_COLUMN_COUNT) as [
      string,
      string | null,
      string | null,
      string,
      string | null,
      string | null,
      string,
    ]
    return {
      ...listItem(r, new Map([[r[1] as number, experimentName]])),
      startedAt,
      finishedAt,
      spec: storedSpec(id, spec),
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
    const rows = this.prepared(sql).all(...params)
    const experiments = new Map(this.experimentNames.all(JSON.stringify([...new Set(rows.map((r) => r[1]))])))
    return rows.map((r) => listItem(r, experiments))
  }

  /** Start and finish times of the given runs (listings leave them out), by run id. */
  times(ids: number[]): Map<number, { startedAt: string | null; finishedAt: string | null }> {
    return new Map(this.timesOf.all(JSON.stringify(ids)).map(({ id, ...t }) => [id, t]))
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

  /** Runs `stmt` (leading parameters, then the time and the id) for every id, in one transaction. */
  private closeOpen(stmt: Statement<unknown[]>, ids: number | number[], leading: unknown[]): void {
    const t = now()
    this.db
      .transaction(() => {
        for (const id of Array.isArray(ids) ? ids : [ids]) stmt.run(...leading, t, id)
      })
      .immediate()
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
