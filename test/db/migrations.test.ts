import { afterAll, describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { defaultDatabasePath, openDatabase } from '../../src/main/db/connection'
import { migrate, schemaVersion } from '../../src/main/db/migrate'
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/main/db/migrations'
import { removeTempDirs, tempDbPath } from './helpers'

afterAll(removeTempDirs)

const tables = (db: BetterSqlite3.Database) =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name)

describe('openDatabase and migrations', () => {
  it('creates a fresh database at the current schema with WAL, foreign keys and a busy timeout', () => {
    const db = openDatabase(tempDbPath())
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION)
    expect(SCHEMA_VERSION).toBe(MIGRATIONS[MIGRATIONS.length - 1].version)
    expect(MIGRATIONS.every((m, i) => i === 0 || m.version > MIGRATIONS[i - 1].version)).toBe(true)
    expect(tables(db)).toEqual(['architectures', 'experiment_tags', 'experiments', 'networks', 'result_blobs', 'results', 'runs'])
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
    db.close()
  })

  it('re-opening is a no-op that keeps the data', () => {
    const path = tempDbPath()
    const db = openDatabase(path)
    db.prepare(`INSERT INTO experiments (name, created_at) VALUES ('kept', '2025-01-01T00:00:00.000Z')`).run()
    db.close()
    const again = openDatabase(path)
    expect(migrate(again)).toEqual([])
    expect(again.prepare('SELECT name FROM experiments').all()).toEqual([{ name: 'kept' }])
    again.close()
  })

  it('refuses a database written by a newer version, with a clear message, and leaves it untouched', () => {
    const path = tempDbPath('newer.sqlite')
    const raw = new BetterSqlite3(path)
    raw.pragma('user_version = 7')
    raw.close()
    expect(() => openDatabase(path)).toThrow(`database ${path} was written by a newer CIM Workbench (schema 7, this version knows ${SCHEMA_VERSION})`)
    const check = new BetterSqlite3(path)
    expect(schemaVersion(check)).toBe(7)
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete')
    expect(tables(check)).toEqual([])
    check.close()
  })

  it('applies all pending migrations in one transaction: a failing one leaves nothing behind', () => {
    const db = new BetterSqlite3(tempDbPath())
    const broken = [...MIGRATIONS, { version: SCHEMA_VERSION + 1, name: 'broken', sql: 'CREATE TABLE later (a); SELECT * FROM no_such_table;' }]
    expect(() => migrate(db, broken)).toThrow(/no_such_table/)
    expect(schemaVersion(db)).toBe(0)
    expect(tables(db)).toEqual([])
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version))
    expect(() => migrate(db, broken)).toThrow(/no_such_table/)
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION)
    expect(tables(db)).not.toContain('later')
    db.close()
  })

  it('applies later migrations on top of an older schema', () => {
    const db = openDatabase(tempDbPath())
    const next = [...MIGRATIONS, { version: SCHEMA_VERSION + 1, name: 'add', sql: 'CREATE TABLE later (a);' }]
    expect(migrate(db, next)).toEqual([SCHEMA_VERSION + 1])
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION + 1)
    expect(migrate(db, next)).toEqual([])
    db.close()
  })

  it('runs code migrations in the same transaction: a throwing one leaves nothing behind', () => {
    const db = new BetterSqlite3(tempDbPath())
    const failing = [
      ...MIGRATIONS,
      {
        version: SCHEMA_VERSION + 1,
        name: 'code',
        run: (d: BetterSqlite3.Database) => {
          d.exec('CREATE TABLE later (a)')
          throw new Error('upgrade failed')
        },
      },
    ]
    expect(() => migrate(db, failing)).toThrow('upgrade failed')
    expect(schemaVersion(db)).toBe(0)
    expect(tables(db)).toEqual([])
    db.close()
  })

  it('applies a migration numbered into a gap (version 2 landing later) in version order', () => {
    const db = new BetterSqlite3(tempDbPath())
    const withTwo = [MIGRATIONS[0], { version: 2, name: 'owners', sql: 'CREATE TABLE owners (a);' }, ...MIGRATIONS.slice(1)]
    expect(migrate(db, withTwo)).toEqual(withTwo.map((m) => m.version))
    expect(tables(db)).toContain('owners')
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION)
    db.close()
  })

  it('defaultDatabasePath: $CIM_DB, else the platform data folder', () => {
    expect(defaultDatabasePath({ CIM_DB: '/x/h.sqlite' }, 'linux', '/home/u')).toBe('/x/h.sqlite')
    expect(defaultDatabasePath({}, 'linux', '/home/u')).toBe('/home/u/.local/share/cim-workbench/history.sqlite')
    expect(defaultDatabasePath({ XDG_DATA_HOME: '/data' }, 'linux', '/home/u')).toBe('/data/cim-workbench/history.sqlite')
    expect(defaultDatabasePath({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/cim-workbench/history.sqlite')
    expect(defaultDatabasePath({ APPDATA: 'C:/Users/u/AppData/Roaming' }, 'win32', 'C:/Users/u').replace(/\\/g, '/')).toBe(
      'C:/Users/u/AppData/Roaming/cim-workbench/history.sqlite',
    )
  })
})
