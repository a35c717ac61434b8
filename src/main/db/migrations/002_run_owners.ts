/**
 * Schema 2: runs have owners, and a run whose owner is gone is 'interrupted'.
 * Shipped: never edit this file; change the schema in a new numbered migration.
 *
 * run_owners: one row per process that queues or runs runs (its process id, host name, start and
 * heartbeat, ISO 8601 UTC). runs.owner_id names the process a queued or running run belongs to;
 * whoever opens the database repairs only the open runs whose owner is gone. SQLite cannot change a
 * CHECK constraint in place, so runs is rebuilt with 'interrupted' among its statuses (ids, rows and
 * indexes kept; openDatabase runs migrations with foreign keys off, so results are not cascaded).
 */
export const sql = `
CREATE TABLE run_owners (
  id           INTEGER PRIMARY KEY,
  pid          INTEGER NOT NULL,
  host         TEXT NOT NULL,
  started_at   TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL
);

CREATE TABLE runs_v2 (
  id              INTEGER PRIMARY KEY,
  experiment_id   INTEGER NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
  network_name    TEXT NOT NULL,
  arch_name       TEXT NOT NULL,
  strategy        TEXT NOT NULL,
  schedule        TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled', 'interrupted')),
  error           TEXT,
  program_version TEXT NOT NULL,
  input_hash      TEXT,
  network_id      INTEGER REFERENCES networks (id) ON DELETE SET NULL,
  architecture_id INTEGER REFERENCES architectures (id) ON DELETE SET NULL,
  owner_id        INTEGER REFERENCES run_owners (id) ON DELETE SET NULL,
  created_at      TEXT NOT NULL,
  started_at      TEXT,
  finished_at     TEXT,
  timings_json    TEXT,
  spec_json       TEXT NOT NULL
);
INSERT INTO runs_v2 (id, experiment_id, network_name, arch_name, strategy, schedule, status, error, program_version, input_hash, network_id,
  architecture_id, created_at, started_at, finished_at, timings_json, spec_json)
  SELECT id, experiment_id, network_name, arch_name, strategy, schedule, status, error, program_version, input_hash, network_id,
  architecture_id, created_at, started_at, finished_at, timings_json, spec_json FROM runs;
DROP TABLE runs;
ALTER TABLE runs_v2 RENAME TO runs;
CREATE INDEX runs_experiment ON runs (experiment_id);
CREATE INDEX runs_created ON runs (created_at);
CREATE INDEX runs_status ON runs (status);
CREATE INDEX runs_network ON runs (network_name);
CREATE INDEX runs_arch ON runs (arch_name);
CREATE INDEX runs_network_id ON runs (network_id);
CREATE INDEX runs_architecture_id ON runs (architecture_id);
CREATE INDEX runs_owner ON runs (owner_id) WHERE owner_id IS NOT NULL;
`
