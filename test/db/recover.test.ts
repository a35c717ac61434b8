/** cim db check / recover: a damaged page in the middle of a history loses only the rows on it. */
import { readFileSync, writeFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { openHistory } from '../../src/main/db/history'
import { checkDatabase, recoverDatabase } from '../../src/main/db/recover'
import { removeTempDirs, resultOf, tempDbPath, zooSpec } from './helpers'

afterAll(removeTempDirs)

const RUNS = 300

/** A history of RUNS done runs (and a few interrupted ones) with one page in the middle overwritten. */
async function damagedHistory(): Promise<{ path: string; results: Map<number, string> }> {
  const path = tempDbPath()
  const lenet = await resultOf(zooSpec('lenet5'))
  const h = openHistory(path)
  const e = h.experiments.create({ name: 'damaged' })
  const ids = h.runs.queueMany(
    e,
    Array.from({ length: RUNS }, () => lenet.spec),
  )
  const results = new Map<number, string>()
  for (const id of ids) {
    h.runs.complete(id, lenet)
    results.set(id, JSON.stringify(h.results.get(id)))
  }
  h.db.pragma('wal_checkpoint(TRUNCATE)')
  h.close()
  const bytes = readFileSync(path)
  const pages = bytes.length / 4096
  bytes.fill(0x5a, 4096 * Math.floor(pages / 2), 4096 * (Math.floor(pages / 2) + 1))
  writeFileSync(path, bytes)
  return { path, results }
}

describe('db check and recover', () => {
  it('check names the damage; recover copies every readable row into a sound new file, results byte-identical', async () => {
    const { path, results } = await damagedHistory()
    const before = readFileSync(path)
    const report = checkDatabase(path)
    expect(report.problems[0]).not.toBe('ok')
    expect(() => openHistory(path)).toThrow(`database ${path} is damaged`)
    const out = tempDbPath('recovered.sqlite')
    const counts = recoverDatabase(path, out)
    expect(readFileSync(path).equals(before)).toBe(true) // the damaged file is never written
    expect(counts.map((c) => c.table)).toEqual(['networks', 'architectures', 'experiments', 'experiment_tags', 'runs', 'results', 'result_blobs'])
    const h = openHistory(out)
    expect(h.db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok')
    expect(h.db.pragma('foreign_key_check')).toEqual([])
    const done = h.runs.list({ status: 'done', limit: 1000 })
    const interrupted = h.runs.count({ status: 'interrupted' })
    expect(done.length + interrupted).toBe(h.runs.count())
    expect(done.length).toBeGreaterThan(RUNS * 0.8)
    for (const r of done) expect(JSON.stringify(h.results.get(r.id))).toBe(results.get(r.id))
    h.close()
    expect(checkDatabase(out).problems).toEqual(['ok'])
    expect(() => recoverDatabase(path, out)).toThrow(`${out} already exists: recover into a new file`)
  })
})
