/** The history database with all its repositories: what the app, the CLI and tests open. */
import type { Database } from 'better-sqlite3'
import { ArchitecturesRepo } from './architectures'
import { openDatabase, type OpenOptions } from './connection'
import { DamagedDatabaseError, isCorruption } from './errors'
import { ExchangeRepo } from './exchange'
import { ExperimentsRepo } from './experiments'
import { NetworksRepo } from './networks'
import { OwnersRepo } from './owners'
import { ResultsRepo } from './results'
import { RunsRepo } from './runs'

export class History {
  readonly networks: NetworksRepo
  readonly architectures: ArchitecturesRepo
  readonly experiments: ExperimentsRepo
  readonly results: ResultsRepo
  readonly runs: RunsRepo
  readonly exchange: ExchangeRepo
  readonly owners: OwnersRepo

  constructor(readonly db: Database) {
    this.networks = new NetworksRepo(db)
    this.architectures = new ArchitecturesRepo(db)
    this.experiments = new ExperimentsRepo(db)
    this.results = new ResultsRepo(db)
    this.owners = new OwnersRepo(db)
    this.runs = new RunsRepo(db, this.results, this.networks, this.architectures, this.owners)
    this.exchange = new ExchangeRepo(db, this.experiments, this.runs, this.results)
  }

  /** What SQLite reported when it found the file damaged; from then on nothing is written to it. */
  private damage: string | null = null

  /**
   * The error to show for `e`: a damaged file (SQLITE_CORRUPT or NOTADB, from a large file not checked
   * at open) stops all writes (PRAGMA query_only) and becomes a DamagedDatabaseError naming the file
   * and how to recover; every later write is refused the same way.
   */
  explain(e: unknown): unknown {
    if (isCorruption(e) && this.damage === null) {
      this.damage = (e as Error).message
      this.db.pragma('query_only = ON')
    }
    const refused = isCorruption(e) || (this.damage !== null && String((e as { code?: string })?.code).startsWith('SQLITE_READONLY'))
    return refused ? new DamagedDatabaseError(this.db.name, this.damage!) : e
  }

  /** Releases this process's ownership of runs and closes the file. */
  close(): void {
    this.owners.release()
    this.db.close()
  }
}

/**
 * Opens the history database at `path`: for writing (created, migrated, and the open runs of owners
 * that are gone marked interrupted), or read-only for reading commands.
 */
export function openHistory(path: string, options: OpenOptions = {}): History {
  const h = new History(openDatabase(path, options))
  try {
    if (!options.readonly) h.owners.repair()
    return h
  } catch (e) {
    h.close()
    throw e
  }
}
