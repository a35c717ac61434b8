/** The history commands of the CLI: `run --save`, `history`, `show ID`, `delete ID`, over the SQLite history. */
import { accessSync, constants, existsSync } from 'node:fs'
import { dirname } from 'node:path'
import { Option, type Command } from 'commander'
import type { ExperimentResult, ExperimentSpec } from '../../shared/experiment'
import { runExperiment } from '../core/pipeline'
import { DB_HELP, defaultDatabasePath } from '../db/location'
import { DatabaseFileError } from '../db/errors'
import type { History, openHistory as OpenHistory } from '../db/history'
import type { RunListItem } from '../../shared/records'
import { RUN_SORT_KEYS, type RunSortKey } from '../db/runs-filter'
import { STORED_METRICS, formatMetric, metric, metricValue, type Metric } from '../../shared/metrics'
import { runListRecord } from '../../shared/exports'
import { recordsCsv } from '../../shared/csv'
import { grid, runReport } from './format'
import { UsageError, choiceOption, idOption, intOption } from './spec-options'

/** The experiment `run --save` stores into when --experiment is not given. */
export const DEFAULT_EXPERIMENT = 'cli runs'

export interface SaveOptions {
  save?: boolean
  experiment?: string
  db?: string
}

/** Adds --save, --experiment and --db to a command (used by `run`). */
export function addSaveOptions(cmd: Command): Command {
  return cmd
    .option('--save', 'store the run in the history database (--json then includes runId)')
    .option('--experiment <name>', `experiment to store the run in, with --save (default "${DEFAULT_EXPERIMENT}")`)
    .option('--db <path>', DB_HELP)
}

/**
 * Runs `work` on the history at --db (or the default path), closing it afterwards. Reading commands
 * open it read-only (they work on read-only files); when the file is writable and holds runs whose
 * owner is gone (or an older schema), it is first opened for writing once, which repairs it.
 */
export async function withHistory<T>(dbPath: string | undefined, work: (h: History) => T | Promise<T>, readonly = false): Promise<T> {
  // The database (better-sqlite3) loads only in the commands that use it.
  const { openHistory } = await import('../db/history')
  const path = dbPath ?? defaultDatabasePath()
  const h = readonly ? openForReading(path, openHistory) : openHistory(path)
  try {
    return await work(h)
  } catch (e) {
    throw h.explain(e)
  } finally {
    h.close()
  }
}

/**
 * Opens the history read-only. A writable file with an older schema or runs to repair is first opened
 * for writing once (which repairs it); otherwise the read-only handle that looked is the one returned.
 */
function openForReading(path: string, openHistory: typeof OpenHistory): History {
  if (!writable(path)) return openHistory(path, { readonly: true })
  try {
    const h = openHistory(path, { readonly: true })
    if (h.owners.repairable() === 0) return h
    h.close()
  } catch (e) {
    if (!(e instanceof DatabaseFileError && existsSync(path))) throw e // else the older-schema refusal
  }
  openHistory(path).close()
  return openHistory(path, { readonly: true })
}

/** Whether the file and its folder may be written. */
function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK)
    accessSync(dirname(path), constants.W_OK)
    return true
  } catch {
    return false
  }
}

/**
 * `run` without --save runs the spec; with --save it is queued, marked running and stored with its
 * result (one transaction), or stored as failed when the pipeline throws.
 */
export async function runMaybeSaved(spec: ExperimentSpec, o: SaveOptions): Promise<{ result: ExperimentResult; runId?: number }> {
  if (!o.save) {
    if (o.experiment !== undefined || o.db !== undefined) throw new UsageError('--experiment and --db need --save')
    return { result: await runExperiment(spec) }
  }
  return withHistory(o.db, async (h) => {
    const runId = h.runs.queue(h.experiments.ensure(o.experiment ?? DEFAULT_EXPERIMENT), spec)
    h.runs.start(runId)
    try {
      const result = await runExperiment(spec)
      h.runs.complete(runId, result)
      return { result, runId }
    } catch (e) {
      h.runs.fail(runId, (e as Error).message)
      throw e
    }
  })
}

/** A run id argument: a whole number >= 1. */
const runId = (value: string): number => idOption('run id', value)

/** ISO time as "YYYY-MM-DD HH:MM" (UTC). */
const when = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '')

