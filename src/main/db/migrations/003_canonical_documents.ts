/**
 * Schema 3: stored networks and architectures become content-addressed by canonical JSON (sorted
 * keys), architectures in their current format (with schemaVersion). Rows that were stored twice only
 * because of key order (or a derived field) are merged; runs keep pointing at the kept row.
 * Code, not SQL: it re-stores every document through its store.
 */
import type { Database } from 'better-sqlite3'
import { ContentStore } from '../content-store'
import { ARCHITECTURE_DOCUMENTS } from '../architectures'
import { NETWORK_DOCUMENTS } from '../networks'

export function run(db: Database): void {
  new ContentStore(db, NETWORK_DOCUMENTS).restoreAll([{ table: 'runs', column: 'network_id' }])
  new ContentStore(db, ARCHITECTURE_DOCUMENTS).restoreAll([{ table: 'runs', column: 'architecture_id' }])
}
