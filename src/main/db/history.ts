/** The history database with all its repositories: what the app, the CLI and tests open. */
import type { Database } from 'better-sqlite3'
import { ArchitecturesRepo } from './architectures'
import { openDatabase, type OpenOptions } from './connection'
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
