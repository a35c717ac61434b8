import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { importOnnx } from '../../src/main/core/model/onnx/index'
import { benchBatch, benchLifetimePlan, benchPipeline, benchSchedule, benchTarget, median } from './core'
import type { HistoryFigures } from './history'
import { benchReport } from './report'
import { benchStartup } from './startup'
import type { LoopDelay, TargetPoolFigures } from './target-pool'

/**
 * npm run bench: the performance targets of the issues, measured on this machine. Times are also given
 * as ratios against references measured in the same run (`npm --version` for commands, `node -e 0`
 * for work inside a process), since absolute times here drift by 2-3x between runs.
 * Prints one line per figure with its target; --json prints them as one object.
 */
const json = process.argv.includes('--json')
const startup = await benchStartup()
const REFERENCES = { 'npm --version': startup.npmVersionMs, 'node -e 0': startup.nodeMs }
type Reference = keyof typeof REFERENCES
if (!json) console.log(`references (median of 7): npm --version ${startup.npmVersionMs.toFixed(0)} ms, node -e 0 ${startup.nodeMs.toFixed(0)} ms`)

const figures: { name: string; value: number; unit: string; target: string; ok: boolean; ratio?: { of: Reference; x: number } }[] = []
/** Records a figure; a time (ms or s) is also shown as a ratio against `of`. */
const record = (name: string, value: number, unit: string, target: string, ok: boolean, of: Reference = 'node -e 0') => {
  const ms = unit === 'ms' ? value : unit === 's' ? value * 1000 : null
  const ratio = ms === null ? undefined : { of, x: ms / REFERENCES[of] }
  figures.push({ name, value, unit, target, ok, ratio })
  const x = ratio ? ` = ${ratio.x.toFixed(2)}x ${of}` : ''
  if (!json) console.log(`${ok ? 'ok  ' : 'SLOW'} ${name}: ${value.toFixed(value < 10 ? 2 : 1)} ${unit}${x} (target ${target})`)
}

const versionX = startup.cimVersionMs / startup.npmVersionMs
record('`npm run -s cim -- --version`', startup.cimVersionMs, 'ms', '<= 3x npm --version', versionX <= 3, 'npm --version')
const runX = startup.cimRunMs / startup.npmVersionMs
record('`npm run -s cim -- run --model tinyyolov4 --json`', startup.cimRunMs, 'ms', '<= 4.5x npm --version', runX <= 4.5, 'npm --version')
record(
  'pipeline tinyyolov4@416 at the defaults in a fresh process (timingsMs.total of that call)',
  startup.cimRunPipelineMs,
  'ms',
  '< 100 ms',
  startup.cimRunPipelineMs < 100,
)
record('first URL of `npm run serve` (built renderer)', startup.serveUrlMs / 1000, 's', '< 5 s', startup.serveUrlMs < 5000, 'npm --version')

const big = spawnSync(process.execPath, ['scripts/cim.mjs', 'run', '--model', 'resnet50', '--input', '1792x1792', '--json'], { encoding: 'utf8' })
if (big.status !== 0) throw new Error(`cim run --model resnet50 --input 1792x1792 failed:\n${big.stderr}`)
const bigMs = (JSON.parse(big.stdout) as { timingsMs: { total: number } }).timingsMs.total
record('pipeline resnet50@1792x1792 in a fresh process (timingsMs.total)', bigMs / 1000, 's', '< 1 s', bigMs < 1000)

const pipe = await benchPipeline('tinyyolov4')
record('pipeline tinyyolov4@416 pixel +64 PEs, greedy, CLSA (median, warm)', pipe.medianMs, 'ms', '< 100 ms', pipe.medianMs < 100)
record('pipeline tinyyolov4@416 first (cold) run', pipe.firstMs, 'ms', 'info', true)
const mesh = await benchPipeline('tinyyolov4', 15, 'mesh')
record(
  `pipeline tinyyolov4@416 at the defaults over the on-chip mesh (median, warm; ${(mesh.medianMs / pipe.medianMs).toFixed(1)}x the free-movement pipeline)`,
  mesh.medianMs,
  'ms',
  '< 300 ms',
  mesh.medianMs < 300,
)
for (const model of ['resnet50', 'tinyyolov4']) {
  const s = benchSchedule(model)
  record(`schedule ${model} (${s.sets} sets, CLSA recurrence)`, s.setsPerSecond / 1e6, 'M sets/s', '>= 10 M sets/s', s.setsPerSecond >= 1e7)
}
const batch = await benchBatch()
record(
  `pipeline tinyyolov4@416 +64 PEs with 4,096 inferences (${batch.simulated} simulated set by set, the rest in closed form; ${(batch.batchMs / batch.oneMs).toFixed(2)}x one inference, ${batch.oneMs.toFixed(1)} ms)`,
  batch.batchMs,
  'ms',
  '< 10x one inference',
  batch.batchMs < 10 * batch.oneMs,
)
const lifetime = await benchLifetimePlan()
record(
  `planned run: tinyyolov4 on 60 PEs for 10 years at 30 inferences/s (batch ${lifetime.batch}; planning ${(lifetime.planMs / 1000).toFixed(1)} s)`,
  lifetime.totalMs / 1000,
  's',
  '< 30 s',
  lifetime.totalMs < 30_000,
)
const plan = await benchTarget()
record(
  `target: tinyyolov4 at 2000 inferences/s, greedy, CLSA (${plan.scheduled} chips scheduled, median, warm)`,
  plan.medianMs,
  'ms',
  '< 2000 ms',
  plan.medianMs < 2000,
)
const child = spawnSync(process.execPath, ['--import', './test/bench/peak-rss.mjs', 'scripts/cim.mjs', 'run', '--model', 'resnet50'], { encoding: 'utf8' })
const rss = Number(/peak-rss-mb ([\d.]+)/.exec(child.stderr)?.[1] ?? NaN)
record('peak memory of `cim run --model resnet50`', rss, 'MB', '< 300 MB', rss < 300)

