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

export const NETWORK_DOCUMENTS: DocumentKind<Network, NetworkRecord> = {
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

export class NetworksRepo {
  readonly store: ContentStore<Network, NetworkRecord>

  constructor(db: Database) {
    this.store = new ContentStore(db, NETWORK_DOCUMENTS)
  }

  /** The id of this network's row, adding it the first time it is seen. */
  upsert(network: Network): number {
    return this.store.upsert(network)
  }

  /** A stored network with its IR. */
  get(id: number): NetworkRecord & { network: Network } {
    const { document, ...record } = this.store.get(id)
    return { ...record, network: document }
  }

  /** Every stored network (without IR), by name. */
  list(): NetworkRecord[] {
    return this.store.list()
  }
}
