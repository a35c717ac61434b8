/** Architectures saved by users or used by runs (chip size as run), stored once each by content. */
import type { Database } from 'better-sqlite3'
import type { Architecture } from '../../shared/experiment'
import { architectureDocument, validateArchitecture } from '../../shared/schemas/architecture'
import { ContentStore, type DocumentKind } from './content-store'

export interface ArchitectureRecord {
  id: number
  name: string
  version: number
  sha256: string
  createdAt: string
}

export const ARCHITECTURE_DOCUMENTS: DocumentKind<Architecture, ArchitectureRecord, 'architecture'> = {
  what: 'architecture',
  table: 'architectures',
  jsonColumn: 'spec_json',
  columns: {
    name: { column: 'name', of: (a) => a.name },
    version: { column: 'version', of: (a) => a.version },
  },
  order: 'name, version, id',
  encode: architectureDocument,
  decode: (stored) => validateArchitecture(stored),
}

/** Stored architectures: `upsert` one, `get` it back with its `architecture`, `list` them by name and version. */
export class ArchitecturesRepo extends ContentStore<Architecture, ArchitectureRecord, 'architecture'> {
  constructor(db: Database) {
    super(db, ARCHITECTURE_DOCUMENTS)
  }
}
