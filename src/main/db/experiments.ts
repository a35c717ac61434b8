/** Experiments: named groups of runs (a sweep keeps its grid), with notes and tags. */
import type { Database, Statement } from 'better-sqlite3'
import { NotFoundError } from './errors'
import type { ExperimentRecord } from '../../shared/records'
import { runMatch, type RunFilter } from './runs-filter'
import { Where, containsPattern, now, page } from './sql-filter'

export interface NewExperiment {
  name: string
  notes?: string
  tags?: string[]
  grid?: unknown
  /** ISO time; now by default (an import keeps the original). */
  createdAt?: string
}

/** Filters of an experiment listing; run filters keep experiments with at least one matching run. */
export interface ExperimentFilter extends Omit<RunFilter, 'experimentId' | 'text'> {
  /** Part of the experiment's name (case-insensitive). */
  text?: string
}

export type ExperimentSortKey = 'created' | 'name' | 'runs' | 'bestSpeedup'

export interface ExperimentQuery extends ExperimentFilter {
  sort?: ExperimentSortKey
  order?: 'asc' | 'desc'
  limit?: number
  offset?: number
}

const SORT: Record<ExperimentSortKey, string> = { created: 'e.created_at', name: 'e.name COLLATE NOCASE', runs: 'runs', bestSpeedup: 'best_speedup' }

const SELECT = `SELECT e.id, e.name, e.notes, e.grid_json, e.created_at,
  (SELECT group_concat(t.tag, char(31)) FROM experiment_tags t WHERE t.experiment_id = e.id) AS tags,
  (SELECT count(*) FROM runs r WHERE r.experiment_id = e.id) AS runs,
  (SELECT count(*) FROM runs r WHERE r.experiment_id = e.id AND r.status = 'done') AS runs_done,
  (SELECT count(*) FROM runs r WHERE r.experiment_id = e.id AND r.status = 'interrupted') AS runs_interrupted,
  (SELECT max(res.speedup) FROM runs r JOIN results res ON res.run_id = r.id WHERE r.experiment_id = e.id) AS best_speedup
  FROM experiments e`

interface Row {
  id: number
  name: string
  notes: string
  grid_json: string | null
  created_at: string
  tags: string | null
  runs: number
  runs_done: number
  runs_interrupted: number
  best_speedup: number | null
}

function record(r: Row): ExperimentRecord {
  return {
    id: r.id,
    name: r.name,
    notes: r.notes,
    tags: r.tags ? r.tags.split('\x1f').sort() : [],
    grid: r.grid_json === null ? null : JSON.parse(r.grid_json),
    createdAt: r.created_at,
    runs: r.runs,
    runsDone: r.runs_done,
    runsInterrupted: r.runs_interrupted,
    bestSpeedup: r.best_speedup,
  }
}

export class ExperimentsRepo {
  private readonly insert: Statement<[string, string, string | null, string]>
  private readonly one: Statement<[number], Row>
  private readonly latestByName: Statement<[string], Row>
  private readonly renameStmt: Statement<[string, number]>
  private readonly notesStmt: Statement<[string, number]>
  private readonly clearTags: Statement<[number]>
  private readonly addTagStmt: Statement<[number, string]>
  private readonly removeTagStmt: Statement<[number, string]>
  private readonly deleteStmt: Statement<[number]>
  private readonly allTags: Statement<[], { tag: string; experiments: number }>
  private readonly queries = new Map<string, Statement<unknown[], Row>>()

  constructor(private readonly db: Database) {
    this.insert = db.prepare('INSERT INTO experiments (name, notes, grid_json, created_at) VALUES (?, ?, ?, ?)')
    this.one = db.prepare(`${SELECT} WHERE e.id = ?`)
    this.latestByName = db.prepare(`${SELECT} WHERE e.name = ? ORDER BY e.id DESC LIMIT 1`)
    this.renameStmt = db.prepare('UPDATE experiments SET name = ? WHERE id = ?')
    this.notesStmt = db.prepare('UPDATE experiments SET notes = ? WHERE id = ?')
    this.clearTags = db.prepare('DELETE FROM experiment_tags WHERE experiment_id = ?')
    this.addTagStmt = db.prepare('INSERT OR IGNORE INTO experiment_tags (experiment_id, tag) VALUES (?, ?)')
    this.removeTagStmt = db.prepare('DELETE FROM experiment_tags WHERE experiment_id = ? AND tag = ?')
    this.deleteStmt = db.prepare('DELETE FROM experiments WHERE id = ?')
    this.allTags = db.prepare('SELECT tag, count(*) AS experiments FROM experiment_tags GROUP BY tag ORDER BY tag')
  }

