/**
 * The workbench as a researcher uses it: run TinyYOLOv4, compare it with layer-by-layer, run and
 * cancel sweeps, import an ONNX file, mistype an architecture field, delete a run.
 */
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pageCount } from '../../src/main/cli/report'
import { chartsDrawn, check, chooseZoo, jobStatus, openScreen, screenshot, startJob, type Scenario } from './helpers'

export const scenarios: Scenario[] = [
  {
    name: 'set up and run TinyYOLOv4 with CLSA-CIM + greedy duplication: progress, then the result charts',
    async run(ctx) {
      const { page } = ctx
      await openScreen(page, 'setup')
      await page.waitForSelector('[data-test=zoo-select]:has-text("tinyyolov4")')
      await page.waitForSelector('[data-test=preset-select]:has-text("clsa-cim")')
      await page.click('[data-test=schedule-clsa]')
      await page.click('[data-test=duplication-greedy]')
      await screenshot(ctx, 'setup', 1300)
      const job = await startJob(page, '[data-test=run]')
      await page.waitForSelector(`[data-job="${job}"][data-status=running] .n-progress`)
      await screenshot(ctx, 'setup-job-progress')
      await jobStatus(page, job, 'done')
      await page.click(`[data-job="${job}"] [data-test=job-open]`)
      await chartsDrawn(page, '[data-test^=chart-]', 5) // Gantt, utilization, PEs, chip map, energy
      const cards = await page.$$eval('[data-test=metric]', (els) => els.map((e) => e.textContent ?? ''))
      check(
        cards.some((t) => /Latency[\d,]+ steps/.test(t)),
        `latency card in steps: ${cards[0]}`,
      )
      check(
        cards.some((t) => /Speedup[\d.]+×/.test(t)),
        'speedup card',
      )
      check(await page.isVisible('[data-test=layer-table]'), 'the per-layer table is shown')
      await screenshot(ctx, 'run-detail', 2300)
    },
  },
  {
    name: 'compare the CLSA-CIM run with a layer-by-layer run',
    async run(ctx) {
      const { page } = ctx
      await openScreen(page, 'setup')
      await page.click('[data-test=schedule-layer-by-layer]')
      await page.click('[data-test=duplication-none]')
      await jobStatus(page, await startJob(page, '[data-test=run]'), 'done')
      await openScreen(page, 'history')
      await page.waitForSelector('[data-run="2"]')
      await page.click('[data-run="2"] input[type=checkbox]')
      await page.click('[data-run="1"] input[type=checkbox]')
      await page.click('[data-test=action-compare]')
      await chartsDrawn(page, '[data-test^=chart-compare]', 3)
      const table = (await page.textContent('[data-test=compare-table]')) ?? ''
      check(table.includes('reference') && /[+−][\d.,]+ %/.test(table), 'the metrics table shows differences to the reference run')
      await screenshot(ctx, 'compare', 1900)
      await page.click('[data-test=report]')
      const download = page.waitForEvent('download', { timeout: 120_000 })
      await page.click('.n-dropdown-option:has-text("HTML")')
      const html = readFileSync((await (await download).path())!, 'utf8')
      check((await download).suggestedFilename().endsWith('.html') && html.includes('<svg'), 'the comparison report is saved as HTML with its charts')
      // PDF: the menu's opening started the host's kept Chromium; the download is a paged PDF
      await page.click('[data-test=report]')
      const pdfDownload = page.waitForEvent('download', { timeout: 120_000 })
      await page.click('.n-dropdown-option:has-text("PDF")')
      const pdf = readFileSync((await (await pdfDownload).path())!)
      check(
        (await pdfDownload).suggestedFilename().endsWith('.pdf') && pdf.subarray(0, 5).toString('latin1') === '%PDF-' && pageCount(pdf) >= 2,
        'the comparison report is saved as a PDF of several pages',
      )
    },
  },
  {
    name: 'run a sweep and see its trade-offs',
    async run(ctx) {
      const { page } = ctx
      await openScreen(page, 'setup')
      await page.click('[data-test=schedule-clsa]')
      await page.fill('[data-test=sweep-name] input', 'TinyYOLOv4 duplication trade-off')
      await page.fill('[data-test=sweep-extra-pes] input', '0, 32, 64')
      await page.waitForSelector('[data-test=sweep-count]:has-text("12 runs")')
      const job = await startJob(page, '[data-test=sweep-start]')
      check((await page.textContent(`[data-job="${job}"]`))?.includes('TinyYOLOv4 duplication trade-off'), 'the sweep job is named')
      await jobStatus(page, job, 'done', 300_000)
      await page.click(`[data-job="${job}"] [data-test=job-open]`)
      await chartsDrawn(page, '[data-test=chart-tradeoff], [data-test=chart-pareto], [data-test=chart-endurance]', 3)
      await screenshot(ctx, 'tradeoffs', 1150)
    },
  },
  {
    name: 'start a large sweep and cancel it',
    async run(ctx) {
      const { page } = ctx
      await openScreen(page, 'setup')
      await chooseZoo(page, 'vgg16') // slower runs: the sweep is still running when Cancel is pressed
      await page.fill('[data-test=sweep-name] input', 'sweep to cancel')
      await page.fill('[data-test=sweep-extra-pes] input', '0, 16, 32, 48, 64, 80, 96, 112')
      const job = await startJob(page, '[data-test=sweep-start]')
      await page.click(`[data-job="${job}"][data-status=running] [data-test=job-cancel]`)
      await jobStatus(page, job, 'cancelled', 60_000)
      await openScreen(page, 'jobs')
      await page.waitForSelector(`[data-job="${job}"][data-status=cancelled]`)
      await screenshot(ctx, 'jobs')
      await openScreen(page, 'setup')
      await chooseZoo(page, 'tinyyolov4')
    },
  },
  {
    name: 'import light_squeezenet.onnx and see the importer notes',
    async run(ctx) {
      const { page } = ctx
      const file = resolve(ctx.root, '../shared/onnx/light_squeezenet.onnx')
      if (!existsSync(file)) return console.log(`  skipped: ${file} is absent`)
      await openScreen(page, 'setup')
      await page.setInputFiles('[data-test=network-file]', file)
      await page.waitForSelector('[data-test=importer-notes]', { timeout: 60_000 })
      check((await page.textContent('[data-test=imported-select]'))?.trim(), 'the imported network is selected')
      check(await page.isEnabled('[data-test=run]'), 'the imported network can be run')
      await screenshot(ctx, 'import-onnx')
      await page.click('[data-test=network-zoo]')
    },
  },
  {
    name: 'enter a bad architecture value and see the inline error',
    async run(ctx) {
      const { page } = ctx
      await openScreen(page, 'setup')
      await page.click('[data-test=arch-edit]')
      await page.waitForSelector('[data-test=arch-fields]')
      await page.fill('[data-field=crossbarRows] input', '1')
      await page.waitForSelector('.n-form-item:has([data-field=crossbarRows]) .n-form-item-feedback:has-text("must be an integer in 2..8192 rows")')
      check(await page.isDisabled('[data-test=run]'), 'Run is disabled while a field is invalid')
      check(await page.isDisabled('[data-test=arch-save]'), 'Save is disabled while a field is invalid')
      await screenshot(ctx, 'arch-error', 1300)
      await page.fill('[data-field=crossbarRows] input', '256')
      await page.waitForSelector('[data-test=arch-invalid]', { state: 'detached' })
      check(await page.isEnabled('[data-test=run]'), 'Run is enabled again once the field is fixed')
    },
  },
  {
    name: 'delete a run from the history',
    async run(ctx) {
      const { page } = ctx
      await openScreen(page, 'history')
      await page.click('[data-experiment]:has-text("workbench runs")')
      await page.waitForSelector('[data-run="2"]')
      const before = await page.$$eval('[data-run]', (rows) => rows.length)
      if (await page.isEnabled('text=Clear')) await page.click('text=Clear')
      await page.click('[data-run="2"] input[type=checkbox]')
      await page.click('[data-test=action-delete]')
      await page.click('.n-dialog button:has-text("Delete")')
      await page.waitForSelector('[data-run="2"]', { state: 'detached' })
      check((await page.$$eval('[data-run]', (rows) => rows.length)) === before - 1, 'one row fewer')
      await screenshot(ctx, 'history')
    },
  },
]
