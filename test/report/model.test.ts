/** The report model and its HTML: contents, units, determinism, self-containment, bad requests. */
import { METRICS } from '../../src/shared/metrics'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NotFoundError, type History } from '../../src/main/db'
import { buildReport, buildReportHtml, buildReportModel, loadReportInput, renderReportHtml, ReportError, reportFileName } from '../../src/main/report'
import { formatCount, formatFactor, formatLifetime, formatNs, formatPercent, formatSteps } from '../../src/shared/charts'
import { deepNetwork, removeTempDirs, spec, storeRun, tempHistory } from './helpers'

let history: History
let lbl: number
let clsa: number
let sweepId: number
let sweepRuns: number[]
let queued: number

beforeAll(async () => {
  history = tempHistory().history
  const exp = history.experiments.create({
    name: 'lenet5 schedules',
    notes: 'Baseline against CLSA-CIM.\nSecond line with <tags> & "quotes".',
    tags: ['paper'],
  })
  lbl = await storeRun(history, exp, spec('lenet5', { schedule: 'layer-by-layer', duplication: 'none' }))
  clsa = await storeRun(history, exp, spec('lenet5'), '2025-03-04T11:00:00.000Z')
  queued = history.runs.queue(exp, spec('lenet5'))
  sweepId = history.experiments.create({ name: 'lenet5 extra PEs', notes: 'six chip sizes', grid: { extraPes: [0, 8, 16, 32, 64, 128] } })
  sweepRuns = []
  for (const extraPes of [0, 8, 16, 32, 64, 128]) sweepRuns.push(await storeRun(history, sweepId, spec('lenet5', { chip: { extraPes } })))
})

afterAll(() => {
  history.close()
  removeTempDirs()
})

