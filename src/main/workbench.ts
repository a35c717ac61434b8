/**
 * The main process's parts wired together: the history database, the worker pool, the job manager,
 * the target planner, the event bus and the IPC dispatcher. The Electron entry and the local web host both open one.
 */
import { openHistory, type History } from './db/history'
import { createDispatch, type Dispatch, type Handlers } from './ipc/dispatch'
import { EventBus } from './ipc/events'
import { createHandlers } from './ipc/handlers'
import { JobManager } from './jobs/manager'
import { TargetPlanner } from './jobs/target-plans'
import { KeptPrinter, type ReportPrinter } from './report/kept-printer'
import { workerEntry } from './workers/entry'
import { WorkerPool } from './workers/pool'

/** The handlers with a damaged database's errors explained (and its writes stopped) by history.explain. */
function explainingDamage(history: History, handlers: Handlers): Handlers {
  const wrap =
    (handler: (r: unknown) => unknown) =>
    async (r: unknown): Promise<unknown> => {
      try {
        return await handler(r)
      } catch (e) {
        throw history.explain(e)
      }
    }
  return Object.fromEntries(Object.entries(handlers).map(([m, h]) => [m, wrap(h as (r: unknown) => unknown)])) as Handlers
}

export interface Workbench {
  history: History
  pool: WorkerPool
  jobs: JobManager
  targets: TargetPlanner
  events: EventBus
  /** Prints PDF reports (a kept Chromium unless the opener gave its own). */
  printer: ReportPrinter
  dispatch: Dispatch
  close(): Promise<void>
}

/**
 * Opens the history at `dbPath` (open runs of a process that is gone are marked interrupted) and starts
 * the pool. Reports print with `printer`, by default a headless Chromium kept between reports
 * (Electron passes its own printToPDF).
 */
export function openWorkbench(dbPath: string, poolSize?: number, printer: ReportPrinter = new KeptPrinter()): Workbench {
  const history = openHistory(dbPath) // marks the open runs of processes that are gone interrupted
  const pool = new WorkerPool({ ...workerEntry(), size: poolSize })
  const events = new EventBus()
  const jobs = new JobManager(history, pool, events)
  const targets = new TargetPlanner(pool, events)
  return {
    history,
    pool,
    jobs,
    targets,
    events,
    printer,
    dispatch: createDispatch(explainingDamage(history, createHandlers(history, jobs, printer, targets))),
    async close() {
      jobs.cancelAll()
      targets.cancelAll()
      await Promise.allSettled([pool.close(), printer.close()])
      history.close()
    },
  }
}
