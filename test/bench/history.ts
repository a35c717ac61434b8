/**
 * Speed of the history and the worker pool:
 * (a) a 64-run TinyYOLOv4 sweep (pixel sets, extra PEs 0..252 step 4, CLSA-CIM + greedy) through the
 *     pool with every result stored — target < 10 s on a 2-core machine;
 * (b) listing 10,000 stored runs sorted by speedup (first page of 100, and all) — target < 50 ms.
 * Returns the figures; run as a script it prints them as JSON (npm run bench runs it in a process of
 * its own, so that the heaps the other benchmarks leave behind do not time their garbage collection here).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ExperimentResult } from '../../src/shared/experiment'
import { runExperiment, withDefaults } from '../../src/main/core/pipeline'
import { openHistory } from '../../src/main/db/history'
import { runStoredSweep } from '../../src/main/jobs/stored-sweep'
import { WorkerPool, defaultPoolSize } from '../../src/main/workers/pool'
import { REAL_WORKER } from '../workers/entries'
import { median } from './core'

export interface HistoryFigures {
  /** Worker threads of the sweep's pool. */
  sweepWorkers: number
  /** Wall time of the 64-run sweep with every result stored, pool start included, ms. */
  sweepMs: number
  sweepRunsStored: number
  /** The same sweep on a pool of one worker per core (both cores compute), ms. */
  sweepAllCoresMs: number
  /** Time to insert 10,000 runs with results (one transaction), ms. */
  insertMs: number
  /** First page (100) of 10,000 runs sorted by speedup desc: cold (first query) and median of warm, ms. */
  firstPageColdMs: number
  firstPageMs: number
  /** All 10,000 runs sorted by speedup desc (median), ms. */
  fullListMs: number
  /** Database file size with 10,000 results, MB. */
  dbMb: number
}

const SWEEP = Array.from({ length: 64 }, (_, i) =>
  withDefaults({
    network: { zoo: 'tinyyolov4' },
    arch: { preset: 'clsa-cim' },
    chip: { extraPes: i * 4 },
    granularity: 'pixel',
    schedule: 'clsa',
    duplication: 'greedy',
  }),
)

/** Runs the sweep on a fresh pool of `workers` threads into the history at `dbPath`; wall time and runs stored. */
async function timeSweep(dbPath: string, workers: number): Promise<{ ms: number; stored: number }> {
  const h = openHistory(dbPath)
  const t = performance.now()
  const pool = new WorkerPool({ ...REAL_WORKER, size: workers })
  const experiment = h.experiments.create({ name: 'bench sweep', grid: { extraPes: { from: 0, to: 252, step: 4 } } })
  const { report } = await runStoredSweep(h, pool, experiment, SWEEP)
  const ms = performance.now() - t
  await pool.close()
  const stored = h.runs.count({ experimentId: experiment, status: 'done' })
  if (report.runsDone !== SWEEP.length || stored !== SWEEP.length) throw new Error(`sweep stored ${stored} of ${SWEEP.length} runs`)
  h.close()
  return { ms, stored }
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Fills the history at `dbPath` with `n` done runs (varied summaries) in one transaction; ms. */
async function insertRuns(dbPath: string, n: number): Promise<number> {
  const bases: ExperimentResult[] = []
  for (const zoo of ['lenet5', 'alexnet', 'resnet18']) bases.push(await runExperiment(withDefaults({ network: { zoo }, arch: { preset: 'clsa-cim' } })))
  const h = openHistory(dbPath)
  const rnd = random(42)
  const t = performance.now()
  h.db.transaction(() => {
    const experiments = Array.from({ length: 20 }, (_, i) => h.experiments.create({ name: `bench ${i}` }))
    for (let i = 0; i < n; i++) {
      const base = bases[i % bases.length]
      const result = {
        ...base,
        summary: { ...base.summary, speedupVsBaseline: 1 + rnd() * 50, latencySteps: Math.round(100 + rnd() * 1e5), energyNj: rnd() * 1e6 },
      }
      const id = h.runs.add(experiments[i % experiments.length], result.spec, { status: 'running' })
      h.runs.complete(id, result)
    }
  })()
  const ms = performance.now() - t
  h.close()
  return ms
}

/** Times a listing: first (cold) call and the median of `repeats` more. */
function timeList(list: () => unknown[], expected: number, repeats = 9): { coldMs: number; ms: number } {
  const once = () => {
    const t = performance.now()
    const rows = list()
    const ms = performance.now() - t
    if (rows.length !== expected) throw new Error(`listed ${rows.length} rows, expected ${expected}`)
    return ms
  }
  const coldMs = once()
  return { coldMs, ms: median(Array.from({ length: repeats }, once)) }
}

export async function benchHistory(): Promise<HistoryFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'cim-bench-'))
  try {
    const sweepWorkers = defaultPoolSize()
    const sweep = await timeSweep(join(dir, 'sweep.sqlite'), sweepWorkers)
    const allCores = await timeSweep(join(dir, 'sweep-all-cores.sqlite'), sweepWorkers + 1)

    const listPath = join(dir, 'list.sqlite')
    const insertMs = await insertRuns(listPath, 10_000)
    const h = openHistory(listPath)
    const firstPage = timeList(() => h.runs.list({ sort: 'speedupVsBaseline', order: 'desc', limit: 100 }), 100)
    const full = timeList(() => h.runs.list({ sort: 'speedupVsBaseline', order: 'desc' }), 10_000)
    const dbMb = ((h.db.pragma('page_count', { simple: true }) as number) * (h.db.pragma('page_size', { simple: true }) as number)) / 1e6
    h.close()
    return {
      sweepWorkers,
      sweepMs: sweep.ms,
      sweepRunsStored: sweep.stored,
      sweepAllCoresMs: allCores.ms,
      insertMs,
      firstPageColdMs: firstPage.coldMs,
      firstPageMs: firstPage.ms,
      fullListMs: full.ms,
      dbMb,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(JSON.stringify(await benchHistory()))
