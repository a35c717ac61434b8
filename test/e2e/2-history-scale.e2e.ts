/**
 * History at scale: export an experiment (UI download), import it back multiplied to 10,000 runs
 * (UI upload), then scroll the virtual run table and sort it, printing the frame times.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ExperimentResult, RunSummary } from '../../src/shared/experiment'
import { check, chooseZoo, jobStatus, openScreen, screenshot, startJob, type Scenario } from './helpers'

const RUNS = 10_000

interface DocumentRun {
  createdAt: string
  result: ExperimentResult | null
  [field: string]: unknown
}

/**
 * An exported document with its first run repeated `count` times, each with a different latency and
 * speedup. The copies drop their placement and most of their timeline, so the upload stays under
 * ~100 MB (the browser hands a request body to the test driver whole).
 */
function multiplied(doc: { experiment: { name: string }; runs: DocumentRun[] }, count: number) {
  const seed = doc.runs[0]
  const result = seed.result!
  const slim = { ...result, placement: [], tiles: [], timeline: { ...result.timeline, utilization: result.timeline.utilization.slice(0, 10) } }
  const base = result.summary
  const t0 = Date.parse(seed.createdAt)
  const runs = Array.from({ length: count }, (_, i) => {
    const factor = 1 + ((i * 7919) % count) / count // a permutation: every run differs
    const summary: RunSummary = { ...base, latencySteps: Math.round(base.latencySteps * factor), speedupVsBaseline: base.speedupVsBaseline / factor }
    return { ...seed, createdAt: new Date(t0 + i * 1000).toISOString(), result: { ...slim, summary } }
  })
  return { ...doc, experiment: { ...doc.experiment, name: `${count} runs` }, runs }
}

export const scenarios: Scenario[] = [
  {
    name: `export an experiment, import it as ${RUNS.toLocaleString('en-US')} runs and scroll the history smoothly`,
    async run(ctx) {
      const { page } = ctx
      await openScreen(page, 'setup')
      await chooseZoo(page, 'lenet5')
      await page.click('[data-test=arch-preset]') // a preset keeps each of the 10,000 runs small
      await page.fill('[data-test=experiment-name] input', 'lenet5 seed')
      await jobStatus(page, await startJob(page, '[data-test=run]'), 'done')
      await page.fill('[data-test=experiment-name] input', '')

      await openScreen(page, 'history')
      await page.click('[data-experiment]:has-text("lenet5 seed") .more')
      const download = page.waitForEvent('download')
      await page.click('.n-dropdown-option:has-text("Export JSON")')
      const text = readFileSync((await (await download).path())!, 'utf8')
      const exported = JSON.parse(text)
      check(exported.runs?.length === 1 && exported.runs[0].result, 'the export holds the run with its result')
      console.log(`  exported "${exported.experiment.name}": ${(text.length / 1024).toFixed(0)} KB, network ${exported.runs[0].result.network.name}`)

      const file = join(mkdtempSync(join(tmpdir(), 'cim-e2e-doc-')), 'ten-thousand.json')
      const json = JSON.stringify(multiplied(exported, RUNS))
      writeFileSync(file, json)
      console.log(`  importing ${RUNS} runs: a ${(json.length / 1e6).toFixed(0)} MB document`)
      await page.setInputFiles('[data-test=experiment-file]', file)
      await page.click(`[data-experiment]:has-text("${RUNS} runs")`, { timeout: 240_000 })
      await page.waitForSelector(`text=${RUNS.toLocaleString('en-US')} runs match`)

      const frames = await page.evaluate(async () => {
        const scroller = document.querySelector('[data-test=run-table]')!
        const gaps: number[] = []
        let last = performance.now()
        for (let i = 0; i < 150; i++) {
          scroller.scrollTop += 300
          await new Promise((r) => requestAnimationFrame(r))
          const now = performance.now()
          gaps.push(now - last)
          last = now
        }
        gaps.sort((a, b) => a - b)
        const rows = scroller.querySelectorAll('[data-index]').length
        return { rows, mean: gaps.reduce((a, b) => a + b, 0) / gaps.length, p95: gaps[Math.floor(gaps.length * 0.95)], max: gaps[gaps.length - 1] }
      })
      console.log(
        `  scrolling ${RUNS} runs at 300 px per frame: ${frames.rows} rows in the page; frame mean ${frames.mean.toFixed(1)} ms, p95 ${frames.p95.toFixed(1)} ms, max ${frames.max.toFixed(1)} ms`,
      )
      await page.waitForSelector('[data-test=run-table] [data-run]')
      check(frames.rows < 100, `only the rows in view are in the page, not ${frames.rows}`)
      check(frames.p95 < 200, `scrolling stutters: p95 frame ${frames.p95.toFixed(0)} ms`)

      // Sorting 10,000 stored runs is checked in test/db (named queries) and test/renderer (runs store).
      await screenshot(ctx, 'history-10k')
    },
  },
]
