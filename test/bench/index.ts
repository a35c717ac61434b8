import { spawnSync } from 'node:child_process'
import { benchPipeline, benchSchedule } from './core'

/**
 * npm run bench: the performance targets of the issues, measured on this machine.
 * Prints one line per figure with its target; --json prints them as one object.
 */
const figures: { name: string; value: number; unit: string; target: string; ok: boolean }[] = []
const record = (name: string, value: number, unit: string, target: string, ok: boolean) => {
  figures.push({ name, value, unit, target, ok })
  if (!process.argv.includes('--json')) console.log(`${ok ? 'ok  ' : 'SLOW'} ${name}: ${value.toFixed(value < 10 ? 2 : 1)} ${unit} (target ${target})`)
}

const pipe = await benchPipeline('tinyyolov4')
record('pipeline tinyyolov4@416 pixel +64 PEs, greedy, both schedules (median)', pipe.medianMs, 'ms', '< 100 ms', pipe.medianMs < 100)
record('pipeline tinyyolov4@416 first (cold) run', pipe.firstMs, 'ms', 'info', true)
for (const model of ['resnet50', 'tinyyolov4']) {
  const s = benchSchedule(model)
  record(`schedule ${model} (${s.sets} sets, CLSA recurrence)`, s.setsPerSecond / 1e6, 'M sets/s', '>= 10 M sets/s', s.setsPerSecond >= 1e7)
}
const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/peak-rss.ts', '--', 'run', '--model', 'resnet50'], { encoding: 'utf8' })
const rss = Number(/peak-rss-mb ([\d.]+)/.exec(child.stderr)?.[1] ?? NaN)
record('peak memory of `cim run --model resnet50`', rss, 'MB', '< 300 MB', rss < 300)

if (process.argv.includes('--json')) console.log(JSON.stringify(figures, null, 2))
