/**
 * Runs told apart and taken elsewhere: a sweep over two networks, its CSV, compare labels that name
 * what differs, and CSV downloads of the filtered history, a comparison and a layer table (content checked).
 */
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { METRICS } from '../../src/shared/metrics'
import { chartsDrawn, check, jobStatus, openScreen, screenshot, startJob, type Scenario } from './helpers'

const SWEEP = 'two networks'
const SUMMARY_KEYS = METRICS.filter((m) => m.section === 'summary').map((m) => m.key)

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into records keyed by the header. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [[]]
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') field += text[++i]
      else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      rows[rows.length - 1].push(field)
      field = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      rows[rows.length - 1].push(field)
      field = ''
      rows.push([])
      i++
    } else field += c
  }
  check(rows.pop()!.length === 0 && field === '', 'the CSV ends with CRLF')
  const [head, ...body] = rows
  for (const r of body) check(r.length === head.length, `every CSV row has ${head.length} fields: ${r.join(',').slice(0, 120)}`)
  return body.map((r) => Object.fromEntries(head.map((k, i) => [k, r[i]])))
}

/** Clicks a CSV button and returns the downloaded file's name and records. */
async function downloadCsv(page: Page, selector: string): Promise<{ name: string; text: string; records: Record<string, string>[] }> {
  const download = page.waitForEvent('download', { timeout: 60_000 })
  await page.click(selector)
  const d = await download
  const text = readFileSync((await d.path())!, 'utf8')
  return { name: d.suggestedFilename(), text, records: parseCsv(text) }
}

let sweepRuns: Record<string, string>[] = []

