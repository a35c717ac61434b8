/** Brings a database to the program's schema version (PRAGMA user_version), or refuses a newer one. */
import type { Database } from 'better-sqlite3'
import { MIGRATIONS, type Migration } from './migrations'

/** A database written by a newer program: opening it could lose or misread its data. */
export class SchemaTooNewError extends Error {
  readonly code = 'SCHEMA_TOO_NEW'
  constructor(path: string, found: number, known: number) {
    super(`database ${path} was written by a newer CIM Workbench (schema ${found}, this version knows ${known})`)
    this.name = 'SchemaTooNewError'
  }
}

/** The schema version stored in the file. */
export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/** Throws SchemaTooNewError when the file's schema is newer than the last migration known. */
export function assertKnownSchema(db: Database, migrations: readonly Migration[] = MIGRATIONS): void {
  const known = lastVersion(migrations)
  const found = schemaVersion(db)
  if (found > known) throw new SchemaTooNewError(db.name, found, known)
}

function lastVersion(migrations: readonly Migration[]): number {
  return migrations.length ? migrations[migrations.length - 1].version : 0
}

/**
 * Applies every pending migration and the new user_version in one transaction: a failure leaves the
 * database as it was. Returns the versions applied (empty when already up to date).
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const known = lastVersion(migrations)
  const apply = db.transaction(() => {
    assertKnownSchema(db, migrations)
    const current = schemaVersion(db)
    const pending = migrations.filter((m) => m.version > current)
    for (const m of pending) {
      if (m.sql) db.exec(m.sql)
      m.run?.(db)
    }
    if (pending.length) db.pragma(`user_version = ${known}`)
    return pending.map((m) => m.version)
  })
  return apply.immediate()
}
