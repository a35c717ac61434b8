/** The report of a run planned for a lifetime target: its plan section with the plan view and the plan tables. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { History } from '../../src/main/db'
import { buildReportModel, loadReportInput, renderReportHtml } from '../../src/main/report'
import { removeTempDirs, spec, storeRun, tempHistory } from './helpers'

let history: History
let planned: number
let plain: number

beforeAll(async () => {
  history = tempHistory().history
  const exp = history.experiments.create({ name: 'reload plans' })
  planned = await storeRun(history, exp, spec('lenet5', { chip: { pes: 2 }, lifetimeTarget: { years: 1, maxBatch: 64 } }))
  plain = await storeRun(history, exp, spec('lenet5', { chip: { pes: 2 } }))
})

afterAll(() => {
  history.close()
  removeTempDirs()
})

describe('report of a planned run', () => {
  it('has a plan section: what was asked, the plan view, every candidate against today’s, the chosen segments', () => {
    const input = loadReportInput(history, { runIds: [planned] })
    const r = input.runs[0].result
    const model = buildReportModel(input)
    const ids = model.sections.map((s) => s.id)
    expect(ids.indexOf('plan')).toBe(ids.indexOf('endurance') + 1)
    const [text, chart, candidates, segments] = model.sections.find((s) => s.id === 'plan')!.blocks
    expect(text).toMatchObject({ type: 'text' })
    expect((text as { text: string }).text).toContain('lasts 1 year (946,728,000 inferences at 30 inferences/s), with batches of at most 64 inferences')
    expect(chart).toMatchObject({ type: 'chart', height: 560 })
    expect(candidates.type === 'table' && candidates.rows.map((row) => row.slice(0, 3))).toEqual([
      ...r.plan!.candidates.map((c) => [c.segments.length === r.plan!.segments.length ? 'chosen ▲' : 'candidate', '64', String(c.segments.length)]),
      ['today (one copy each, cut where the chip fills)', '64', '3'],
    ])
    expect(segments.type === 'table' && segments.rows).toEqual([
      ['1', 'conv1', '1', '2', '0–1', '20.1 ms'],
      ['2', 'conv2', '1', '2', '0–1', '2.56 ms'],
      ['3', 'fc1', '1', '1', '0–1', '51.2 µs'],
      ['4', 'fc2 … fc3', '2', '2', '0–1', '52 µs'],
    ])
    const strategy = model.sections.find((s) => s.id === 'strategy')!.blocks[0]
    expect(strategy.type === 'keyValues' && Object.fromEntries(strategy.rows)['Inferences']).toBe(
      "64 per programming (the reload plan's batch for a lifetime of 1 year)",
    )
    const html = renderReportHtml(model)
    expect(html).toContain('Reload plan: lenet5 on 2 PEs')
    expect(html).toContain('Reload plan for a lifetime target')
  })

  it('a run without a lifetime target has no plan section', () => {
    expect(buildReportModel(loadReportInput(history, { runIds: [plain] })).sections.map((s) => s.id)).not.toContain('plan')
  })
})
