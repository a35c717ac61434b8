import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ExperimentResult } from '../../src/shared/experiment'
import { hostname } from 'node:os'
import { openHistory, type History } from '../../src/main/db/history'
import { OwnersRepo, STALE_MS, processAlive } from '../../src/main/db/owners'
import { NotFoundError, RunStateError } from '../../src/main/db/errors'
import { packResult } from '../../src/main/db/blob'
import { removeTempDirs, resultOf, tempDbPath, withSummary, zooSpec } from './helpers'

let h: History
let lenet: ExperimentResult
let alex: ExperimentResult
let isaacLenet: ExperimentResult

beforeAll(async () => {
  isaacLenet = await resultOf(zooSpec('lenet5', { arch: { preset: 'isaac' } }))
  lenet = await resultOf(zooSpec('lenet5'))
  alex = await resultOf(zooSpec('alexnet', { schedule: 'layer-by-layer', duplication: 'none' }))
})
beforeEach(() => {
  h = openHistory(tempDbPath())
})
afterAll(removeTempDirs)

/** Adds a done run with the given result to an experiment; returns the run id. */
function doneRun(experimentId: number, result: ExperimentResult): number {
  const id = h.runs.queue(experimentId, result.spec)
  h.runs.start(id)
  h.runs.complete(id, result)
  return id
}

