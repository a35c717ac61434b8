/**
 * The main process's parts wired together: the history database, the worker pool, the job manager,
 * the event bus and the IPC dispatcher. The Electron entry and the local web host both open one.
 */
import { openHistory, type History } from './db/history'
import { createDispatch, type Dispatch } from './ipc/dispatch'
import { EventBus } from './ipc/events'
import { createHandlers, type PdfPrinter } from './ipc/handlers'
import { JobManager } from './jobs/manager'
import { workerEntry } from './workers/entry'
import { WorkerPool } from './workers/pool'

export interface Workbench {
  history: History
  pool: WorkerPool
  jobs: JobManager
  events: EventBus
  dispatch: Dispatch
  close(): Promise<void>
}

/**
 * Opens the history at `dbPath` (runs left running by a killed process are marked failed) and starts
 * the pool. `printPdf` replaces the default Chromium printer of reports (Electron passes its own).
 */
export function openWorkbench(dbPath: string, poolSize?: number, printPdf?: PdfPrinter): Workbench {
  const history = openHistory(dbPath)
  history.runs.recoverInterrupted()
  const pool = new WorkerPool({ ...workerEntry(), size: poolSize })
  const events = new EventBus()
  const jobs = new JobManager(history, pool, events)
  return {
    history,
    pool,
    jobs,
    events,
    dispatch: createDispatch(createHandlers(history, jobs, printPdf)),
    async close() {
      jobs.cancelAll()
      await pool.close()
      history.close()
    },
  }
}