export const scenarios: Scenario[] = [
  {
    name: 'exports: sweep over two networks (lenet5, alexnet) and save the sweep as CSV with every summary figure',
    async run(ctx) {
      const { page } = ctx
      await openScreen(page, 'setup')
      await page.fill('[data-test=sweep-name] input', SWEEP)
      await page.fill('[data-test=sweep-extra-pes] input', '0, 32')
      await page.click('[data-test=sweep-model-lenet5]')
      await page.click('[data-test=sweep-model-alexnet]')
      await page.waitForSelector('[data-test=sweep-count]:has-text("16 runs")')
      await screenshot(ctx, 'sweep-two-networks-setup', 1300)
      const job = await startJob(page, '[data-test=sweep-start]')
      await jobStatus(page, job, 'done', 300_000)
      await page.click(`[data-job="${job}"] [data-test=job-open]`)
      await chartsDrawn(page, '[data-test=chart-tradeoff], [data-test=chart-pareto], [data-test=chart-endurance]', 3)
      await screenshot(ctx, 'sweep-two-networks-tradeoffs', 1150)
      const csv = await downloadCsv(page, '[data-test=sweep-csv]')
      check(csv.name.endsWith('.csv'), `a .csv file: ${csv.name}`)
      sweepRuns = csv.records
      check(sweepRuns.length === 16, `16 runs in the sweep CSV, not ${sweepRuns.length}`)
      const keys = Object.keys(sweepRuns[0])
      for (const k of ['network', 'crossbar', 'extraPes', 'schedule', 'dup', ...SUMMARY_KEYS]) check(keys.includes(k), `the sweep CSV has a ${k} column`)
      for (const net of ['lenet5', 'alexnet']) check(sweepRuns.filter((r) => r.network === net).length === 8, `8 runs of ${net}`)
      check(
        sweepRuns.every((r) => r.status === 'done' && Number(r.energyNj) > 0 && Number(r.latencySteps) > 0 && ['0', '32'].includes(r.extraPes)),
        'every run is done with its energy, latency and extra PEs as raw numbers',
      )
    },
  },
  {
    name: 'exports: compare two runs that differ only in extra PEs: the labels name +0 PEs and +32 PEs; the comparison saved as CSV',
    async run(ctx) {
      const { page } = ctx
      check(sweepRuns.length, 'the sweep scenario ran first')
      const a = sweepRuns.find((r) => r.network === 'alexnet' && r.schedule === 'clsa' && r.dup === 'greedy' && r.extraPes === '0')!
      const b = sweepRuns.find((r) => r.network === 'alexnet' && r.schedule === 'clsa' && r.dup === 'greedy' && r.extraPes === '32')!
      await openScreen(page, 'history')
      await page.click(`[data-experiment]:has-text("${SWEEP}")`)
      await page.waitForSelector(`[data-run="${a.id}"]`)
      if (await page.isEnabled('text=Clear')) await page.click('text=Clear')
      await page.click(`[data-run="${a.id}"] input[type=checkbox]`)
      await page.click(`[data-run="${b.id}"] input[type=checkbox]`)
      await page.click('[data-test=action-compare]')
      await chartsDrawn(page, '[data-test^=chart-compare]', 3)
      const labels = await page.$$eval('[data-test=compare-run] a', (els) => els.map((e) => e.textContent?.trim()))
      check(
        JSON.stringify(labels.sort()) === JSON.stringify([`#${a.id} +0 PEs`, `#${b.id} +32 PEs`].sort()),
        `the labels name the one difference: ${JSON.stringify(labels)}`,
      )
      await screenshot(ctx, 'compare-labels', 1300)
      const csv = await downloadCsv(page, '[data-test=compare-csv]')
      check(csv.records.length === 2, 'two compared runs in the CSV')
      const byId = new Map(csv.records.map((r) => [r.id, r]))
      check(byId.get(a.id)?.label === `#${a.id} +0 PEs` && byId.get(b.id)?.label === `#${b.id} +32 PEs`, 'the CSV keeps the labels')
      for (const m of METRICS) check(m.key in csv.records[0], `the comparison CSV has ${m.key}`)
      check(byId.get(a.id)!.energyNj === a.energyNj && byId.get(b.id)!.latencySteps === b.latencySteps, 'the same raw numbers as the sweep CSV')
    },
  },
  {
    name: 'exports: save the filtered history as CSV (every matching run, crossbar and extra-PE columns) and a run’s layer table',
    async run(ctx) {
      const { page } = ctx
      await openScreen(page, 'history')
      await page.click(`[data-experiment]:has-text("${SWEEP}")`)
      await page.waitForSelector(`[data-run="${sweepRuns[0].id}"]`)
      const csv = await downloadCsv(page, '[data-test=history-csv]')
      check(csv.name === 'cim-history.csv', csv.name)
      check(csv.records.length === 16, `the 16 runs of the filtered list, not ${csv.records.length}`)
      check(
        csv.records.every((r) => r.experiment === SWEEP && r.crossbar === '256x256'),
        'every row names its experiment and the 256x256 crossbar',
      )
      const sweepIds = new Set(sweepRuns.map((r) => r.id))
      check(
        csv.records.every((r) => sweepIds.has(r.id)),
        'the same runs as the sweep CSV',
      )
      await screenshot(ctx, 'history-columns', 900)
      if (await page.isEnabled('text=Clear')) await page.click('text=Clear')
      const alex = sweepRuns.find((r) => r.network === 'alexnet')!
      await page.click(`[data-run="${alex.id}"] input[type=checkbox]`)
      await page.click('[data-test=action-open]')
      await page.waitForSelector('[data-test=layer-table]')
      const layers = await downloadCsv(page, '[data-test=layers-csv]')
      check(layers.name === `cim-run-${alex.id}-layers.csv`, layers.name)
      check(layers.records.length >= 8 && layers.records[0].index === '0', `one row per layer, from 0: ${layers.records.length}`)
      check(
        layers.records.some((l) => l.kind === 'conv' && Number(l.busySteps) > 0 && Number(l.outC) > 0),
        'conv layers with their work and output shape',
      )
      await screenshot(ctx, 'run-layers-csv', 1300)
    },
  },
]
