/** Networks the history has run, stored once each (keyed by the sha256 of their IR JSON). */
import type { Database, Statement } from 'better-sqlite3'
import type { Network } from '../../shared/experiment'
import { createHash } from 'node:crypto'
import { NotFoundError } from './errors'
import { now } from './sql-filter'

export interface NetworkRecord {
  id: number
  name: string
  sourceKind: string
  file: string | null
  sha256: string
  createdAt: string
}

interface Row {
  id: number
  name: string
  source_kind: string
  file: string | null
  sha256: string
  created_at: string
  ir_json?: string
}

const record = (r: Row): NetworkRecord => ({ id: r.id, name: r.name, sourceKind: r.source_kind, file: r.file, sha256: r.sha256, createdAt: r.created_at })

export class NetworksRepo {
  private readonly byHash: Statement<[string], { id: number }>
  private readonly insert: Statement<[string, string, string | null, string, string, string]>
  private readonly one: Statement<[number], Row>
  private readonly all: Statement<[], Row>

  constructor(db: Database) {
    this.byHash = db.prepare('SELECT id FROM networks WHERE sha256 = ?')
    this.insert = db.prepare('INSERT INTO networks (name, source_kind, file, sha256, ir_json, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    this.one = db.prepare('SELECT * FROM networks WHERE id = ?')
    this.all = db.prepare('SELECT id, name, source_kind, file, sha256, created_at FROM networks ORDER BY name, id')
  }

  /** The id of this network's row (keyed by the sha256 of its IR JSON), adding it the first time it is seen. */
  upsert(network: Network): number {
    const json = JSON.stringify(network)
    const sha = createHash('sha256').update(json).digest('hex')
    const found = this.byHash.get(sha)
    if (found) return found.id
    return Number(this.insert.run(network.name, network.source.kind, network.source.file ?? null, sha, json, now()).lastInsertRowid)
  }

  /** A stored network with its IR. */
  get(id: number): NetworkRecord & { network: Network } {
    const r = this.one.get(id)
    if (!r) throw new NotFoundError('network', id)
    return { ...record(r), network: JSON.parse(r.ir_json!) as Network }
  }

  /** Every stored network (without IR), by name. */
  list(): NetworkRecord[] {
    return this.all.all().map(record)
  }
}
