/**
 * Schema 10: results.inferences and results.throughput_per_s, the summary figures `inferences` (the
 * inferences a run streams back to back) and `throughputPerS` (`inferences / latency`, inferences/s),
 * sortable in the history. Stored runs get them from their spec (`inferences`, 1 when left out) and
 * their latency, as the program computes them; their result blobs gain both when read (upgradeResult).
 * Shipped: never edit this file; change the schema in a new numbered migration.
 */
export const sql = `
ALTER TABLE results ADD COLUMN inferences INTEGER NOT NULL DEFAULT 1 CHECK (inferences >= 1);
ALTER TABLE results ADD COLUMN throughput_per_s REAL NOT NULL DEFAULT 0;
UPDATE results SET inferences = coalesce((SELECT json_extract(r.spec_json, '$.inferences') FROM runs r WHERE r.id = results.run_id), 1);
UPDATE results SET throughput_per_s = CASE WHEN latency_ns > 0 THEN inferences / (latency_ns * 1e-9) ELSE 0 END;
CREATE INDEX results_throughput ON results (throughput_per_s);
`
