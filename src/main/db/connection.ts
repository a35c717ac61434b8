/** Opening the history database: pragmas, an integrity check and migrations (where it lives by default: ./location). */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import BetterSqlite3, { type Database } from 'better-sqlite3'
import { cut } from '../../shared/text'
import { DamagedDatabaseError, DatabaseFileError, isCorruption } from './errors'
import { assertKnownSchema, migrate, schemaVersion } from './migrate'
import { SCHEMA_VERSION } from './migrations'

/** Page cache of a connection, KiB: holds the summary rows of tens of thousands of runs. */
export const CACHE_KIB = 32 * 1024

/** Busy wait for a lock held by another connection (another process on the same file), ms. */
export const BUSY_TIMEOUT_MS = 5000

/** Files up to this size get PRAGMA quick_check at open (about 0.1 s per 64 MB); larger ones are checked on their first SQLITE_CORRUPT. */
export const QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024

/** Attempts of a short write (a result) that met a lock held beyond the busy timeout. */
export const WRITE_ATTEMPTS = 6

export interface OpenOptions {
  /** Open an existing file for reading only: no migration, no repair, works on read-only files. */
  readonly?: boolean
}

/**
 * Opens the SQLite file at `path` with WAL, foreign keys and a busy timeout, checks it (quick_check
 * when small enough) and migrates it to the current schema (creating it unless read-only). Throws
 * DatabaseFileError (empty path, missing or unreadable file), DamagedDatabaseError (not a database or
 * damaged: nothing is written) or SchemaTooNewError (a database from a newer version).
 */
export function openDatabase(path: string, options: OpenOptions = {}): Database {
  if (!path.trim()) throw new DatabaseFileError('', 'the history database path is empty: give a file with --db PATH or $CIM_DB')
  try {
    return openChecked(path, path, options.readonly ?? false)
  } catch (e) {
    // A WAL file in a folder this user cannot write has no shared-memory index: read a snapshot copy.
    if (!options.readonly || !String((e as { cause?: { code?: string } }).cause?.code).startsWith('SQLITE_READONLY')) throw e
    return openChecked(snapshot(path), path, true)
  }
}

/** A copy of a database file (and its WAL) in a temporary folder removed at exit. */
function snapshot(path: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cim-readonly-'))
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  const copy = join(dir, basename(path))
  copyFileSync(path, copy)
  if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`)
  return copy
}

/** Opens `file` (named `path` in errors): pragmas, integrity check, migrations. */
function openChecked(file: string, path: string, readonly: boolean): Database {
  let db: Database
  try {
    if (file !== ':memory:' && !readonly) mkdirSync(dirname(file), { recursive: true })
    // Under Electron, scripts/start.mjs points at a better-sqlite3 binding built for Electron's ABI.
    const binding = process.env.CIM_SQLITE_BINDING
    db = new BetterSqlite3(file, { readonly, fileMustExist: readonly, ...(binding && { nativeBinding: binding }) })
  } catch (e) {
    throw openError(path, e)
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    assertKnownSchema(db) // before anything is changed in a file from a newer version
    checkIntegrity(db, file, path)
    if (readonly) {
      if (schemaVersion(db) < SCHEMA_VERSION)
        throw new DatabaseFileError(path, `database ${path} has an older schema: open it once for writing (e.g. \`cim run ... --save\`) to upgrade it`)
    } else {
      db.pragma('journal_mode = WAL')
      db.pragma('foreign_keys = OFF') // a migration may rebuild a table; a rebuild must not cascade
      migrate(db)
    }
    db.pragma('foreign_keys = ON')
    db.pragma(`cache_size = -${CACHE_KIB}`)
    return db
  } catch (e) {
    db.close()
    throw openError(path, e)
  }
}

/** PRAGMA quick_check on files up to QUICK_CHECK_MAX_BYTES; throws DamagedDatabaseError naming the first problem. */
function checkIntegrity(db: Database, file: string, path: string): void {
  const size = file === ':memory:' ? 0 : (statSync(file, { throwIfNoEntry: false })?.size ?? 0)
  if (size === 0 || size > QUICK_CHECK_MAX_BYTES) return
  const problems = db.prepare('PRAGMA quick_check(5)').pluck().all() as string[]
  if (problems[0] !== 'ok') throw new DamagedDatabaseError(path, problems[0])
}

/** The error of a failed open as one line naming the file. */
function openError(path: string, e: unknown): Error {
  if (e instanceof DatabaseFileError || e instanceof DamagedDatabaseError || (e as Error).name === 'SchemaTooNewError') return e as Error
  if (isCorruption(e)) return new DamagedDatabaseError(path, (e as Error).message)
  const code = (e as { code?: string }).code
  if (code === 'SQLITE_CANTOPEN' && !existsSync(path))
    return new DatabaseFileError(path, `no history database at ${path} yet: store a run with \`cim run ... --save\``)
  if (code === 'SQLITE_CANTOPEN') return new DatabaseFileError(path, `cannot open the history database ${path}: no access`)
  return new DatabaseFileError(path, `cannot open the history database ${path}: ${cut((e as Error).message)}`, { cause: e })
}

/**
 * Runs a short write transaction (BEGIN IMMEDIATE: the write lock is taken first, waiting up to the
 * busy timeout) and tries again while another process still holds the lock, so a finished result is
 * not dropped because the file was busy.
 */
export function writeWithRetry<T>(db: Database, work: () => T): T {
  const tx = db.transaction(work)
  for (let attempt = 1; ; attempt++) {
    try {
      return tx.immediate()
    } catch (e) {
      if (attempt >= WRITE_ATTEMPTS || !String((e as { code?: string }).code).startsWith('SQLITE_BUSY')) throw e
    }
  }
}

export { DB_HELP, defaultDatabasePath } from './location'
