/**
 * Architectures saved by users or used by runs (chip size as run), stored once each by content. Only
 * those saved through `save` are the user's saved chips; the others are chips of past runs.
 */
import type { Database, Statement } from 'better-sqlite3'
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

/** A listed architecture and whether the user saved it (false: a chip a run stored for itself). */
export type ListedArchitecture = ArchitectureRecord & { saved: boolean }

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
  private readonly markSaved: Statement<[number]>
  private readonly savedIds: Statement<[], number>

  constructor(db: Database) {
    this.store = new ContentStore(db, ARCHITECTURE_DOCUMENTS)
    this.markSaved = db.prepare('UPDATE architectures SET saved = 1 WHERE id = ?')
    this.savedIds = db.prepare<[], number>('SELECT id FROM architectures WHERE saved = 1').pluck()
  }

  /** The id of this architecture's row, adding it the first time it is seen (a run's chip: not marked saved). */
  upsert(arch: Architecture): number {
    return this.store.upsert(arch)
  }

  /** Stores an architecture the user saves and marks it saved (also when a run stored the same chip before); its id. */
  save(arch: Architecture): number {
    const id = this.store.upsert(arch)
    this.markSaved.run(id)
    return id
  }

  /** A stored architecture with its full document (upgraded to the current format, defaults filled). */
  get(id: number): ArchitectureRecord & { architecture: Architecture } {
    const { document, ...record } = this.store.get(id)
    return { ...record, architecture: document }
  }

  /** Every stored architecture (without the document), by name and version, with its saved mark. */
  list(): ListedArchitecture[] {
    const saved = new Set(this.savedIds.all())
    return this.store.list().map((a) => ({ ...a, saved: saved.has(a.id) }))
  }
}