/** The figures of the history table, each under its heading: the latency and the speedup, then the figure it is sorted by when another. */
function shownFigures(sort: RunSortKey): [string, Metric][] {
  const shown: [string, Metric][] = [
    ['latency', metric('latencyNs')],
    ['speedup', metric('speedupVsBaseline')],
  ]
  const sorted = STORED_METRICS.find((m) => m.key === sort)
  return sorted && !shown.some(([, m]) => m === sorted) ? [...shown, [(sorted.short ?? sorted.label).toLowerCase(), sorted]] : shown
}

function historyRow(r: RunListItem, figures: [string, Metric][]): (string | number)[] {
  const s = r.summary
  return [
    r.id,
    r.experimentName,
    s?.model ?? r.networkName,
    r.schedule,
    r.strategy,
    r.status,
    ...figures.map(([, m]) => (s ? formatMetric(m, metricValue(m, { summary: s })) : '')),
    when(r.createdAt),
  ]
}

/** Registers `history`, `show` and `delete`; `out` prints one block of text. */
export function registerHistoryCommands(program: Command, out: (text: string) => void): void {
  program
    .command('history')
    .description('list stored runs, newest first')
    .option('--json', 'print JSON: one object per run')
    .addOption(new Option('--csv', 'print CSV: the run, its chip, its bottleneck layer and every summary figure (raw numbers)').conflicts('json'))
    .option('--db <path>', DB_HELP)
    .option('--experiment <name>', 'only runs of experiments whose name contains this')
    .option('--sort <key>', `sort by ${RUN_SORT_KEYS.join(', ')}`, 'created')
    .option('--asc', 'ascending order (default descending)')
    .option('--limit <n>', 'most runs to list', '50')
    .action((o: { json?: boolean; csv?: boolean; db?: string; experiment?: string; sort: string; asc?: boolean; limit: string }) => {
      const sort = choiceOption<RunSortKey>('--sort', o.sort, RUN_SORT_KEYS)
      const limit = intOption('--limit', o.limit, 1)
      return withHistory(
        o.db,
        (h) => {
          const rows = h.runs.list({ experimentName: o.experiment, sort, order: o.asc ? 'asc' : 'desc', limit })
          if (o.json) {
            const times = h.runs.times(rows.map((r) => r.id)) // a listing row has no start and finish times
            return out(
              JSON.stringify(
                rows.map((r) => ({ ...r, ...times.get(r.id) })),
                null,
                2,
              ),
            )
          }
          if (o.csv) return out(recordsCsv(rows.map(runListRecord)))
          if (!rows.length) return out('no runs stored yet: use `cim run ... --save`')
          const figures = shownFigures(sort)
          const head = ['id', 'experiment', 'model', 'schedule', 'dup', 'status', ...figures.map(([heading]) => heading), 'date (UTC)']
          const body = rows.map((r) => historyRow(r, figures))
          out(grid(head, body))
        },
        true,
      )
    })

  program
    .command('show')
    .description('print one stored run: the same summary as `cim run`')
    .argument('<id>', 'run id (see `cim history`)')
    .option('--json', 'print one JSON object: runId, status, summary, timingsMs')
    .option('--db <path>', DB_HELP)
    .action((id: string, o: { json?: boolean; db?: string }) =>
      withHistory(
        o.db,
        (h) => {
          const run = h.runs.get(runId(id))
          if (o.json) {
            const { spec, summary, timingsMs, programVersion, inputHash, status, error, experimentName, createdAt, finishedAt } = run
            return out(
              JSON.stringify(
                { runId: run.id, experiment: experimentName, status, error, createdAt, finishedAt, summary, timingsMs, inputHash, programVersion, spec },
                null,
                2,
              ),
            )
          }
          out(
            `run ${run.id} in experiment "${run.experimentName}": ${run.status}${run.finishedAt ? ` ${when(run.finishedAt)} UTC` : ''}${run.error ? `: ${run.error}` : ''}`,
          )
          if (run.status === 'done') out(runReport(h.results.get(run.id)))
          else out(`${run.networkName} on ${run.archName}, schedule ${run.schedule}, duplication ${run.strategy}: no result stored`)
        },
        true,
      ),
    )

  program
    .command('delete')
    .description('delete one stored run and its result')
    .argument('<id>', 'run id (see `cim history`)')
    .option('--db <path>', DB_HELP)
    .action((id: string, o: { db?: string }) =>
      withHistory(o.db, (h) => {
        const n = runId(id)
        h.runs.delete(n)
        out(`deleted run ${n}`)
      }),
    )
}
