/** The history database with all its repositories: what the app, the CLI and tests open. */
import type { Database } from 'better-sqlite3'
import { ArchitecturesRepo } from './architectures'
import { openDatabase } from './connection'
import { ExchangeRepo } from './exchange'
import { ExperimentsRepo } from './experiments'
import { NetworksRepo } from './networks'
import { ResultsRepo } from './results'
import { RunsRepo } from './runs'

export class History {
  readonly networks: NetworksRepo
  readonly architectures: ArchitecturesRepo
  readonly experiments: ExperimentsRepo
  readonly results: ResultsRepo
  readonly runs: RunsRepo
  readonly exchange: ExchangeRepo

  constructor(readonly db: Database) {
    this.networks = new NetworksRepo(db)
    this.architectures = new ArchitecturesRepo(db)
    this.experiments = new ExperimentsRepo(db)
    this.results = new ResultsRepo(db)
    this.runs = new RunsRepo(db, this.results, this.networks, this.architectures)
    this.exchange = new ExchangeRepo(db, this.experiments, this.runs, this.results)
  }

  close(): void {
    this.db.close()
  }
}

/** Opens (creating and migrating) the history database at `path`. */
export function openHistory(path: string): History {
  return new History(openDatabase(path))
}
