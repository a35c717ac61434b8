/**
 * Owners of runs: every process that queues or runs runs registers once (process id, host name,
 * start, heartbeat) and its open runs point at it. Whoever opens the database for writing repairs
 * only the open runs whose owner is gone: the process is dead or its id was taken by a newer process (same host), its heartbeat is stale
 * (another host), or the run has no owner at all (a killed program's job, an import).
 */
import type { Database, Statement } from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { now } from './sql-filter'

/** How often a process refreshes its heartbeat, ms. */
export const HEARTBEAT_MS = 30_000
/** An owner on another host whose heartbeat is older than this is gone, ms (a run's long synchronous stage may delay a beat). */
export const STALE_MS = 15 * 60_000

interface OwnerRow {
  id: number
  pid: number
  host: string
  startedAt: string
  heartbeatAt: string
}

/** Start of process `pid` on this host, ms since the epoch, from Linux's /proc (null elsewhere). */
function processStartMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]) // field 22: start time in clock ticks (100 per s) after boot
    const boot = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1])
    return Number.isFinite(ticks) && Number.isFinite(boot) ? (boot + ticks / 100) * 1000 : null
  } catch {
    return null
  }
}

/** Slack between a process's start from /proc (whole seconds of boot time) and its owner's registration, ms. */
const START_SLACK_MS = 2000

/** Whether the process that registered at `since` (ISO time) as `pid` on this host still runs: the id exists and was not taken by a newer process. */
export function processAlive(pid: number, since: string): boolean {
  try {
    process.kill(pid, 0)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  const start = processStartMs(pid)
  return start === null || start <= Date.parse(since) + START_SLACK_MS
}

export class OwnersRepo {
  private own: number | null = null
  private beat: NodeJS.Timeout | null = null
  private readonly insert: Statement<[number, string, string, string]>
  private readonly touch: Statement<[string, number]>
  private readonly all: Statement<[], OwnerRow>
  private readonly orphans: Statement<[string], { n: number }>
  private readonly interrupt: Statement<[string, string, string]>
  private readonly remove: Statement<[string]>

  constructor(
    private readonly db: Database,
    private readonly host = hostname(),
    private readonly pid = process.pid,
    private readonly alive: (pid: number, since: string) => boolean = processAlive,
  ) {
    this.insert = db.prepare('INSERT INTO run_owners (pid, host, started_at, heartbeat_at) VALUES (?, ?, ?, ?)')
    this.touch = db.prepare('UPDATE run_owners SET heartbeat_at = ? WHERE id = ?')
    this.all = db.prepare('SELECT id, pid, host, started_at AS startedAt, heartbeat_at AS heartbeatAt FROM run_owners')
    const gone = `status IN ('queued', 'running') AND (owner_id IS NULL OR owner_id IN (SELECT value FROM json_each(?)))`
    this.orphans = db.prepare(`SELECT count(*) AS n FROM runs WHERE ${gone}`)
    this.interrupt = db.prepare(`UPDATE runs SET status = 'interrupted', error = ?, finished_at = ?, owner_id = NULL WHERE ${gone}`)
    this.remove = db.prepare('DELETE FROM run_owners WHERE id IN (SELECT value FROM json_each(?))')
  }

  /** This process's owner id, registered on first use; a heartbeat keeps it fresh until release(). */
  id(): number {
    if (this.own === null) {
      const t = now()
      this.own = Number(this.insert.run(this.pid, this.host, t, t).lastInsertRowid)
      this.beat = setInterval(() => this.heartbeat(), HEARTBEAT_MS).unref()
    }
    return this.own
  }

  /** Refreshes this process's heartbeat (a busy file skips one beat); registers again if another process took this one for gone. */
  heartbeat(): void {
    if (this.own === null) return
    try {
      if (!this.touch.run(now(), this.own).changes) this.own = Number(this.insert.run(this.pid, this.host, now(), now()).lastInsertRowid)
    } catch {
      // the next beat tries again
    }
  }

  /** Owners that are gone: a dead process on this host, a stale heartbeat on another. */
  private gone(at = Date.now()): number[] {
    return this.all
      .all()
      .filter((o) => o.id !== this.own && (o.host === this.host ? !this.alive(o.pid, o.startedAt) : at - Date.parse(o.heartbeatAt) > STALE_MS))
      .map((o) => o.id)
  }

  /** How many open runs repair() would mark interrupted (reads only). */
  repairable(): number {
    return this.orphans.get(JSON.stringify(this.gone()))!.n
  }

  /** Marks the open runs whose owner is gone 'interrupted' and forgets those owners, in one write transaction; returns how many runs. */
  repair(): number {
    return this.db
      .transaction(() => {
        const gone = JSON.stringify(this.gone())
        const n = this.interrupt.run('interrupted: the program that ran it stopped', now(), gone).changes
        this.remove.run(gone)
        return n
      })
      .immediate()
  }

  /** Stops the heartbeat and removes this process's owner row (its open runs are then repaired by the next opener). */
  release(): void {
    if (this.beat) clearInterval(this.beat)
    this.beat = null
    if (this.own === null) return
    try {
      this.db.prepare('DELETE FROM run_owners WHERE id = ?').run(this.own)
    } catch {
      // a read-only or busy file: the owner is recognized as gone by its pid
    }
    this.own = null
  }
}
