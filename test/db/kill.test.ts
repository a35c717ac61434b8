import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'
import { openHistory } from '../../src/main/db/history'
import { removeTempDirs, tempDbPath } from './helpers'

afterAll(removeTempDirs)

const CHILD = fileURLToPath(new URL('./fixtures/sweep-child.ts', import.meta.url))
const RUNS = 48
const KILL_AFTER = 5

/** Starts the sweep child and SIGKILLs it once `killAfter` results are saved; returns the ids it reported saved. */
function runAndKill(dbPath: string, killAfter: number): Promise<{ saved: number[]; signal: NodeJS.Signals | null; finished: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbPath, String(RUNS)], { stdio: ['ignore', 'pipe', 'pipe'] })
    const saved: number[] = []
    let finished = false
    let stderr = ''
    let buffer = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk
      let nl: number
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl)
        buffer = buffer.slice(nl + 1)
        if (line.startsWith('saved ')) saved.push(Number(line.slice(6)))
        if (line === 'finished') finished = true
        if (saved.length === killAfter) child.kill('SIGKILL')
      }
    })
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
    child.on('error', reject)
    child.on('exit', (code, signal) =>
      signal || code === 0 ? resolve({ saved, signal, finished }) : reject(new Error(`child exited with ${code}: ${stderr}`)),
    )
  })
}

it('killing the process mid-sweep (SIGKILL) loses nothing committed and leaves no half-written run', async () => {
  const path = tempDbPath()
  const { saved, signal, finished } = await runAndKill(path, KILL_AFTER)
  expect(signal).toBe('SIGKILL')
  expect(finished).toBe(false)
  expect(saved.length).toBeGreaterThanOrEqual(KILL_AFTER)
  expect(existsSync(`${path}-wal`)).toBe(true) // killed before a clean close

  const h = openHistory(path)
  const one = <T>(sql: string) => h.db.prepare(sql).pluck().get() as T
  expect(one<string>('PRAGMA integrity_check')).toBe('ok')
  expect(h.db.pragma('foreign_key_check')).toEqual([])
  expect(one<number>('SELECT count(*) FROM runs')).toBe(RUNS)
  // every done run has its result, and no result exists without a done run
  expect(one<number>(`SELECT count(*) FROM runs r LEFT JOIN results res ON res.run_id = r.id WHERE r.status = 'done' AND res.run_id IS NULL`)).toBe(0)
  expect(one<number>(`SELECT count(*) FROM results res LEFT JOIN runs r ON r.id = res.run_id WHERE r.id IS NULL OR r.status <> 'done'`)).toBe(0)
  expect(one<number>(`SELECT count(*) FROM results res LEFT JOIN result_blobs b ON b.run_id = res.run_id WHERE b.run_id IS NULL`)).toBe(0)
  expect(one<number>(`SELECT count(*) FROM result_blobs b LEFT JOIN results res ON res.run_id = b.run_id WHERE res.run_id IS NULL`)).toBe(0)
  // everything reported saved is there, whole
  const done = h.runs.list({ status: 'done', sort: 'id', order: 'asc' })
  expect(done.length).toBeGreaterThanOrEqual(saved.length)
  expect(done.length).toBeLessThan(RUNS)
  for (const id of saved) expect(h.runs.get(id).status).toBe('done')
  for (const r of done) {
    const result = h.results.get(r.id)
    expect(result.spec).toEqual(h.runs.get(r.id).spec)
    expect(result.summary).toEqual(r.summary)
  }
  // the killed process owned every open run: opening repaired them (running and queued) to interrupted
  expect(h.runs.count({ status: ['queued', 'running'] })).toBe(0)
  const interrupted = h.runs.count({ status: 'interrupted' })
  expect(interrupted + done.length).toBe(RUNS)
  expect(one<number>('SELECT count(*) FROM run_owners')).toBe(0)
  // resume queues exactly the runs without a result
  const resumed = h.runs.resume(h.runs.get(saved[0]).experimentId)
  expect(resumed.length).toBe(interrupted)
  expect(resumed.every((r) => h.runs.get(r.id).status === 'queued' && h.runs.get(r.id).summary === null)).toBe(true)
  h.close()
})
