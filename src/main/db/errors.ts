/** Errors of the history database that callers (IPC, CLI) tell apart by code. */
import { cut } from '../../shared/text'

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

/** The history file cannot be used: an empty path, a missing or unreadable file; the message names the file. */
export class DatabaseFileError extends Error {
  readonly code = 'DATABASE_FILE'
  override name = 'DatabaseFileError'
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** A history file that is not a database or is damaged: nothing is written to it; the message says how to recover. */
export class DamagedDatabaseError extends Error {
  readonly code = 'DATABASE_DAMAGED'
  override name = 'DamagedDatabaseError'
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(
      `database ${path} is damaged (${cut(problem)}); nothing was written to it: see \`cim db check --db ${path}\`, and \`cim db recover --db ${path} --out NEW.sqlite\` copies every readable row into a new file`,
    )
  }
}

/** Whether an error is SQLite's "damaged file" or "not a database". */
export function isCorruption(e: unknown): boolean {
  const code = String((e as { code?: string })?.code)
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB'
}
