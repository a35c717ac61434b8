/**
 * Schema 1: networks, architectures, experiments (with tags), runs and their results.
 * Shipped: never edit this file; change the schema in a new numbered migration.
 *
 * Times are ISO 8601 UTC text (sorts in time order). Result summary columns follow RunSummary
 * (cim-model.md section 7); the full ExperimentResult is a deflated JSON blob kept in result_blobs,
 * a 1:1 side table, so that listing and sorting read compact rows and never the blob pages.
 * Large text columns (spec_json) come last in their row for the same reason.
 */
export const sql = `
CREATE TABLE networks (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  source_kind TEXT NOT NULL,
  file        TEXT,
  sha256      TEXT NOT NULL UNIQUE,
  ir_json     TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE architectures (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  version    INTEGER NOT NULL,
  sha256     TEXT NOT NULL UNIQUE,
  spec_json  TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX architectures_name ON architectures (name, version);

CREATE TABLE experiments (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  notes      TEXT NOT NULL DEFAULT '',
  grid_json  TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX experiments_created ON experiments (created_at);
CREATE INDEX experiments_name ON experiments (name);

CREATE TABLE experiment_tags (
  experiment_id INTEGER NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
  tag           TEXT NOT NULL,
  PRIMARY KEY (experiment_id, tag)
) WITHOUT ROWID;
CREATE INDEX experiment_tags_tag ON experiment_tags (tag);

CREATE TABLE runs (
  id              INTEGER PRIMARY KEY,
  experiment_id   INTEGER NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
  network_name    TEXT NOT NULL,
  arch_name       TEXT NOT NULL,
  strategy        TEXT NOT NULL,
  schedule        TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  error           TEXT,
  program_version TEXT NOT NULL,
  input_hash      TEXT,
  network_id      INTEGER REFERENCES networks (id) ON DELETE SET NULL,
  architecture_id INTEGER REFERENCES architectures (id) ON DELETE SET NULL,
  created_at      TEXT NOT NULL,
  started_at      TEXT,
  finished_at     TEXT,
  timings_json    TEXT,
  spec_json       TEXT NOT NULL
);
CREATE INDEX runs_experiment ON runs (experiment_id);
CREATE INDEX runs_created ON runs (created_at);
CREATE INDEX runs_status ON runs (status);
CREATE INDEX runs_network ON runs (network_name);
CREATE INDEX runs_arch ON runs (arch_name);
CREATE INDEX runs_network_id ON runs (network_id);
CREATE INDEX runs_architecture_id ON runs (architecture_id);

CREATE TABLE results (
  run_id                INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
  model                 TEXT NOT NULL,
  schedule              TEXT NOT NULL,
  dup                   TEXT NOT NULL,
  granularity           TEXT NOT NULL,
  pes_chip              INTEGER NOT NULL,
  pes_allocated         INTEGER NOT NULL,
  pes_minimum           INTEGER NOT NULL,
  latency_steps         REAL NOT NULL,
  latency_ns            REAL NOT NULL,
  lower_bound_steps     REAL NOT NULL,
  utilization_chip      REAL NOT NULL,
  utilization_allocated REAL NOT NULL,
  speedup               REAL NOT NULL,
  total_cell_writes     REAL NOT NULL,
  writes_per_inference  REAL NOT NULL,
  lifetime_inferences   REAL,
  energy_nj             REAL NOT NULL
);
CREATE INDEX results_model ON results (model);
CREATE INDEX results_speedup ON results (speedup);
CREATE INDEX results_latency_steps ON results (latency_steps);
CREATE INDEX results_latency_ns ON results (latency_ns);
CREATE INDEX results_utilization_chip ON results (utilization_chip);
CREATE INDEX results_utilization_allocated ON results (utilization_allocated);
CREATE INDEX results_pes_chip ON results (pes_chip);
CREATE INDEX results_energy ON results (energy_nj);
CREATE INDEX results_cell_writes ON results (total_cell_writes);
CREATE INDEX results_lifetime ON results (lifetime_inferences);

CREATE TABLE result_blobs (
  run_id      INTEGER PRIMARY KEY REFERENCES results (run_id) ON DELETE CASCADE,
  result_blob BLOB NOT NULL
);
`