const FASTEST_DET = '../shared/onnx/FastestDet.onnx'
if (existsSync(FASTEST_DET)) {
  const fastestDet = readFileSync(FASTEST_DET)
  const importTimes = Array.from({ length: 11 }, () => {
    const t = performance.now()
    importOnnx(fastestDet, { fileName: 'FastestDet.onnx' })
    return performance.now() - t
  })
  record('ONNX import of FastestDet.onnx (1 MB, largest shared model), first', importTimes[0], 'ms', '< 200 ms', importTimes[0] < 200)
  record('ONNX import of FastestDet.onnx, median of 10 more', median(importTimes.slice(1)), 'ms', '< 200 ms', median(importTimes.slice(1)) < 200)
} else console.warn(`skipping the ONNX import benchmark: ${FASTEST_DET} is absent`)

const historyChild = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/history.ts'], { encoding: 'utf8' })
if (historyChild.status !== 0) throw new Error(`the history benchmark failed:\n${historyChild.stderr}`)
const h = JSON.parse(historyChild.stdout) as HistoryFigures
record(`sweep of 64 TinyYOLOv4 runs stored (${h.sweepWorkers} worker)`, h.sweepMs / 1000, 's', '< 10 s', h.sweepMs < 10_000)
record('list 10,000 stored runs sorted by speedup, first page of 100', h.firstPageMs, 'ms', '< 50 ms', h.firstPageMs < 50)
record('list 10,000 stored runs sorted by speedup, all rows', h.fullListMs, 'ms', '< 50 ms', h.fullListMs < 50)

const targetChild = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/target-pool.ts'], { encoding: 'utf8' })
if (targetChild.status !== 0) throw new Error(`the target search benchmark failed:\n${targetChild.stderr}`)
const tp = JSON.parse(targetChild.stdout) as TargetPoolFigures
const delay = (d: LoopDelay) => `p99 ${d.p99Ms.toFixed(1)} ms, max ${d.maxMs.toFixed(1)} ms`
record(
  `host event-loop delay p99 over 4 s of targets.plan (tinyyolov4 at 40,000 inferences/s) searching in the pool (max ${tp.pool.maxMs.toFixed(1)} ms; idle host: ${delay(tp.idle)})`,
  tp.pool.p99Ms,
  'ms',
  '< 20 ms',
  tp.pool.p99Ms < 20,
)
record(
  `the same greedy search in the host thread (targets.plan before the pool): event-loop delay p99 (${delay(tp.inProcess)})`,
  tp.inProcess.p99Ms,
  'ms',
  'info',
  true,
)
record('targets.cancel of that search: until targets.plan answers CANCELLED', tp.cancelMs, 'ms', '< 100 ms', tp.cancelMs < 100)
record('targets.cancel of that search: until its worker is free', tp.workerFreeMs, 'ms', '< 500 ms', tp.workerFreeMs < 500)

const report = await benchReport()
record(
  `first PDF report of ${report.pages} pages in the app (PDF chosen 1.5 s after pointing at Report)`,
  report.appFirstMs / 1000,
  's',
  '< 3 s',
  report.appFirstMs < 3000,
)
record(`later PDF reports of ${report.pages} pages in the app (Chromium kept)`, report.appMs / 1000, 's', '< 3 s', report.appMs < 3000)
record(`PDF report of ${report.pages} pages by \`cim report\` (starts Chromium)`, report.cliMs / 1000, 's', 'info', true)

if (json) console.log(JSON.stringify({ references: REFERENCES, figures }, null, 2))