  /** Creates an experiment and returns its id. */
  create(e: NewExperiment): number {
    return this.db.transaction(() => {
      const id = Number(
        this.insert.run(cleanName(e.name), e.notes ?? '', e.grid === undefined ? null : JSON.stringify(e.grid), e.createdAt ?? now()).lastInsertRowid,
      )
      for (const tag of e.tags ?? []) this.addTagStmt.run(id, cleanTag(tag))
      return id
    })()
  }

  get(id: number): ExperimentRecord {
    const r = this.one.get(id)
    if (!r) throw new NotFoundError('experiment', id)
    return record(r)
  }

  /** The newest experiment with exactly this name, if any. */
  findByName(name: string): ExperimentRecord | undefined {
    const r = this.latestByName.get(name)
    return r && record(r)
  }

  /** The experiment named `name` (the newest one), created when there is none. */
  ensure(name: string): number {
    return this.findByName(name)?.id ?? this.create({ name })
  }

  /** Experiments matching the filters, sorted (newest first by default) and paged. */
  list(q: ExperimentQuery = {}): ExperimentRecord[] {
    const where = new Where()
    if (q.text) where.add(`e.name LIKE ? ESCAPE '\\'`, containsPattern(q.text))
    if (q.tag !== undefined) where.add('EXISTS (SELECT 1 FROM experiment_tags t WHERE t.experiment_id = e.id AND t.tag = ?)', q.tag)
    if (q.createdFrom !== undefined) where.add('e.created_at >= ?', q.createdFrom)
    if (q.createdTo !== undefined) where.add('e.created_at < ?', q.createdTo)
    const runs = runMatch({ ...q, text: undefined, tag: undefined, createdFrom: undefined, createdTo: undefined })
    if (runs.fragments.length)
      where.add(
        `EXISTS (SELECT 1 FROM runs r LEFT JOIN results res ON res.run_id = r.id WHERE r.experiment_id = e.id AND ${runs.fragments.join(' AND ')})`,
        ...runs.params,
      )
    const dir = q.order === 'asc' ? 'ASC' : 'DESC'
    const sql = `${SELECT} ${where} ORDER BY ${SORT[q.sort ?? 'created']} ${dir} NULLS LAST, e.id ${dir} ${page(q.limit, q.offset)}`
    return this.prepared(sql)
      .all(...where.params)
      .map(record)
  }

  rename(id: number, name: string): void {
    this.mustChange(this.renameStmt.run(cleanName(name), id).changes, id)
  }

  setNotes(id: number, notes: string): void {
    this.mustChange(this.notesStmt.run(notes, id).changes, id)
  }

  /** Replaces the experiment's tags. */
  setTags(id: number, tags: string[]): void {
    this.db.transaction(() => {
      this.get(id)
      this.clearTags.run(id)
      for (const tag of tags) this.addTagStmt.run(id, cleanTag(tag))
    })()
  }

  addTag(id: number, tag: string): void {
    this.get(id)
    this.addTagStmt.run(id, cleanTag(tag))
  }

  removeTag(id: number, tag: string): void {
    this.removeTagStmt.run(id, tag)
  }

  /** Every tag in use, with the number of experiments carrying it. */
  tags(): { tag: string; experiments: number }[] {
    return this.allTags.all()
  }

  /** Deletes the experiment with its runs, results and tags (ON DELETE CASCADE). */
  delete(id: number): void {
    this.mustChange(this.deleteStmt.run(id).changes, id)
  }

  private mustChange(changes: number, id: number): void {
    if (!changes) throw new NotFoundError('experiment', id)
  }

  private prepared(sql: string): Statement<unknown[], Row> {
    let s = this.queries.get(sql)
    if (!s) this.queries.set(sql, (s = this.db.prepare(sql)))
    return s
  }
}

function cleanName(name: string): string {
  const n = name.trim()
  if (!n) throw new RangeError('an experiment name must not be empty')
  return n
}

function cleanTag(tag: string): string {
  const t = tag.trim()
  if (!t) throw new RangeError('a tag must not be empty')
  return t
}
