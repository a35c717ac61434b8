/**
 * The host while a long target search runs (targets.plan, TinyYOLOv4 at 40,000 inferences/s, CLSA-CIM:
 * greedy schedules 3,873 chips, seconds of work):
 * (a) the event-loop delay of the host's thread (99th percentile and largest) over the first WINDOW_MS of
 *     the search in the worker pool, against the same window of the idle host (the reference: on a shared
 *     machine the delay is never 0) and of the greedy search run in the host's thread (planForTarget in
 *     process, as targets.plan did before it used the pool);
 * (b) the time from targets.cancel until targets.plan answers CANCELLED, and until its worker is free.
 * Run as a script it prints the figures as JSON (npm run bench runs it in a process of its own).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { SPEC_DEFAULTS } from '../../src/shared/experiment'
import { withDefaults } from '../../src/main/core/pipeline'
import { planForTarget } from '../../src/main/core/target'
import { openWorkbench } from '../../src/main/workbench'

/** How long the search is watched before it is cancelled, ms. */
const WINDOW_MS = 4000
const TARGET = { fps: 40_000 }

/** Event-loop delay over a window: 99th percentile and largest, ms. */
export interface LoopDelay {
  p99Ms: number
  maxMs: number
}

export interface TargetPoolFigures {
  /** Event-loop delay of the host over WINDOW_MS: idle, while the search runs in the pool, while it runs in the host's own thread. */
  idle: LoopDelay
  pool: LoopDelay
  inProcess: LoopDelay
  /** From targets.cancel until targets.plan answered CANCELLED, and until the pool had no busy worker, ms. */
  cancelMs: number
  workerFreeMs: number
}

/** The event-loop delay over WINDOW_MS from the start of `work` (which goes on afterwards). */
async function delayDuring(work: () => void): Promise<LoopDelay> {
  const h = monitorEventLoopDelay({ resolution: 1 })
  h.enable()
  work()
  await sleep(WINDOW_MS)
  h.disable()
  return { p99Ms: h.percentile(99) / 1e6, maxMs: h.max / 1e6 }
}

export async function benchTargetPool(): Promise<TargetPoolFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'cim-bench-target-'))
  const wb = openWorkbench(join(dir, 'history.sqlite'), 1)
  try {
    const run = { ...SPEC_DEFAULTS, network: { zoo: 'tinyyolov4' }, arch: { preset: 'clsa-cim' } }
    const idle = await delayDuring(() => {})
    let plan: ReturnType<typeof wb.dispatch> | undefined
    const pool = await delayDuring(() => (plan = wb.dispatch('targets.plan', { planId: 'bench', run, target: TARGET })))
    if (wb.pool.stats().busy !== 1) throw new Error(`the target search ended within ${WINDOW_MS} ms: nothing left to cancel`)
    const t = performance.now()
    await wb.dispatch('targets.cancel', { planId: 'bench' })
    const answer = await plan!
    const cancelMs = performance.now() - t
    if (answer.ok || answer.error.code !== 'CANCELLED') throw new Error(`targets.plan did not answer CANCELLED: ${JSON.stringify(answer).slice(0, 300)}`)
    while (wb.pool.stats().busy) await sleep(1)
    const workerFreeMs = performance.now() - t

    const abort = new AbortController()
    let search: Promise<unknown> = Promise.resolve()
    const spec = withDefaults({ ...run, duplication: 'greedy' })
    const inProcess = await delayDuring(() => (search = planForTarget(spec, TARGET, { signal: abort.signal })))
    abort.abort()
    await search.catch(() => {})
    return { idle, pool, inProcess, cancelMs, workerFreeMs }
  } finally {
    await wb.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(JSON.stringify(await benchTargetPool()))
