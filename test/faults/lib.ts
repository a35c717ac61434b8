/** Pieces of the fault suite: CLI and host child processes, API calls over HTTP, and a read-only look into a database. */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import type { Envelope, JobInfo } from '../../src/shared/ipc'

export const ROOT = resolve(import.meta.dirname, '../..')
const CLI = resolve(ROOT, 'src/main/cli/index.ts')
const HOST = resolve(ROOT, 'test/faults/host.ts')

/** Children still running, killed at the end whatever happens. */
export const children = new Set<ChildProcess>()

export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  ms: number
}

function track(child: ChildProcess): Promise<Exit> {
  children.add(child)
  const t = performance.now()
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c))
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  return new Promise((done) =>
    child.on('exit', (code, signal) => {
      children.delete(child)
      done({ code, signal, stdout, stderr, ms: performance.now() - t })
    }),
  )
}

/** Starts `cim ...args`; `exit` settles when it ends. */
export function cli(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; exit: Promise<Exit> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  return { child, exit: track(child) }
}

export interface Reply {
  status: number
  body: Envelope<unknown>
  ms: number
}

export interface Host {
  child: ChildProcess
  exit: Promise<Exit>
  port: number
  /** POST /api/<method> with a raw body; never throws for an HTTP status. */
  post(method: string, body: string): Promise<Reply>
  call<T>(method: string, payload: unknown): Promise<T>
  /** Waits for a job to end (polling jobs.list). */
  job(jobId: string, timeoutMs?: number): Promise<JobInfo>
  stop(): Promise<Exit>
}

/** Starts the fault suite's web host on `db` and waits until it listens. */
export async function startHost(db: string, env: NodeJS.ProcessEnv = {}): Promise<Host> {
  const rendererDir = join(dirname(db), 'renderer')
  mkdirSync(rendererDir, { recursive: true })
  const child = spawn(process.execPath, ['--import', 'tsx', HOST, db, rendererDir], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exit = track(child)
  const { port, token } = await new Promise<{ port: number; token: string }>((ok, fail) => {
    let out = ''
    child.stdout!.on('data', (c: string) => {
      out += c
      if (out.includes('\n')) ok(JSON.parse(out.split('\n')[0]))
    })
    void exit.then((e) => fail(new Error(`the host exited (${e.code ?? e.signal}): ${e.stderr.trim().split('\n')[0]}`)))
  })
  const post = async (method: string, body: string): Promise<Reply> => {
    const t = performance.now()
    const r = await fetch(`http://127.0.0.1:${port}/api/${method}`, {
      method: 'POST',
      headers: { 'x-cim-token': token, 'content-type': 'application/json' },
      body,
    })
    const text = await r.text()
    const json = r.headers.get('content-type') === 'application/json'
    return {
      status: r.status,
      body: json ? (JSON.parse(text) as Envelope<unknown>) : { ok: false, error: { code: `HTTP_${r.status}`, message: text } },
      ms: performance.now() - t,
    }
  }
  const call = async <T>(method: string, payload: unknown): Promise<T> => {
    const r = await post(method, JSON.stringify(payload))
    if (!r.body.ok) throw new Error(`${method}: ${r.body.error.code}: ${r.body.error.message}`)
    return r.body.value as T
  }
  const job = async (jobId: string, timeoutMs = 120_000): Promise<JobInfo> => {
    const end = Date.now() + timeoutMs
    for (;;) {
      const j = (await call<JobInfo[]>('jobs.list', {})).find((x) => x.jobId === jobId)
      if (j && j.status !== 'running') return j
      if (Date.now() > end) throw new Error(`job ${jobId} did not end within ${timeoutMs} ms`)
      await sleep(200)
    }
  }
  const stop = () => {
    child.kill('SIGTERM')
    return exit
  }
  return { child, exit, port, post, call, job, stop }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Polls `test` every 100 ms until it is true; throws after `timeoutMs`. */
export async function until(what: string, test: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(100)
  }
}

/** Runs `read` on a read-only connection to `db`. */
export function look<T>(db: string, read: (db: BetterSqlite3.Database) => T): T {
  const conn = new BetterSqlite3(db, { readonly: true, fileMustExist: true })
  try {
    return read(conn)
  } finally {
    conn.close()
  }
}

/** Run counts by status. */
export function statuses(db: string, where = '1'): Record<string, number> {
  return look(db, (d) =>
    Object.fromEntries(
      (d.prepare(`SELECT status, count(*) AS n FROM runs WHERE ${where} GROUP BY status`).all() as { status: string; n: number }[]).map((r) => [r.status, r.n]),
    ),
  )
}

/** Every stored result blob by run id (to compare bytes before and after a fault). */
export function blobs(db: string): Map<number, Buffer> {
  return look(
    db,
    (d) =>
      new Map(
        (d.prepare('SELECT run_id, result_blob FROM result_blobs').all() as { run_id: number; result_blob: Buffer }[]).map((r) => [r.run_id, r.result_blob]),
      ),
  )
}
