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

export const ARCHITECTURE_DOCUMENTS: DocumentKind<Architecture, ArchitectureRecord> = {
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

export class ArchitecturesRepo {
  readonly store: ContentStore<Architecture, ArchitectureRecord>

  constructor(db: Database) {
    this.store = new ContentStore(db, ARCHITECTURE_DOCUMENTS)
  }

  /** The id of this architecture's row, adding it the first time it is seen. */
  upsert(arch: Architecture): number {
    return this.store.upsert(arch)
  }

  /** A stored architecture with its full document (upgraded to the current format, defaults filled). */
  get(id: number): ArchitectureRecord & { architecture: Architecture } {
    const { document, ...record } = this.store.get(id)
    return { ...record, architecture: document }
  }

  /** Every stored architecture (without the document), by name and version. */
  list(): ArchitectureRecord[] {
    return this.store.list()
  }
}
