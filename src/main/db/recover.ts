/**
 * Checking a history file and rescuing a damaged one: `check` runs SQLite's integrity_check and
 * counts the rows it can read; `recover` copies every readable row into a new file, table by table
 * (a row at a time past a damaged page), then repairs what the damage broke: open runs become
 * interrupted, done runs whose result was lost become interrupted (resume computes them again),
 * and rows whose parent was lost are dropped.
 */
import { existsSync } from 'node:fs'
import BetterSqlite3, { type Database } from 'better-sqlite3'
import { openDatabase } from './connection'
import { DatabaseFileError } from './errors'

/** Tables in the order rows are copied (parents first). */
export const RECOVERED_TABLES = ['networks', 'architectures', 'experiments', 'experiment_tags', 'runs', 'results', 'result_blobs'] as const

/** Rows read (and copied) and rows found unreadable in one table. */
export interface TableCount {
  table: string
  rows: number
  unreadable: number
}

export interface CheckReport {
  path: string
  /** integrity_check's findings; ['ok'] for a sound file. */
  problems: string[]
  tables: TableCount[]
}

/** Most problems integrity_check reports. */
const PROBLEMS_MAX = 20
/** Rowids probed one by one past a damaged page when the table's largest rowid cannot be read. */
const PROBE_SPAN = 100_000

function openSource(path: string): Database {
  if (!path.trim()) throw new DatabaseFileError('', 'the history database path is empty: give a file with --db PATH or $CIM_DB')
  try {
    return new BetterSqlite3(path, { readonly: true, fileMustExist: true })
  } catch {
    throw new DatabaseFileError(path, `cannot open the history database ${path}: no such file or no access`)
  }
}

/** Every readable row of a table, and how many rowids in its range could not be read. */
function readRows(db: Database, table: string): { rows: Record<string, unknown>[]; unreadable: number } {
  const rows: Record<string, unknown>[] = []
  const withRowid = !(db.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).pluck().get(table) as string).includes('WITHOUT ROWID')
  let last = 0
  try {
    const scan = db.prepare(withRowid ? `SELECT rowid AS _rowid_, * FROM ${table} ORDER BY rowid` : `SELECT * FROM ${table}`)
    for (const row of scan.iterate() as Iterable<Record<string, unknown>>) {
      if (withRowid) last = row._rowid_ as number
      rows.push(row)
    }
    return { rows: rows.map(stripRowid), unreadable: 0 }
  } catch {
    if (!withRowid) return { rows, unreadable: 1 }
  }
  let max: number
  try {
    max = (db.prepare(`SELECT max(rowid) FROM ${table}`).pluck().get() as number | null) ?? last
  } catch {
    max = last + PROBE_SPAN
  }
  const one = db.prepare(`SELECT rowid AS _rowid_, * FROM ${table} WHERE rowid = ?`)
  let unreadable = 0
  for (let id = last + 1; id <= max; id++) {
    try {
      const row = one.get(id) as Record<string, unknown> | undefined
      if (row) rows.push(row)
    } catch {
      unreadable++
    }
  }
  return { rows: rows.map(stripRowid), unreadable }
}

function stripRowid(row: Record<string, unknown>): Record<string, unknown> {
  const { _rowid_, ...rest } = row
  void _rowid_
  return rest
}

function tableNames(db: Database): Set<string> {
  return new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[])
}

/** integrity_check of the file at `path` and the readable rows of each table; never writes. */
export function checkDatabase(path: string): CheckReport {
  const db = openSource(path)
  try {
    let problems: string[]
    let present: Set<string>
    try {
      problems = db.prepare(`PRAGMA integrity_check(${PROBLEMS_MAX})`).pluck().all() as string[]
    } catch (e) {
      problems = [(e as Error).message]
    }
    try {
      present = tableNames(db)
    } catch {
      return { path, problems, tables: [] }
    }
    const tables = RECOVERED_TABLES.filter((t) => present.has(t)).map((table) => {
      const r = readRows(db, table)
      return { table, rows: r.rows.length, unreadable: r.unreadable }
    })
    return { path, problems, tables }
  } finally {
    db.close()
  }
}

/** Copies every readable row of the file at `from` into a new history file at `to`; returns the rows copied per table. */
export function recoverDatabase(from: string, to: string): TableCount[] {
  if (!to.trim()) throw new DatabaseFileError('', 'the recovered database path is empty: give one with --out NEW.sqlite')
  if (existsSync(to)) throw new DatabaseFileError(to, `${to} already exists: recover into a new file`)
  const src = openSource(from)
  const dst = openDatabase(to)
  try {
    const present = tableNames(src)
    const counts: TableCount[] = []
    dst.pragma('foreign_keys = OFF')
    dst
      .transaction(() => {
        for (const table of RECOVERED_TABLES) {
          if (!present.has(table)) continue
          const columns = new Set((dst.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name))
          const { rows, unreadable } = readRows(src, table)
          for (const row of rows) {
            const keys = Object.keys(row).filter((k) => columns.has(k))
            dst.prepare(`INSERT OR IGNORE INTO ${table} (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`).run(...keys.map((k) => row[k]))
          }
          counts.push({ table, rows: rows.length, unreadable })
        }
        repairReferences(dst)
      })
      .immediate()
    dst.pragma('foreign_keys = ON')
    return counts
  } finally {
    src.close()
    dst.close()
  }
}

/** After a partial copy: drop rows whose parent is gone, and mark runs without their result interrupted. */
function repairReferences(db: Database): void {
  db.exec(`
    DELETE FROM experiment_tags WHERE experiment_id NOT IN (SELECT id FROM experiments);
    DELETE FROM runs WHERE experiment_id NOT IN (SELECT id FROM experiments);
    UPDATE runs SET network_id = NULL WHERE network_id NOT IN (SELECT id FROM networks);
    UPDATE runs SET architecture_id = NULL WHERE architecture_id NOT IN (SELECT id FROM architectures);
    DELETE FROM results WHERE run_id NOT IN (SELECT id FROM runs WHERE status = 'done') OR run_id NOT IN (SELECT run_id FROM result_blobs);
    DELETE FROM result_blobs WHERE run_id NOT IN (SELECT run_id FROM results);
    UPDATE runs SET status = 'interrupted', error = 'interrupted: its result was lost in a damaged file', owner_id = NULL
      WHERE status = 'done' AND id NOT IN (SELECT run_id FROM results);
    UPDATE runs SET status = 'interrupted', error = 'interrupted: the program that ran it stopped', owner_id = NULL WHERE status IN ('queued', 'running');
    UPDATE runs SET owner_id = NULL;
  `)
}
