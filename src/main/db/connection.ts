/** Opening the history database: pragmas and migrations (where it lives by default: ./location). */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import BetterSqlite3, { type Database } from 'better-sqlite3'
import { assertKnownSchema, migrate } from './migrate'

/** Page cache of a connection, KiB: holds the summary rows of tens of thousands of runs. */
export const CACHE_KIB = 32 * 1024

/** Busy wait for a lock held by another connection (another process on the same file), ms. */
export const BUSY_TIMEOUT_MS = 5000

/**
 * Opens (creating if needed) the SQLite file at `path` with WAL, foreign keys and a busy timeout, and
 * migrates it to the current schema. Throws SchemaTooNewError for a database from a newer version.
 */
export function openDatabase(path: string): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  // Under Electron, scripts/start.mjs points at a better-sqlite3 binding built for Electron's ABI.
  const binding = process.env.CIM_SQLITE_BINDING
  const db = new BetterSqlite3(path, binding ? { nativeBinding: binding } : {})
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    assertKnownSchema(db) // before anything is changed in a file from a newer version
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma(`cache_size = -${CACHE_KIB}`)
    migrate(db)
    return db
  } catch (e) {
    db.close()
    throw e
  }
}

export { DB_HELP, defaultDatabasePath } from './location'
