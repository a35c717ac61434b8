/**
 * PDF reports through the system Chromium, read back with poppler-utils: the key numbers and layer
 * rows are in the text, the page size and count are right, no page is blank, and a 124-layer
 * network's table continues over pages with its header repeated. Skipped (with the reason in the
 * suite name) when Chromium or poppler-utils is missing.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { History } from '../../src/main/db'
import { buildReport, buildReportHtml, PdfPrinter, printWith, type PageSize, type ReportSelection } from '../../src/main/report'
import { formatFactor, formatSteps } from '../../src/shared/charts'
import { stepsCell } from '../../src/main/report/text'
import {
  chromiumForTests,
  deepNetwork,
  pageInk,
  pdfInfo,
  pdfPages,
  pdfSkipReason,
  removeTempDirs,
  spec,
  squash,
  storeRun,
  tempDir,
  tempHistory,
} from './helpers'

const skip = pdfSkipReason()
if (skip) console.warn(skip)

/** Points of the page sizes as pdfinfo reports them (rounded down). */
const POINTS: Record<PageSize, [number, number]> = { A4: [595, 842], Letter: [612, 792] }

let history: History
let out: string

/** Writes the PDF report of `sel` and returns its path and build time. */
async function pdfOf(sel: ReportSelection, pageSize: PageSize, name: string): Promise<{ file: string; ms: number }> {
  const t = performance.now()
  const r = await buildReport(history, sel, { format: 'pdf', pageSize, chromiumPath: chromiumForTests()! })
  const ms = performance.now() - t
  const file = join(out, name)
  writeFileSync(file, r.bytes)
  expect(r.fileName.endsWith('.pdf')).toBe(true)
  expect(Buffer.from(r.bytes.subarray(0, 5)).toString()).toBe('%PDF-')
  return { file, ms }
}

const layoutText = (file: string) => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })

function expectPages(file: string, pageSize: PageSize, minPages: number): number {
  const info = pdfInfo(file)
  expect([Math.floor(info.width), Math.floor(info.height)]).toEqual(POINTS[pageSize])
  expect(info.pages).toBeGreaterThanOrEqual(minPages)
  const ink = pageInk(file)
  expect(ink).toHaveLength(info.pages)
  for (const share of ink) expect(share).toBeGreaterThan(0.003) // every page has something printed on it
  const pages = pdfPages(file)
  expect(pages).toHaveLength(info.pages)
  pages.forEach((text, i) => expect(squash(text)).toContain(`Page ${i + 1} of ${info.pages}`))
  return info.pages
}