const count = (table: string) => (h.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

describe('runs: lifecycle', () => {
  it('queued -> running -> done stores the result row and the run bookkeeping together', () => {
    const e = h.experiments.create({ name: 'first' })
    const id = h.runs.queue(e, lenet.spec)
    expect(h.runs.get(id)).toMatchObject({
      status: 'queued',
      networkName: 'lenet5',
      archName: 'clsa-cim',
      strategy: 'greedy',
      schedule: 'clsa',
      summary: null,
      startedAt: null,
    })
    h.runs.start(id)
    expect(h.runs.get(id).status).toBe('running')
    h.runs.complete(id, lenet)
    const r = h.runs.get(id)
    expect(r).toMatchObject({
      status: 'done',
      error: null,
      inputHash: lenet.inputHash,
      programVersion: lenet.programVersion,
      granularity: 'pixel',
      spec: lenet.spec,
    })
    expect(r.summary).toEqual(lenet.summary)
    expect(r.timingsMs).toEqual(lenet.timingsMs)
    expect(r.finishedAt! >= r.startedAt!).toBe(true)
    expect(h.results.get(id)).toEqual(lenet)
    // the blob is deflated: much smaller than the JSON
    expect(packResult(lenet).length).toBeLessThan(JSON.stringify(lenet).length / 3)
    // network and architecture rows are kept once each
    doneRun(e, lenet)
    expect(h.networks.list()).toMatchObject([{ name: 'lenet5', sourceKind: 'zoo' }])
    expect(h.architectures.list()).toMatchObject([{ name: 'clsa-cim', version: 1 }])
    expect(h.networks.get(h.networks.list()[0].id).network).toEqual(lenet.network)
    // the chip as run (chip size resolved), without the MVM latency derived from its fields
    const { mvmLatencyNs: _derived, ...asRun } = lenet.architecture
    expect(h.architectures.get(h.architectures.list()[0].id).architecture).toEqual(asRun)
  })

  it('only architectures the user saves are saved chips; a run stores its chip unsaved, and saving that chip marks the same row', () => {
    const e = h.experiments.create({ name: 'chips' })
    doneRun(e, lenet)
    const { mvmLatencyNs: _derived, ...asRun } = lenet.architecture
    const [ofRun] = h.architectures.list()
    expect(ofRun).toMatchObject({ name: 'clsa-cim', saved: false })
    const mine = h.architectures.save({ ...asRun, name: 'mine' })
    expect(h.architectures.list().map((a) => [a.name, a.saved])).toEqual([
      ['clsa-cim', false],
      ['mine', true],
    ])
    expect(h.architectures.save(asRun)).toBe(ofRun.id)
    expect(h.architectures.list().map((a) => [a.id, a.saved])).toEqual([
      [ofRun.id, true],
      [mine, true],
    ])
    doneRun(e, lenet) // a later run of a saved chip keeps it saved
    expect(h.architectures.list().every((a) => a.saved)).toBe(true)
  })

  it('failed and cancelled runs keep their spec and status, and have no result', () => {
    const e = h.experiments.create({ name: 'bad' })
    const [a, b, c] = h.runs.queueMany(e, [lenet.spec, lenet.spec, lenet.spec])
    h.runs.start(a)
    h.runs.fail(a, 'network does not fit')
    h.runs.cancel([b, c])
    expect(h.runs.get(a)).toMatchObject({ status: 'failed', error: 'network does not fit', spec: lenet.spec, summary: null })
    expect(h.runs.get(b)).toMatchObject({ status: 'cancelled', spec: lenet.spec })
    expect(count('results')).toBe(0)
    expect(() => h.results.get(a)).toThrow(NotFoundError)
    // a finished run cannot change state again
    expect(() => h.runs.complete(b, lenet)).toThrow(RunStateError)
    expect(() => h.runs.start(a)).toThrow('cannot start run 1: it is failed')
    expect(count('results')).toBe(0)
    expect(() => h.runs.complete(999, lenet)).toThrow('no run with id 999')
  })

  it('repair marks interrupted only the open runs whose owner is gone; resume queues exactly those again', () => {
    const path = tempDbPath()
    const mine = openHistory(path)
    const e = mine.experiments.create({ name: 'crash' })
    const [a, b, c] = mine.runs.queueMany(e, [lenet.spec, lenet.spec, lenet.spec])
    mine.runs.start(a)
    mine.runs.complete(c, lenet)
    // another host sees this process's fresh heartbeat: nothing to repair
    expect(new OwnersRepo(mine.db, 'elsewhere', 1).repair()).toBe(0)
    // an owner on another host whose heartbeat is older than STALE_MS is gone
    const stale = new Date(Date.now() - STALE_MS - 1000).toISOString()
    const old = Number(
      mine.db.prepare(`INSERT INTO run_owners (pid, host, started_at, heartbeat_at) VALUES (7, 'far', ?, ?)`).run(stale, stale).lastInsertRowid,
    )
    const d = mine.runs.queue(e, lenet.spec)
    mine.db.prepare('UPDATE runs SET owner_id = ? WHERE id = ?').run(old, d)
    expect(new OwnersRepo(mine.db, 'elsewhere', 1).repairable()).toBe(1)
    // on this host, a dead process id is gone
    expect(new OwnersRepo(mine.db, hostname(), 1, () => false).repair()).toBe(3)
    for (const id of [a, b, d]) expect(mine.runs.get(id)).toMatchObject({ status: 'interrupted', error: 'interrupted: the program that ran it stopped' })
    expect(mine.runs.get(c).status).toBe('done')
    expect(mine.db.prepare('SELECT count(*) FROM run_owners').pluck().get()).toBe(0)
    mine.close()
    const again = openHistory(path)
    expect(again.runs.resume(e).map((r) => r.id)).toEqual([a, b, d])
    expect(again.runs.list({ experimentId: e, sort: 'id', order: 'asc' }).map((r) => r.status)).toEqual(['queued', 'queued', 'done', 'queued'])
    expect(again.runs.resume(e)).toEqual([])
    again.close()
  })

  it('a damaged file found at run time (SQLITE_CORRUPT) stops every write and is explained naming the file', () => {
    const path = tempDbPath()
    const mine = openHistory(path)
    const before = mine.experiments.create({ name: 'kept' })
    const other = new Error('boom')
    expect(mine.explain(other)).toBe(other)
    const corrupt = Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' })
    const explained = mine.explain(corrupt) as Error
    expect(explained.message).toBe(
      `database ${path} is damaged (database disk image is malformed); nothing was written to it: see \`cim db check --db ${path}\`, and \`cim db recover --db ${path} --out NEW.sqlite\` copies every readable row into a new file`,
    )
    let write: unknown
    try {
      mine.experiments.create({ name: 'refused' })
    } catch (e) {
      write = mine.explain(e)
    }
    expect((write as Error).message).toBe(explained.message)
    expect(mine.experiments.get(before).name).toBe('kept') // reading still works
    mine.close()
  })

  it('processAlive: a live process registered after it started; a dead id or one taken by a newer process is gone', () => {
    expect(processAlive(process.pid, new Date().toISOString())).toBe(true)
    expect(processAlive(process.pid, '2000-01-01T00:00:00.000Z')).toBe(false) // this process started long after that owner registered
    expect(processAlive(2 ** 22 + 12345, new Date().toISOString())).toBe(false)
  })

  it('a run marked interrupted while its owner was unreachable still takes the result its owner finished', () => {
    const e = h.experiments.create({ name: 'late' })
    const id = h.runs.queue(e, lenet.spec)
    h.runs.start(id)
    h.db.prepare(`UPDATE runs SET status = 'interrupted' WHERE id = ?`).run(id)
    h.runs.complete(id, lenet)
    expect(h.runs.get(id).status).toBe('done')
    expect(() => h.runs.fail(id, 'x')).toThrow(`cannot fail run ${id}: it is done`)
  })

  it('duplicate makes a new queued run with the same spec in the same experiment', () => {
    const e = h.experiments.create({ name: 'dup' })
    const id = doneRun(e, alex)
    const copy = h.runs.duplicate(id)
    expect(copy).not.toBe(id)
    expect(h.runs.get(copy)).toMatchObject({ status: 'queued', experimentId: e, spec: alex.spec, summary: null })
    expect(() => h.runs.duplicate(12345)).toThrow(NotFoundError)
  })

  it('delete removes a run and its result; deleting an experiment cascades to runs, results and tags', () => {
    const e1 = h.experiments.create({ name: 'one', tags: ['a'] })
    const e2 = h.experiments.create({ name: 'two' })
    const r1 = doneRun(e1, lenet)
    doneRun(e1, alex)
    const r3 = doneRun(e2, lenet)
    h.runs.delete(r1)
    expect(() => h.runs.get(r1)).toThrow(NotFoundError)
    expect(count('results')).toBe(2)
    expect(count('result_blobs')).toBe(2)
    h.experiments.delete(e1)
    expect(count('runs')).toBe(1)
    expect(count('results')).toBe(1)
    expect(count('result_blobs')).toBe(1)
    expect(count('experiment_tags')).toBe(0)
    expect(h.runs.get(r3).status).toBe('done')
    expect(() => h.runs.delete(r1)).toThrow('no run with id 1')
    expect(() => h.experiments.delete(e1)).toThrow(NotFoundError)
    expect(h.db.pragma('foreign_key_check')).toEqual([])
  })
})

describe('experiments: rename, tag, note, list', () => {
  it('rename, notes and tags', () => {
    const id = h.experiments.create({ name: ' sweep A ', tags: ['yolo', 'paper'], grid: { extraPes: [0, 64] } })
    expect(h.experiments.get(id)).toMatchObject({
      name: 'sweep A',
      tags: ['paper', 'yolo'],
      grid: { extraPes: [0, 64] },
      notes: '',
      runs: 0,
      runsDone: 0,
      bestSpeedup: null,
    })
    h.experiments.rename(id, 'sweep B')
    h.experiments.setNotes(id, 'greedy vs optimal')
    h.experiments.addTag(id, 'fig5')
    h.experiments.removeTag(id, 'paper')
    expect(h.experiments.get(id)).toMatchObject({ name: 'sweep B', notes: 'greedy vs optimal', tags: ['fig5', 'yolo'] })
    h.experiments.setTags(id, ['x'])
    expect(h.experiments.get(id).tags).toEqual(['x'])
    expect(h.experiments.tags()).toEqual([{ tag: 'x', experiments: 1 }])
    expect(() => h.experiments.rename(77, 'y')).toThrow('no experiment with id 77')
    expect(() => h.experiments.rename(id, '  ')).toThrow(RangeError)
    expect(h.experiments.findByName('sweep B')?.id).toBe(id)
    expect(h.experiments.ensure('sweep B')).toBe(id)
    expect(h.experiments.ensure('new one')).not.toBe(id)
  })

  it('list: filters by text, tag, run fields and dates; sorts; pages; counts runs and best speedup', () => {
    const a = h.experiments.create({ name: 'YOLO sweep', tags: ['yolo'], createdAt: '2025-01-10T00:00:00.000Z' })
    const b = h.experiments.create({ name: 'alexnet check', tags: ['classic'], createdAt: '2025-02-10T00:00:00.000Z' })
    const c = h.experiments.create({ name: 'empty', createdAt: '2025-03-10T00:00:00.000Z' })
    doneRun(a, withSummary(lenet, { speedupVsBaseline: 3 }))
    doneRun(a, withSummary(lenet, { speedupVsBaseline: 5 }))
    h.runs.queue(a, lenet.spec)
    doneRun(b, alex)
    const ids = (q: Parameters<typeof h.experiments.list>[0]) => h.experiments.list(q).map((e) => e.id)
    expect(ids({})).toEqual([c, b, a])
    expect(h.experiments.get(a)).toMatchObject({ runs: 3, runsDone: 2, bestSpeedup: 5 })
    expect(ids({ text: 'yolo' })).toEqual([a])
    expect(ids({ text: '%' })).toEqual([])
    expect(ids({ tag: 'classic' })).toEqual([b])
    expect(ids({ network: 'alexnet' })).toEqual([b])
    expect(ids({ schedule: 'layer-by-layer' })).toEqual([b])
    expect(ids({ status: 'queued' })).toEqual([a])
    expect(ids({ createdFrom: '2025-02-01T00:00:00.000Z', createdTo: '2025-03-01T00:00:00.000Z' })).toEqual([b])
    expect(ids({ sort: 'name', order: 'asc' })).toEqual([b, c, a])
    expect(ids({ sort: 'runs', order: 'desc' })).toEqual([a, b, c])
    expect(ids({ sort: 'bestSpeedup', order: 'desc' })).toEqual([a, b, c])
    expect(ids({ limit: 1, offset: 1 })).toEqual([b])
  })
})

describe('runs: list, filter, sort', () => {
  let ids: Record<string, number>
  beforeEach(() => {
    const yolo = h.experiments.create({ name: 'YOLO sweep', tags: ['paper'], createdAt: '2025-01-01T00:00:00.000Z' })
    const misc = h.experiments.create({ name: 'misc', createdAt: '2025-01-02T00:00:00.000Z' })
    const at = (day: number) => `2025-05-${String(day).padStart(2, '0')}T12:00:00.000Z`
    const add = (exp: number, r: ExperimentResult, day: number) => {
      const id = h.runs.add(exp, r.spec, { status: 'running', createdAt: at(day) })
      h.runs.complete(id, r)
      return id
    }
    ids = {
      slow: add(yolo, withSummary(lenet, { speedupVsBaseline: 1.5, latencySteps: 900, energyNj: 30 }), 1),
      fast: add(yolo, withSummary(lenet, { speedupVsBaseline: 9, latencySteps: 100, energyNj: 10 }), 2),
      mid: add(misc, withSummary(alex, { speedupVsBaseline: 4, latencySteps: 400, energyNj: 20 }), 3),
      queued: h.runs.add(misc, alex.spec, { status: 'queued', createdAt: at(4) }),
      failed: h.runs.add(misc, lenet.spec, { status: 'failed', error: 'boom', createdAt: at(5) }),
    }
  })
  const list = (q: Parameters<History['runs']['list']>[0]) => h.runs.list(q).map((r) => r.id)

  it('lists newest first with experiment name and summary (null without result)', () => {
    const rows = h.runs.list()
    expect(rows.map((r) => r.id)).toEqual([ids.failed, ids.queued, ids.mid, ids.fast, ids.slow])
    expect(rows[2]).toMatchObject({
      experimentName: 'misc',
      networkName: 'alexnet',
      schedule: 'layer-by-layer',
      strategy: 'none',
      status: 'done',
      granularity: 'pixel',
    })
    expect(rows[2].summary).toEqual({ ...alex.summary, speedupVsBaseline: 4, latencySteps: 400, energyNj: 20 })
    expect(rows[0]).toMatchObject({ status: 'failed', error: 'boom', summary: null, granularity: null })
    // a listing row is the run's record without spec, bookkeeping and start/finish times
    for (const row of rows) {
      const record = h.runs.get(row.id)
      expect(record).toMatchObject(row)
      expect(Object.keys(record).filter((k) => !(k in row))).toEqual(['startedAt', 'finishedAt', 'spec', 'programVersion', 'inputHash', 'timingsMs'])
    }
    h.experiments.rename(h.experiments.findByName('misc')!.id, 'renamed')
    expect(h.runs.list()[0].experimentName).toBe('renamed')
  })

  it('sorts by any summary metric both ways, runs without result last', () => {
    expect(list({ sort: 'speedupVsBaseline', order: 'desc' })).toEqual([ids.fast, ids.mid, ids.slow, ids.failed, ids.queued])
    expect(list({ sort: 'speedupVsBaseline', order: 'asc' })).toEqual([ids.slow, ids.mid, ids.fast, ids.queued, ids.failed])
    expect(list({ sort: 'latencySteps', order: 'asc', status: 'done' })).toEqual([ids.fast, ids.mid, ids.slow])
    expect(list({ sort: 'energyNj', order: 'desc', status: 'done' })).toEqual([ids.slow, ids.mid, ids.fast])
    expect(() => h.runs.list({ sort: 'nope' as never })).toThrow('unknown sort key')
  })

  it('filters by text, network, architecture, strategy, schedule, tag, status, dates, experiment', () => {
    expect(list({ text: 'yolo', sort: 'id', order: 'asc' })).toEqual([ids.slow, ids.fast])
    expect(list({ text: 'ALEX', sort: 'id', order: 'asc' })).toEqual([ids.mid, ids.queued])
    expect(list({ text: 'LeNet', sort: 'id', order: 'asc' })).toEqual([ids.slow, ids.fast, ids.failed])
    expect(list({ network: 'lenet5', sort: 'id', order: 'asc' })).toEqual([ids.slow, ids.fast, ids.failed])
    expect(list({ architecture: 'clsa-cim' })).toHaveLength(5)
    expect(list({ architecture: 'isaac' })).toEqual([])
    expect(list({ strategy: 'none', sort: 'id', order: 'asc' })).toEqual([ids.mid, ids.queued])
    expect(list({ schedule: 'clsa', status: 'done', sort: 'id', order: 'asc' })).toEqual([ids.slow, ids.fast])
    expect(list({ tag: 'paper', sort: 'id', order: 'asc' })).toEqual([ids.slow, ids.fast])
    expect(list({ status: ['queued', 'failed'], sort: 'id', order: 'asc' })).toEqual([ids.queued, ids.failed])
    expect(list({ status: [] })).toEqual([])
    expect(list({ createdFrom: '2025-05-02T00:00:00.000Z', createdTo: '2025-05-04T00:00:00.000Z', sort: 'id', order: 'asc' })).toEqual([ids.fast, ids.mid])
    expect(list({ experimentId: h.experiments.findByName('misc')!.id, sort: 'id', order: 'asc' })).toEqual([ids.mid, ids.queued, ids.failed])
    expect(list({ text: '_' })).toEqual([])
  })

  it('pages with limit/offset and counts matches', () => {
    expect(list({ sort: 'id', order: 'asc', limit: 2 })).toEqual([ids.slow, ids.fast])
    expect(list({ sort: 'id', order: 'asc', limit: 2, offset: 2 })).toEqual([ids.mid, ids.queued])
    expect(list({ sort: 'id', order: 'asc', offset: 4 })).toEqual([ids.failed])
    expect(h.runs.count()).toBe(5)
    expect(h.runs.count({ status: 'done', network: 'lenet5' })).toBe(2)
    // the count of a text search matches the listing (experiment name, network name or model)
    for (const text of ['yolo', 'misc', 'ALEX', 'LeNet', '_']) expect(h.runs.count({ text }), text).toBe(h.runs.list({ text }).length)
    expect(h.runs.count({ text: 'yolo', status: 'done' })).toBe(2)
    expect(() => h.runs.list({ limit: -1 })).toThrow(RangeError)
  })

  it('sums cell writes of done runs per architecture (chip wear over the history)', () => {
    const isaac = isaacLenet
    const e = h.experiments.create({ name: 'isaac' })
    doneRun(e, isaac)
    const expected = lenet.summary.totalCellWrites * 2 + alex.summary.totalCellWrites
    expect(h.results.cellWritesByArchitecture()).toEqual([
      { architecture: 'clsa-cim', runs: 3, totalCellWrites: expected },
      { architecture: 'isaac', runs: 1, totalCellWrites: isaac.summary.totalCellWrites },
    ])
  })
})
