/** Networks the history has run, stored once each by content (the canonical JSON of their IR). */
import type { Database } from 'better-sqlite3'
import type { Network } from '../../shared/experiment'
import { networkSchema } from '../../shared/schemas/network'
import { ContentStore, type DocumentKind } from './content-store'

export interface NetworkRecord {
  id: number
  name: string
  sourceKind: string
  file: string | null
  sha256: string
  createdAt: string
}

export const NETWORK_DOCUMENTS: DocumentKind<Network, NetworkRecord, 'network'> = {
  what: 'network',
  table: 'networks',
  jsonColumn: 'ir_json',
  columns: {
    name: { column: 'name', of: (n) => n.name },
    sourceKind: { column: 'source_kind', of: (n) => n.source.kind },
    file: { column: 'file', of: (n) => n.source.file ?? null },
  },
  order: 'name, id',
  encode: (n) => n,
  decode: (stored) => networkSchema.parse(stored),
}

/** Stored networks: `upsert` one, `get` it back with its `network` (IR), `list` them (without IR) by name. */
export class NetworksRepo extends ContentStore<Network, NetworkRecord, 'network'> {
  constructor(db: Database) {
    super(db, NETWORK_DOCUMENTS)
  }
}
