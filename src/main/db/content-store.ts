/**
 * A content-addressed table of documents (networks, architectures): each document is stored once as
 * canonical JSON, keyed by its sha256, and read back through its schema (upgraded, then validated).
 */
import type { Database, Statement } from 'better-sqlite3'
import { canonicalJson } from '../../shared/canonical-json'
import { sha256Hex } from '../core/content-hash'
import { NotFoundError } from './errors'
import { now } from './sql-filter'

type Value = string | number | null

/** How one kind of document is stored: its table, JSON column, listing columns and (de)serialization. */
export interface DocumentKind<T, R, K extends string> {
  /** Singular, for messages ("no architecture with id 3"), and the key of the document in a read row. */
  what: K
  table: string
  jsonColumn: string
  /** Listing columns besides id, sha256 and created_at: record key -> SQL column and the value it takes from a document. */
  columns: { [C in Exclude<keyof R, 'id' | 'sha256' | 'createdAt'>]: { column: string; of: (doc: T) => Value } }
  /** ORDER BY of the listing. */
  order: string
  /** The stored form of a document (e.g. with its format version). */
  encode: (doc: T) => unknown
  /** A stored form read back (upgraded and validated); throws naming the problem. */
  decode: (stored: unknown) => T
}

/** The listing fields every stored document has. */
export interface StoredRecord {
  id: number
  sha256: string
  createdAt: string
}

/** The store of one kind of document; a repository of networks or architectures is one of these. */
export class ContentStore<T, R extends StoredRecord, K extends string> {
  private readonly byHash: Statement<[string], { id: number }>
  private readonly insert: Statement<Value[]>
  private readonly one: Statement<[number], R & { json: string }>
  private readonly all: Statement<[], R>
  private readonly keys: (keyof DocumentKind<T, R, K>['columns'])[]

  constructor(
    private readonly db: Database,
    private readonly kind: DocumentKind<T, R, K>,
  ) {
    this.keys = Object.keys(kind.columns) as (keyof DocumentKind<T, R, K>['columns'])[]
    const cols = this.keys.map((k) => kind.columns[k].column)
    const listed = ['id', 'sha256', 'created_at AS createdAt', ...this.keys.map((k) => `${kind.columns[k].column} AS ${String(k)}`)].join(', ')
    this.byHash = db.prepare(`SELECT id FROM ${kind.table} WHERE sha256 = ?`)
    this.insert = db.prepare<Value[]>(
      `INSERT INTO ${kind.table} (${[...cols, 'sha256', kind.jsonColumn, 'created_at'].join(', ')}) VALUES (${cols.map(() => '?').join(', ')}, ?, ?, ?)`,
    )
    this.one = db.prepare(`SELECT ${listed}, ${kind.jsonColumn} AS json FROM ${kind.table} WHERE id = ?`)
    this.all = db.prepare(`SELECT ${listed} FROM ${kind.table} ORDER BY ${kind.order}`)
  }

  /** The canonical JSON a document is stored as, and its sha256. */
  private stored(doc: T): { json: string; sha256: string } {
    const json = canonicalJson(this.kind.encode(doc))
    return { json, sha256: sha256Hex(json) }
  }

  /** The id of this document's row, adding it the first time its content is seen. */
  upsert(doc: T): number {
    const { json, sha256 } = this.stored(doc)
    const found = this.byHash.get(sha256)
    if (found) return found.id
    return Number(this.insert.run(...this.keys.map((k) => this.kind.columns[k].of(doc)), sha256, json, now()).lastInsertRowid)
  }

  /**
   * A stored document (upgraded to the current format, defaults filled) under its kind's name, with its listing
   * fields; throws NotFoundError, or an error naming the row when the document is invalid.
   */
  get(id: number): R & { [D in K]: T } {
    const row = this.one.get(id)
    if (!row) throw new NotFoundError(this.kind.what, id)
    const { json, ...record } = row
    try {
      return { ...(record as unknown as R), [this.kind.what]: this.kind.decode(JSON.parse(json)) } as R & { [D in K]: T }
    } catch (e) {
      throw new Error(`stored ${this.kind.what} ${id} cannot be read: ${(e as Error).message}`)
    }
  }

  /** Every stored document's listing fields (without the document), in the kind's order. */
  list(): R[] {
    return this.all.all()
  }

  /**
   * Stores every row again in the current form (upgraded, canonical JSON, new hash), merging rows whose
   * content turns out equal: runs that referred to a merged row refer to the kept one (the lowest id).
   * Rows that cannot be read are left as they are. For migrations.
   */
  restoreAll(referencedBy: { table: string; column: string }[]): void {
    const rows = this.db.prepare<[], { id: number; json: string }>(`SELECT id, ${this.kind.jsonColumn} AS json FROM ${this.kind.table} ORDER BY id`).all()
    const repoints = referencedBy.map((ref) => this.db.prepare(`UPDATE ${ref.table} SET ${ref.column} = ? WHERE ${ref.column} = ?`))
    const remove = this.db.prepare(`DELETE FROM ${this.kind.table} WHERE id = ?`)
    const keptBySha = new Map<string, number>()
    const updates: { id: number; json: string; sha256: string }[] = []
    for (const row of rows) {
      let doc: T
      try {
        doc = this.kind.decode(JSON.parse(row.json))
      } catch {
        continue
      }
      const { json, sha256 } = this.stored(doc)
      const kept = keptBySha.get(sha256)
      if (kept === undefined) {
        keptBySha.set(sha256, row.id)
        updates.push({ id: row.id, json, sha256 })
        continue
      }
      for (const repoint of repoints) repoint.run(kept, row.id)
      remove.run(row.id)
    }
    // Two passes, so that no new hash meets an old one still in the UNIQUE column.
    const mark = this.db.prepare(`UPDATE ${this.kind.table} SET sha256 = 'rehash:' || id WHERE id = ?`)
    const write = this.db.prepare(`UPDATE ${this.kind.table} SET sha256 = ?, ${this.kind.jsonColumn} = ? WHERE id = ?`)
    for (const u of updates) mark.run(u.id)
    for (const u of updates) write.run(u.sha256, u.json, u.id)
  }
}