describe.skipIf(skip !== null)(skip ?? 'PDF reports (system Chromium, poppler-utils)', () => {
  let lbl: number
  let clsa: number
  let sweep: number
  let deep: number

  beforeAll(async () => {
    out = tempDir()
    history = tempHistory().history
    const exp = history.experiments.create({ name: 'tinyyolov4 schedules', notes: 'Layer-by-layer against CLSA-CIM with greedy duplication.' })
    lbl = await storeRun(history, exp, spec('tinyyolov4', { schedule: 'layer-by-layer', duplication: 'none' }))
    clsa = await storeRun(history, exp, spec('tinyyolov4'))
    sweep = history.experiments.create({
      name: 'extra PEs sweep',
      notes: 'tinyyolov4, CLSA-CIM + greedy, 0 to 160 extra PEs',
      grid: { extraPes: [0, 32, 64, 96, 128, 160] },
    })
    for (const extraPes of [0, 32, 64, 96, 128, 160]) await storeRun(history, sweep, spec('tinyyolov4', { chip: { extraPes } }))
    deep = await storeRun(history, history.experiments.create({ name: 'deep network' }), spec(deepNetwork(40)))
  }, 120_000)

  afterAll(() => {
    history?.close()
    removeTempDirs()
  })

  it('a comparison of two runs: key numbers, layer rows, A4 pages with page numbers', async () => {
    const { file, ms } = await pdfOf({ runIds: [lbl, clsa] }, 'A4', 'compare.pdf')
    const pages = expectPages(file, 'A4', 3)
    console.log(`comparison PDF: ${pages} pages in ${ms.toFixed(0)} ms`)
    const text = squash(pdfPages(file).join(' '))
    const [a, b] = [lbl, clsa].map((id) => history.results.get(id))
    for (const r of [a, b]) {
      expect(text).toContain(stepsCell(r.summary.latencySteps)) // summary table: latency (steps)
      expect(text).toContain(formatFactor(r.summary.speedupVsBaseline))
    }
    expect(text).toContain(`Fastest: #${clsa} tinyyolov4 · CLSA-CIM, greedy duplication with ${formatSteps(b.summary.latencySteps)}`)
    expect(text).toContain(`${formatFactor(b.summary.speedupVsBaseline)} faster than layer-by-layer without duplication`)
    expect(text).toContain('Layer-by-layer against CLSA-CIM with greedy duplication.')
    expect(text).toContain(`CIM Workbench 0.1.0 · Comparison of runs #${lbl}, #${clsa}`)
    // Combined layer table: # layer kind PEs/copy, then copies and end step of each run.
    const rows = layoutText(file)
    for (const [i, l] of b.layers.entries()) {
      if (l.pes === 0) continue
      const cells = [i, l.name, l.kind, l.pes, a.layers[i].copies, stepsCell(a.layers[i].endSteps), l.copies, stepsCell(l.endSteps)].map((c) =>
        String(c).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      expect(rows).toMatch(new RegExp(`^\\s*${cells.join('\\s+')}\\s*$`, 'm'))
    }
  })

  it('a sweep of six runs over extra PEs on Letter pages', async () => {
    const { file, ms } = await pdfOf({ experimentId: sweep }, 'Letter', 'sweep.pdf')
    const pages = expectPages(file, 'Letter', 3)
    console.log(`sweep PDF: ${pages} pages in ${ms.toFixed(0)} ms`)
    const text = squash(pdfPages(file).join(' '))
    for (const title of ['Latency and speedup against extra PEs', 'Pareto front: PEs used against latency', 'Cell writes and lifetime against duplication'])
      expect(text).toContain(title)
    const rows = layoutText(file)
    for (const r of history.runs.list({ experimentId: sweep })) {
      const s = r.summary!
      expect(rows).toMatch(
        new RegExp(`#${r.id}\\s+CLSA-CIM\\s+greedy\\s+${s.pesChip - s.pesMinimum}\\s+.*${stepsCell(s.latencySteps)}.*${formatFactor(s.speedupVsBaseline)}`),
      )
    }
  })

  it('a 124-layer network: the layer table continues over pages with its header repeated', async () => {
    const { file, ms } = await pdfOf({ runIds: [deep] }, 'A4', 'deep.pdf')
    const pages = expectPages(file, 'A4', 6)
    console.log(`124-layer run PDF: ${pages} pages in ${ms.toFixed(0)} ms`)
    const texts = pdfPages(file).map(squash)
    const withHeader = texts.filter((t) => t.includes('output C×H×W') && t.includes('start (steps)') && t.includes('end (steps)'))
    expect(withHeader.length).toBeGreaterThanOrEqual(2)
    const r = history.results.get(deep)
    const all = texts.join(' ')
    for (const l of r.layers) expect(all).toContain(l.name)
    // Rows are whole: the last layer's row is on a page that also has the header.
    expect(withHeader.some((t) => t.includes('classifier'))).toBe(true)
  })

  it('the same HTML renders identically and the PDF date is the runs’ date, not today', async () => {
    const { html } = buildReportHtml(history, { runIds: [clsa] })
    const pdf = await printWith(PdfPrinter.launch({ chromiumPath: chromiumForTests()! }), html)
    const file = join(out, 'run.pdf')
    writeFileSync(file, pdf)
    const text = squash(pdfPages(file).join(' '))
    const finished = history.runs.get(clsa).finishedAt!
    expect(text).toContain(`${finished.slice(0, 10)} ${finished.slice(11, 16)} UTC`)
    expect(buildReportHtml(history, { runIds: [clsa] }).html).toBe(html)
  })
})
