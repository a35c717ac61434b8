/** Export an experiment as one JSON document (experiment + runs + full results) and import one back. */
import type { Database } from 'better-sqlite3'
import { PROGRAM_VERSION } from '../../shared/version'
import { ImportError } from './errors'
import { DOCUMENT_FORMAT, DOCUMENT_VERSION, documentSchema, type ExperimentDocument } from './document'
import type { ExperimentsRepo } from './experiments'
import type { ResultsRepo } from './results'
import type { RunsRepo } from './runs'

export class ExchangeRepo {
  constructor(
    private readonly db: Database,
    private readonly experiments: ExperimentsRepo,
    private readonly runs: RunsRepo,
    private readonly results: ResultsRepo,
  ) {}

  /** The experiment with every run (in creation order) and every stored result. */
  exportExperiment(id: number): ExperimentDocument {
    return this.db.transaction(() => {
      const e = this.experiments.get(id)
      const runs = this.runs.list({ experimentId: id, sort: 'id', order: 'asc' }).map((item) => {
        const r = this.runs.get(item.id)
        return {
          spec: r.spec,
          status: r.status,
          error: r.error,
          programVersion: r.programVersion,
          inputHash: r.inputHash,
          createdAt: r.createdAt,
          startedAt: r.startedAt,
          finishedAt: r.finishedAt,
          timingsMs: r.timingsMs,
          result: r.status === 'done' ? this.results.get(r.id) : null,
        }
      })
      return {
        format: DOCUMENT_FORMAT,
        formatVersion: DOCUMENT_VERSION,
        programVersion: PROGRAM_VERSION,
        exportedAt: new Date().toISOString(),
        experiment: { name: e.name, notes: e.notes, tags: e.tags, grid: e.grid, createdAt: e.createdAt },
        runs,
      } satisfies ExperimentDocument
    })()
  }

  /**
   * Checks a whole document (zod) and stores it as a new experiment in one transaction; returns the
   * new experiment's id. A bad document throws ImportError naming the first problems; nothing is written.
   * A run exported while running comes back queued (it is not running here).
   */
  importExperiment(doc: unknown): number {
    const parsed = documentSchema.safeParse(doc)
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`)
      const more = parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : ''
      throw new ImportError(`invalid experiment document: ${issues.join('; ')}${more}`)
    }
    const d = parsed.data as ExperimentDocument
    return this.db.transaction(() => {
      const id = this.experiments.create({
        name: d.experiment.name,
        notes: d.experiment.notes,
        tags: d.experiment.tags,
        grid: d.experiment.grid ?? undefined,
        createdAt: d.experiment.createdAt,
      })
      for (const r of d.runs) {
        const status = r.status === 'done' ? 'running' : r.status === 'running' ? 'queued' : r.status
        const runId = this.runs.add(id, r.spec, { ...r, status })
        if (r.result) this.runs.complete(runId, r.result, r.finishedAt ?? r.createdAt)
      }
      return id
    })()
  }
}
