/**
 * Every migration in version order; schema version N is the state after every migration up to N.
 * Append only.
 * A migration is SQL, code run inside the same transaction (to upgrade stored JSON), or both.
 */
import type { Database } from 'better-sqlite3'
import { sql as initial } from './001_initial'
import { sql as runOwners } from './002_run_owners'
import { run as canonicalDocuments } from './003_canonical_documents'
import { sql as bottleneckLayer } from './006_bottleneck_layer'
import { sql as savedArchitectures } from './009_saved_architectures'
import { sql as summaryThroughput } from './010_summary_throughput'

export interface Migration {
  version: number
  name: string
  sql?: string
  run?: (db: Database) => void
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'run owners', sql: runOwners },
  { version: 3, name: 'canonical documents', run: canonicalDocuments },
  { version: 6, name: 'bottleneck layer', sql: bottleneckLayer },
  { version: 9, name: 'saved architectures', sql: savedArchitectures },
  { version: 10, name: 'inferences and throughput in the summary', sql: summaryThroughput },
]

/** The schema version this program writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version
