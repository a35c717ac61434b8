import { afterAll, describe, expect, it } from 'vitest'
import type { ExperimentSpec } from '../../src/shared/experiment'
import { withDefaults } from '../../src/main/core/pipeline'
import { openHistory } from '../../src/main/db/history'
import { runStoredSweep } from '../../src/main/jobs/stored-sweep'
import { WorkerPool } from '../../src/main/workers/pool'
import { removeTempDirs, tempDbPath } from '../db/helpers'
import { TEST_WORKER } from './entries'

const spec = (zoo: string, extraPes = 0): ExperimentSpec => withDefaults({ network: { zoo }, arch: { preset: 'clsa-cim' }, chip: { extraPes } })
const pool = new WorkerPool({ ...TEST_WORKER, size: 2 })
afterAll(async () => {
  await pool.close()
  removeTempDirs()
})

describe('runStoredSweep', () => {
  it('stores every run as it finishes: done with result, failed with its error', async () => {
    const h = openHistory(tempDbPath())
    const e = h.experiments.create({ name: 'sweep', grid: { extraPes: [0, 8, 16] } })
    const stored: number[] = []
    const { runIds, report } = await runStoredSweep(h, pool, e, [spec('lenet5'), spec('no-such-model'), spec('lenet5', 8), spec('lenet5', 16)], {
      onStored: (id) => stored.push(id),
    })
    expect(report).toEqual({ runsDone: 3, runsFailed: 1 })
    expect(stored.sort()).toEqual([...runIds].sort())
    expect(runIds.map((id) => h.runs.get(id).status)).toEqual(['done', 'failed', 'done', 'done'])
    expect(h.runs.get(runIds[1]).error).toMatch(/unknown model/)
    expect(h.results.get(runIds[2]).summary.pesChip).toBe(h.results.get(runIds[0]).summary.pesChip + 8)
    expect(h.experiments.get(e)).toMatchObject({ runs: 4, runsDone: 3 })
    h.close()
  })

  it('a cancelled sweep keeps what finished and marks the rest cancelled (no result rows)', async () => {
    const h = openHistory(tempDbPath())
    const e = h.experiments.create({ name: 'cancelled' })
    const controller = new AbortController()
    const specs = Array.from({ length: 30 }, (_, i) => spec('tinyyolov4', i * 8))
    let stored = 0
    const job = runStoredSweep(h, pool, e, specs, { signal: controller.signal, chunkSize: 1, onStored: () => ++stored === 2 && controller.abort() })
    await expect(job).rejects.toMatchObject({ code: 'CANCELLED' })
    const statuses = h.runs.list({ experimentId: e }).map((r) => r.status)
    expect(statuses.filter((s) => s === 'done').length).toBe(2)
    expect(statuses.filter((s) => s === 'cancelled').length).toBe(28)
    expect(h.db.prepare('SELECT count(*) FROM results').pluck().get()).toBe(2)
    h.close()
  })

  it('a crashed worker fails only its run, stored with the crash message; the runs after it finish', async () => {
    const h = openHistory(tempDbPath())
    const e = h.experiments.create({ name: 'crashed' })
    const { report } = await runStoredSweep(h, pool, e, [spec('lenet5'), spec('test:exit'), spec('lenet5')], { chunkSize: 3 })
    expect(report).toEqual({ runsDone: 2, runsFailed: 1 })
    const runs = h.runs.list({ experimentId: e, sort: 'id', order: 'asc' })
    expect(runs.map((r) => r.status)).toEqual(['done', 'failed', 'done'])
    expect(runs[1].error).toBe('worker crashed during run 2 of 3 (test:exit, clsa, greedy): the worker exited with code 3')
    h.close()
  })
})
