/** Every migration in order; schema version N is the state after migrations 1..N. Append only. */
import { sql as initial } from './001_initial'
import { sql as runOwners } from './002_run_owners'

export interface Migration {
  version: number
  name: string
  sql: string
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'run owners', sql: runOwners },
]

/** The schema version this program writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version
