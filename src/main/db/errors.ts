/** Errors of the history database that callers (IPC, CLI) tell apart by code. */
import { cut } from '../../shared/text'

/** The base of an error callers tell apart by its code; `name` is the class's, for logs. */
function coded<C extends string>(name: string, code: C) {
  return class extends Error {
    readonly code: C = code
    override name = name
  }
}

/** No row with that id (a run, an experiment, a result). */
export class NotFoundError extends coded('NotFoundError', 'NOT_FOUND') {
  constructor(what: string, id: number | string) {
    super(`no ${what} with id ${id}`)
  }
}

/** A run is not in a state that allows the change (e.g. completing a run that was cancelled). */
export class RunStateError extends coded('RunStateError', 'BAD_RUN_STATE') {}

/** An experiment document that failed validation; nothing was written. */
export class ImportError extends coded('ImportError', 'BAD_IMPORT') {}

/** The history file cannot be used: an empty path, a missing or unreadable file; the message names the file. */
export class DatabaseFileError extends coded('DatabaseFileError', 'DATABASE_FILE') {
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** A history file that is not a database or is damaged: nothing is written to it; the message says how to recover. */
export class DamagedDatabaseError extends coded('DamagedDatabaseError', 'DATABASE_DAMAGED') {
  readonly path: string
  constructor(path: string, problem: string) {
    super(
      `database ${path} is damaged (${cut(problem)}); nothing was written to it: see \`cim db check --db ${path}\`, and \`cim db recover --db ${path} --out NEW.sqlite\` copies every readable row into a new file`,
    )
    this.path = path
  }
}

/** Whether an error is SQLite's "damaged file" or "not a database". */
export function isCorruption(e: unknown): boolean {
  const code = String((e as { code?: string })?.code)
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB'
}
