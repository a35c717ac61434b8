import { afterAll, describe, expect, it } from 'vitest'
import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import BetterSqlite3 from 'better-sqlite3'
import { defaultDatabasePath, openDatabase } from '../../src/main/db/connection'
import { migrate, schemaVersion } from '../../src/main/db/migrate'
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/main/db/migrations'
import { removeTempDirs, tempDbPath } from './helpers'
import { openHistory } from '../../src/main/db/history'
import { throughputPerS } from '../../src/shared/formulas'

afterAll(removeTempDirs)

const tables = (db: BetterSqlite3.Database) =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name)

/** A database at the schema of the first `applied` migrations holding the rows `sql` inserts, opened (and so migrated) as the app opens it. */
function upgradeFrom(applied: number, sql: string): BetterSqlite3.Database {
  const path = tempDbPath()
  const old = new BetterSqlite3(path)
  migrate(old, MIGRATIONS.slice(0, applied))
  old.exec(sql)
  old.close()
  return openDatabase(path)
}

describe('openDatabase and migrations', () => {
  it('creates a fresh database at the current schema with WAL, foreign keys and a busy timeout', () => {
    const db = openDatabase(tempDbPath())
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION)
    expect(SCHEMA_VERSION).toBe(MIGRATIONS[MIGRATIONS.length - 1].version)
    expect(MIGRATIONS.every((m, i) => i === 0 || m.version > MIGRATIONS[i - 1].version)).toBe(true)
    expect(tables(db)).toEqual(['architectures', 'experiment_tags', 'experiments', 'networks', 'result_blobs', 'results', 'run_owners', 'runs'])
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
    const newer = SCHEMA_VERSION + 4
    raw.pragma(`user_version = ${newer}`)
    raw.close()
    expect(() => openDatabase(path)).toThrow(`database ${path} was written by a newer CIM Workbench (schema ${newer}, this version knows ${SCHEMA_VERSION})`)
    const check = new BetterSqlite3(path)
    expect(schemaVersion(check)).toBe(newer)
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

  it('migration 2 rebuilds runs with owners and the interrupted status, keeping every run and result (no cascade)', () => {
    const db = upgradeFrom(
      1,
      `INSERT INTO experiments (id, name, created_at) VALUES (1, 'old', 't');
      INSERT INTO runs (id, experiment_id, network_name, arch_name, strategy, schedule, status, program_version, created_at, spec_json)
        VALUES (5, 1, 'lenet5', 'clsa-cim', 'greedy', 'clsa', 'done', '0.1.0', 't', '{}'), (6, 1, 'lenet5', 'clsa-cim', 'none', 'clsa', 'running', '0.1.0', 't', '{}');
      INSERT INTO results VALUES (5, 'lenet5', 'clsa', 'greedy', 'pixel', 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
      INSERT INTO result_blobs VALUES (5, x'00');`,
    )
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION)
    expect(db.prepare('SELECT id, status, owner_id FROM runs ORDER BY id').all()).toEqual([
      { id: 5, status: 'done', owner_id: null },
      { id: 6, status: 'running', owner_id: null },
    ])
    expect(db.prepare('SELECT count(*) FROM results').pluck().get()).toBe(1)
    expect(db.prepare('SELECT count(*) FROM result_blobs').pluck().get()).toBe(1)
    expect(db.pragma('foreign_key_check')).toEqual([])
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'runs'`).pluck().get()).toBe(8)
    db.prepare(`UPDATE runs SET status = 'interrupted' WHERE id = 6`).run()
    db.close()
  })

  it('migration 9 marks saved only the architectures no run refers to; the chips of past runs are listed apart', () => {
    const db = upgradeFrom(
      3,
      `INSERT INTO experiments (id, name, created_at) VALUES (1, 'old', 't');
      INSERT INTO architectures (id, name, version, sha256, spec_json, created_at) VALUES (1, 'clsa-cim', 1, 'a', '{}', 't'), (2, 'mine', 1, 'b', '{}', 't');
      INSERT INTO runs (id, experiment_id, network_name, arch_name, strategy, schedule, status, program_version, created_at, spec_json, architecture_id)
        VALUES (5, 1, 'lenet5', 'clsa-cim', 'greedy', 'clsa', 'done', '0.1.0', 't', '{}', 1), (6, 1, 'lenet5', 'clsa-cim', 'none', 'clsa', 'failed', '0.1.0', 't', '{}', NULL);`,
    )
    expect(db.prepare('SELECT id, saved FROM architectures ORDER BY id').all()).toEqual([
      { id: 1, saved: 0 },
      { id: 2, saved: 1 },
    ])
    expect(() => db.prepare('UPDATE architectures SET saved = 2 WHERE id = 1').run()).toThrow(/CHECK constraint/)
    db.close()
  })

  it('migration 10 adds inferences and throughput to every stored run: from its spec (1 when left out) and its latency', () => {
    const result = (id: number, latencyNs: number) =>
      `INSERT INTO results VALUES (${id}, 'lenet5', 'clsa', 'greedy', 'pixel', 22, 22, 14, 104, ${latencyNs}, 98, 0.4, 0.4, 8.5, 519360, 0, NULL, 5464.376, 'conv1');`
    const db = upgradeFrom(
      MIGRATIONS.findIndex((m) => m.version === 10),
      `INSERT INTO experiments (id, name, created_at) VALUES (1, 'old', 't');
      INSERT INTO runs (id, experiment_id, network_name, arch_name, strategy, schedule, status, program_version, created_at, spec_json)
        VALUES (5, 1, 'lenet5', 'clsa-cim', 'greedy', 'clsa', 'done', '0.1.0', 't', '{"inferences":4}'),
               (6, 1, 'lenet5', 'clsa-cim', 'greedy', 'clsa', 'done', '0.1.0', 't', '{}'),
               (7, 1, 'lenet5', 'clsa-cim', 'greedy', 'clsa', 'done', '0.1.0', 't', '{"inferences":2}'),
               (8, 1, 'lenet5', 'clsa-cim', 'none', 'clsa', 'failed', '0.1.0', 't', '{"inferences":3}');
      ${result(5, 166400)} ${result(6, 166400)} ${result(7, 0)}`,
    )
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION)
    expect(db.prepare('SELECT run_id, inferences, throughput_per_s FROM results ORDER BY run_id').all()).toEqual([
      { run_id: 5, inferences: 4, throughput_per_s: throughputPerS(4, 166400) }, // the same number the program computes
      { run_id: 6, inferences: 1, throughput_per_s: 6009.615384615385 }, // what history-v1's blob stored as metrics.throughputInfPerS
      { run_id: 7, inferences: 2, throughput_per_s: 0 }, // no latency to divide by
    ])
    const path = db.name
    db.close()
    const h = openHistory(path)
    const byThroughput = (order: 'asc' | 'desc') => h.runs.list({ sort: 'throughputPerS', order, status: 'done' }).map((r) => [r.id, r.summary!.throughputPerS])
    expect(byThroughput('desc')).toEqual([
      [5, throughputPerS(4, 166400)],
      [6, 6009.615384615385],
      [7, 0],
    ])
    expect(byThroughput('asc').map(([id]) => id)).toEqual([7, 6, 5])
    expect(h.runs.list({ sort: 'inferences', order: 'desc', status: 'done' }).map((r) => r.summary!.inferences)).toEqual([4, 2, 1])
    expect(() => h.db.prepare('UPDATE results SET inferences = 0 WHERE run_id = 5').run()).toThrow(/CHECK constraint/)
    h.close()
  })

  it('refuses an empty path, a missing file for reading, a file that is not a database and a damaged one, naming the file', () => {
    expect(() => openDatabase('')).toThrow('the history database path is empty: give a file with --db PATH or $CIM_DB')
    const missing = tempDbPath('missing.sqlite')
    expect(() => openDatabase(missing, { readonly: true })).toThrow(`no history database at ${missing} yet: store a run with \`cim run ... --save\``)
    const text = tempDbPath('notes.sqlite')
    writeFileSync(text, 'x'.repeat(5000))
    expect(() => openDatabase(text)).toThrow(
      `database ${text} is damaged (file is not a database); nothing was written to it: see \`cim db check --db ${text}\``,
    )
    expect(readFileSync(text, 'utf8')).toBe('x'.repeat(5000))
    const damaged = tempDbPath('damaged.sqlite')
    const db = openDatabase(damaged)
    db.exec(
      'CREATE TABLE filler (a); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO filler SELECT randomblob(300) FROM n',
    )
    db.close()
    const bytes = readFileSync(damaged)
    bytes.fill(0xa5, 4096 * 40, 4096 * 41) // one page in the middle
    writeFileSync(damaged, bytes)
    expect(() => openDatabase(damaged)).toThrow(new RegExp(`^database ${damaged} is damaged \\(.+\\); nothing was written to it`))
    expect(readFileSync(damaged).equals(bytes)).toBe(true)
  })

  it('opens a read-only file for reading', () => {
    const path = tempDbPath()
    openDatabase(path).close()
    chmodSync(path, 0o444)
    const db = openDatabase(path, { readonly: true })
    expect(db.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(0)
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
