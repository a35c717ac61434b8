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

/**
 * Stored architectures: `upsert` one (a run's chip: not marked saved), `save` one the user saves, `get` it
 * back with its `architecture`, `list` them by name and version with their saved mark.
 */
export class ArchitecturesRepo extends ContentStore<Architecture, ArchitectureRecord, 'architecture'> {
  private readonly markSaved: Statement<[number]>
  private readonly savedIds: Statement<[], number>

  constructor(db: Database) {
    super(db, ARCHITECTURE_DOCUMENTS)
    this.markSaved = db.prepare('UPDATE architectures SET saved = 1 WHERE id = ?')
    this.savedIds = db.prepare<[], number>('SELECT id FROM architectures WHERE saved = 1').pluck()
  }

  /** Stores an architecture the user saves and marks it saved (also when a run stored the same chip before); its id. */
  save(arch: Architecture): number {
    const id = this.upsert(arch)
    this.markSaved.run(id)
    return id
  }

  /** Every stored architecture (without the document), by name and version, with its saved mark. */
  override list(): ListedArchitecture[] {
    const saved = new Set(this.savedIds.all())
    return super.list().map((a) => ({ ...a, saved: saved.has(a.id) }))
  }
}
