/** Architectures (as run, chip size resolved) the history has used, stored once each by content. */
import type { Database, Statement } from 'better-sqlite3'
import type { Architecture } from '../../shared/experiment'
import { createHash } from 'node:crypto'
import { NotFoundError } from './errors'
import { now } from './sql-filter'

export interface ArchitectureRecord {
  id: number
  name: string
  version: number
  sha256: string
  createdAt: string
}

interface Row {
  id: number
  name: string
  version: number
  sha256: string
  created_at: string
  spec_json?: string
}

const record = (r: Row): ArchitectureRecord => ({ id: r.id, name: r.name, version: r.version, sha256: r.sha256, createdAt: r.created_at })

export class ArchitecturesRepo {
  private readonly byHash: Statement<[string], { id: number }>
  private readonly insert: Statement<[string, number, string, string, string]>
  private readonly one: Statement<[number], Row>
  private readonly all: Statement<[], Row>

  constructor(db: Database) {
    this.byHash = db.prepare('SELECT id FROM architectures WHERE sha256 = ?')
    this.insert = db.prepare('INSERT INTO architectures (name, version, sha256, spec_json, created_at) VALUES (?, ?, ?, ?, ?)')
    this.one = db.prepare('SELECT * FROM architectures WHERE id = ?')
    this.all = db.prepare('SELECT id, name, version, sha256, created_at FROM architectures ORDER BY name, version, id')
  }

  /** The id of this architecture's row (keyed by the sha256 of its JSON), adding it the first time it is seen. */
  upsert(arch: Architecture): number {
    const json = JSON.stringify(arch)
    const sha = createHash('sha256').update(json).digest('hex')
    const found = this.byHash.get(sha)
    if (found) return found.id
    return Number(this.insert.run(arch.name, arch.version, sha, json, now()).lastInsertRowid)
  }

  /** A stored architecture with its full document. */
  get(id: number): ArchitectureRecord & { architecture: Architecture } {
    const r = this.one.get(id)
    if (!r) throw new NotFoundError('architecture', id)
    return { ...record(r), architecture: JSON.parse(r.spec_json!) as Architecture }
  }

  /** Every stored architecture (without the document), by name and version. */
  list(): ArchitectureRecord[] {
    return this.all.all().map(record)
  }
}