describe('report model', () => {
  it('a run report has every section of the issue, with units', () => {
    const input = loadReportInput(history, { runIds: [clsa] })
    expect(input.kind).toBe('run')
    const model = buildReportModel(input)
    expect(model.title).toBe(`Run #${clsa}: lenet5 on clsa-cim`)
    expect(model.date).toBe('2025-03-04 11:00 UTC')
    expect(model.sections.map((s) => s.id)).toEqual([
      'summary',
      'notes',
      'network',
      'architecture',
      'strategy',
      'schedule',
      'mapping',
      'energy',
      'endurance',
      'layers',
      'reproducibility',
    ])
    const r = input.runs[0].result
    const meta = Object.fromEntries(model.meta)
    expect(meta['Input hash']).toBe(r.inputHash)
    expect(meta['Program version']).toBe(r.programVersion)
    const summary = model.sections[0].blocks[0]
    if (summary.type !== 'keyValues') throw new Error('summary is a key-value table')
    const rows = Object.fromEntries(summary.rows)
    expect(Object.keys(rows)).toEqual(METRICS.map((m) => m.label))
    expect(rows.Latency).toBe(formatSteps(r.summary.latencySteps))
    expect(rows['Latency (time)']).toBe(formatNs(r.summary.latencyNs))
    expect(rows['Latency / lower bound']).toBe(r.metrics.latencyOverLowerBound.toFixed(3))
    expect(rows.Speedup).toContain(formatFactor(r.summary.speedupVsBaseline))
    expect(rows['PE utilization (chip)']).toBe(formatPercent(r.summary.utilizationChip))
    expect(rows.Energy).toMatch(/ (nJ|µJ|mJ|J)$/)
    expect(rows.Throughput).toMatch(/ inferences\/s$/)
    const charts = model.sections.flatMap((s) => s.blocks).filter((b) => b.type === 'chart')
    expect(charts).toHaveLength(6) // Gantt, utilization, PEs per layer, chip map, cell writes per layer, energy by component
    const energy = model.sections.find((s) => s.id === 'energy')!.blocks[0]
    if (energy.type !== 'keyValues') throw new Error('the energy breakdown is a key-value table')
    // clsa-cim: the lumped MVM energy, the digital unit and programming the weights
    expect(energy.rows.map(([k]) => k)).toEqual(['MVM (lumped)', 'Digital unit', 'Cell programming'])
    const layers = model.sections.find((s) => s.id === 'layers')!.blocks[0]
    if (layers.type !== 'table') throw new Error('layers is a table')
    expect(layers.rows).toHaveLength(r.layers.length)
    expect(layers.columns.map((c) => c.label)).toContain('end (steps)')
  })

  it('a comparison puts the runs side by side and charts them together', () => {
    const model = buildReportModel(loadReportInput(history, { runIds: [lbl, clsa] }))
    expect(model.kind).toBe('compare')
    expect(model.title).toBe(`Comparison of runs #${lbl}, #${clsa}`)
    const html = renderReportHtml(model)
    for (const title of ['Speedup and PE utilization', 'PE utilization over time', 'Layer Gantts']) expect(html).toContain(title)
    expect(html).toContain(`#${lbl} copies`)
    expect(html).toContain(`Speedup vs #${lbl}`)
  })

  it('a sweep report has the trade-off, Pareto and endurance charts and a row per run', () => {
    const input = loadReportInput(history, { experimentId: sweepId })
    expect(input.kind).toBe('sweep')
    expect(input.runs.map((r) => r.id)).toEqual(sweepRuns)
    const html = renderReportHtml(buildReportModel(input))
    for (const title of ['Latency and speedup against extra PEs', 'Pareto front: PEs used against latency', 'Cell writes and lifetime against duplication'])
      expect(html).toContain(title)
    expect(html).toContain('six chip sizes')
    for (const id of sweepRuns) expect(html).toContain(`<td>#${id}</td>`)
    expect(html).not.toContain('click a point')
  })

  it('a run in reload mode reports its segments, wear and lifetime', async () => {
    const id = await storeRun(history, history.experiments.create({ name: 'reload' }), spec('lenet5', { chip: { pes: 2 }, duplication: 'none' }))
    const input = loadReportInput(history, { runIds: [id] })
    const r = input.runs[0].result
    expect(r.endurance.segments).toBe(3)
    const model = buildReportModel(input)
    const endurance = Object.fromEntries((model.sections.find((s) => s.id === 'endurance')!.blocks[0] as { rows: [string, string][] }).rows)
    expect(endurance.Mode).toBe('reload mode: the network does not fit and runs in 3 segments, reprogrammed every inference')
    expect(endurance.Lifetime).toBe(`${formatLifetime(r.endurance.lifetimeInferences, r.endurance.lifetimeYears)} at 30 inferences/s`)
    expect(endurance['Cell writes per inference']).toBe(`${formatCount(r.endurance.writesPerInference)} cells`)
    // One chip map per reload segment, and the layer table says which segment holds each layer.
    const maps = model.sections.find((s) => s.id === 'mapping')!.blocks.filter((b) => b.type === 'chart')
    expect(maps).toHaveLength(1 + 3 + 1)
    const layers = model.sections.find((s) => s.id === 'layers')!.blocks[0] as { columns: { label: string }[]; rows: string[][] }
    expect(layers.columns.at(-1)!.label).toBe('segment')
    expect(layers.rows.map((row) => row.at(-1))).toEqual(r.layers.map((l) => String(l.segment + 1)))
  })

  it('the date is the runs’ finish time unless given', () => {
    const input = loadReportInput(history, { runIds: [lbl] })
    expect(buildReportModel(input).date).toBe('2025-03-04 10:20 UTC')
    expect(buildReportModel(input, { date: '2024-12-31T23:59:00Z' }).date).toBe('2024-12-31 23:59 UTC')
  })
})

