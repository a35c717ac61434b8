/** Errors of the history database that callers (IPC, CLI) tell apart by code. */

/** No row with that id (a run, an experiment, a result). */
export class NotFoundError extends Error {
  readonly code = 'NOT_FOUND'
  constructor(what: string, id: number | string) {
    super(`no ${what} with id ${id}`)
    this.name = 'NotFoundError'
  }
}

/** A run is not in a state that allows the change (e.g. completing a run that was cancelled). */
export class RunStateError extends Error {
  readonly code = 'BAD_RUN_STATE'
  override name = 'RunStateError'
}

/** An experiment document that failed validation; nothing was written. */
export class ImportError extends Error {
  readonly code = 'BAD_IMPORT'
  override name = 'ImportError'
}