describe('report HTML', () => {
  it('is byte-identical for the same runs', () => {
    for (const sel of [{ runIds: [clsa] }, { runIds: [lbl, clsa] }, { experimentId: sweepId }]) {
      const a = buildReportHtml(history, sel).html
      const b = buildReportHtml(history, sel).html
      expect(a.length).toBeGreaterThan(10_000)
      expect(a === b).toBe(true)
    }
  })

  it('is self-contained: inline CSS and SVG, no scripts, nothing fetched', () => {
    const { html } = buildReportHtml(history, { runIds: [lbl, clsa] })
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`)
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|@import/i)
    expect(html).not.toMatch(/url\((?!#)/)
    expect(html.match(/https?:\/\/[^"\s]*/g)?.every((u) => u.startsWith('http://www.w3.org/'))).toBe(true)
    expect((html.match(/<svg /g) ?? []).length).toBe(3) // bars, utilization, stacked Gantts
    // Element ids are unique across the charts of one page.
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1])
    expect(new Set(ids).size).toBe(ids.length)
    for (const [, ref] of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(ref)
  })

  it('a run says what bounds its latency, outlines that layer in the Gantt and emphasizes its rows', () => {
    const { html } = buildReportHtml(history, { runIds: [clsa] })
    const r = history.results.get(clsa)
    const b = r.bottleneck!
    expect(html).toContain(`<th>Bottleneck</th><td>${b.line.replace(/>/g, '&gt;')}</td>`)
    expect(html).toContain(`<th>Critical path</th><td>${b.criticalPath.join(' › ')}</td>`)
    expect(html).toContain(`${b.layer} ▶`) // the Gantt's row label
    const layers = html.slice(html.indexOf('<section id="layers"'), html.indexOf('<section id="reproducibility"'))
    const hot = [...layers.matchAll(/<tr class="hot"><td class="num">(\d+)<\/td><td class="wrap">([^<]+)</g)].map((m) => [Number(m[1]), m[2]])
    const index = r.layers.findIndex((l) => l.name === b.layer)
    expect(hot).toEqual([
      [index, b.layer],
      [index, b.layer],
    ])
    expect(layers).toContain('Work and waits per MVM layer; ' + b.layer + ' bounds the latency')
  })

  it('escapes the user’s text and keeps the notes’ line breaks', () => {
    const { html } = buildReportHtml(history, { runIds: [clsa] })
    expect(html).toContain('Second line with &lt;tags&gt; &amp; &quot;quotes&quot;.')
    expect(html).not.toContain('<tags>')
    expect(html).toMatch(/\.notes-text \{ white-space: pre-wrap/)
  })

  it('repeats table headers on every page and sets the page size', () => {
    const { html: a4 } = buildReportHtml(history, { runIds: [clsa] })
    expect(a4).toContain('thead { display: table-header-group; }')
    expect(a4).toContain('@page { size: A4;')
    const { html: letter } = buildReportHtml(history, { runIds: [clsa] }, { pageSize: 'Letter' })
    expect(letter).toContain('@page { size: Letter;')
    expect(letter).toMatch(/@bottom-right \{ content: "Page " counter\(page\) " of " counter\(pages\)/)
  })

  it('buildReport returns the HTML file for the IPC layer to offer as a download', async () => {
    const r = await buildReport(history, { experimentId: sweepId }, { format: 'html', pageSize: 'A4' })
    expect(r.fileName).toBe(`cim-report-experiment-${sweepId}.html`)
    expect(r.mimeType).toMatch(/^text\/html/)
    expect(new TextDecoder().decode(r.bytes)).toContain('<!DOCTYPE html>')
    expect(reportFileName(loadReportInput(history, { runIds: [lbl, clsa] }), 'pdf')).toBe(`cim-report-runs-${lbl}-${clsa}.pdf`)
  })

  it('a long network keeps every layer row in one table', async () => {
    const exp = history.experiments.create({ name: 'deep' })
    const id = await storeRun(history, exp, spec(deepNetwork(40)))
    const { html } = buildReportHtml(history, { runIds: [id] })
    const table = html.slice(html.indexOf('<section id="layers"'), html.indexOf('<section id="reproducibility"'))
    expect((table.match(/<thead>/g) ?? []).length).toBe(2) // the layer table and the work-and-waits table, each one piece
    expect((table.match(/<tr[ >]/g) ?? []).length).toBe(124 + 1 + 82 + 1) // every layer, then the 82 MVM layers' work and waits
    expect(table.match(/<tr class="hot">/g)).toHaveLength(2) // the bottleneck layer in both
  })
})

describe('bad requests are one readable line', () => {
  const fails = (sel: Parameters<typeof loadReportInput>[1]) => () => loadReportInput(history, sel)
  it('unknown ids', () => {
    expect(fails({ runIds: [9999] })).toThrow(NotFoundError)
    expect(fails({ runIds: [9999] })).toThrow('no run with id 9999')
    expect(fails({ experimentId: 9999 })).toThrow('no experiment with id 9999')
  })
  it('runs without a result, too many or repeated runs, bad numbers', () => {
    expect(fails({ runIds: [queued] })).toThrow(new ReportError(`run ${queued} is queued: only finished runs have a result to report`))
    expect(fails({ runIds: [] })).toThrow(ReportError)
    expect(fails({ runIds: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).toThrow('a comparison takes at most 8 runs, got 9')
    expect(fails({ runIds: [lbl, lbl] })).toThrow(`run ${lbl} is listed twice`)
    expect(fails({ runIds: [1.5] })).toThrow('must be a whole number >= 1')
    const empty = history.experiments.create({ name: 'empty' })
    expect(fails({ experimentId: empty })).toThrow(`experiment ${empty} ("empty") has no finished run to report`)
  })
})
