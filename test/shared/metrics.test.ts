/** The metric catalog: the derived summary schema, the one formatter per figure, the stored columns and docs/metrics.md. */
import Database from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatMarkdown } from '../../scripts/docs/markdown'
import { METRICS_DOC, metricsMarkdown } from '../../scripts/docs/metrics'
import { runExperiment, withDefaults } from '../../src/main/core/pipeline'
import { migrate } from '../../src/main/db/migrate'
import { checkSummaryColumns, summaryAt } from '../../src/main/db/results'
import { RUN_SORT } from '../../src/main/db/runs-filter'
import type { ExperimentSpec } from '../../src/shared/experiment'
import { METRICS, STORED_METRICS, formatMetric, metric, metricRecord, metricValue, runMetricsSchema, runSummarySchema } from '../../src/shared/metrics'

const lenet = (o: Partial<ExperimentSpec> = {}) => withDefaults({ network: { zoo: 'lenet5' }, arch: { preset: 'clsa-cim' }, ...o })

describe('the run summary and metrics derived from the catalog', () => {
  it('the pipeline fills exactly the schema, weights written once and in reload mode', async () => {
    for (const spec of [lenet(), lenet({ chip: { pes: 3 }, inferences: 4 })]) {
      const r = await runExperiment(spec)
      expect(runSummarySchema.strict().parse(r.summary)).toEqual(r.summary)
      expect(runMetricsSchema.strict().parse(r.metrics)).toEqual(r.metrics)
    }
  })

  it('rejects a summary with a missing or mistyped figure, naming the field', async () => {
    const { summary } = await runExperiment(lenet())
    const { energyNj: _dropped, ...missing } = summary
    expect(runSummarySchema.safeParse(missing).error?.issues[0].path).toEqual(['energyNj'])
    expect(runSummarySchema.safeParse({ ...summary, pesChip: 2.5 }).error?.issues[0].path).toEqual(['pesChip'])
    expect(runSummarySchema.safeParse({ ...summary, lifetimeInferences: null }).success).toBe(true)
  })

  it('the summary carries the inferences streamed and the throughput n / latency (the batch in reload mode)', async () => {
    const one = await runExperiment(lenet())
    expect(one.summary.inferences).toBe(1)
    expect(one.summary.throughputPerS).toBe(1 / (one.summary.latencyNs * 1e-9))
    const batch = await runExperiment(lenet({ chip: { pes: 3 }, inferences: 4 }))
    expect(batch.endurance.reloadMode).toBe(true)
    expect(batch.summary.inferences).toBe(4)
    expect(batch.summary.throughputPerS).toBe(4 / (batch.summary.latencyNs * 1e-9))
    expect(batch.metrics).not.toHaveProperty('throughputInfPerS')
    expect(runSummarySchema.safeParse({ ...one.summary, inferences: 0 }).error?.issues[0].path).toEqual(['inferences'])
  })

  it('throughput is a stored headline figure of the summary; the inferences a stored figure shown in the full tables only', () => {
    expect(metric('throughputPerS')).toMatchObject({ section: 'summary', column: 'throughput_per_s', headline: true, better: 'higher', unit: 'inferences/s' })
    expect(metric('inferences')).toMatchObject({ section: 'summary', column: 'inferences', better: null, unit: 'inferences' })
    expect(metric('inferences').headline).toBeUndefined()
    expect(METRICS.filter((m) => m.label === 'Throughput')).toHaveLength(1)
  })

  it('every summary figure is a stored column and every stored column a summary figure', () => {
    const summaryKeys = METRICS.filter((m) => m.section === 'summary').map((m) => m.key)
    expect(STORED_METRICS.map((m) => m.key)).toEqual(summaryKeys)
    expect(summaryKeys).toContain('energyNj')
    expect(new Set(STORED_METRICS.map((m) => m.column)).size).toBe(summaryKeys.length)
  })
})

describe('one formatter per figure', () => {
  it('formats each figure with its unit', () => {
    expect(formatMetric(metric('latencyOverLowerBound'), 1.17456)).toBe('1.175')
    expect(formatMetric(metric('speedupVsBaseline'), 35.67)).toBe('35.7×')
    expect(formatMetric(metric('latencySteps'), 232_882)).toBe('232,882 steps')
    expect(formatMetric(metric('latencyNs'), 2_536_000)).toBe('2.54 ms')
    expect(formatMetric(metric('utilizationChip'), 0.379)).toBe('37.9 %')
    expect(formatMetric(metric('energyNj'), 288_288)).toBe('288 µJ')
    expect(formatMetric(metric('pesChip'), 1)).toBe('1 PE')
    expect(formatMetric(metric('totalCellWrites'), 6_559_328)).toBe('6.56 M cells')
    expect(formatMetric(metric('throughputPerS'), 59_523.8)).toBe('59,524 inferences/s')
    expect(formatMetric(metric('inferences'), 1024)).toBe('1,024')
    expect(formatMetric(metric('lifetimeInferences'), null)).toBe('unlimited')
    expect(formatMetric(metric('lifetimeInferences'), 2.5e9)).toBe('2.5 G inferences')
  })

  it('an export record carries what ran and every figure as a raw number', async () => {
    const r = await runExperiment(lenet({ chip: { pes: 3 } }))
    const record = metricRecord(r)
    expect(Object.keys(record)).toEqual(['model', 'schedule', 'dup', 'bottleneckLayer', ...METRICS.map((m) => m.key)])
    expect(record).toMatchObject({
      model: 'lenet5',
      bottleneckLayer: 'conv1',
      energyNj: r.summary.energyNj,
      throughputPerS: r.summary.throughputPerS,
      inferences: 1,
    })
    expect(record.lifetimeYears).toBe(r.endurance.lifetimeYears)
  })
})

describe('the stored summary columns', () => {
  it('migration 001 created a column for every stored figure, nullable exactly for the lifetime (and the bottleneck layer of migration 6)', () => {
    const db = new Database(':memory:')
    migrate(db)
    expect(() => checkSummaryColumns(db)).not.toThrow()
    const nullable = (db.pragma('table_info(results)') as { name: string; notnull: number }[]).filter((c) => c.notnull === 0).map((c) => c.name)
    expect(nullable).toEqual(['run_id', 'lifetime_inferences', 'bottleneck_layer'])
    db.close()
  })

  it('a figure without its column is refused at startup with a clear message', () => {
    const db = new Database(':memory:')
    db.exec('CREATE TABLE results (run_id INTEGER PRIMARY KEY, model TEXT NOT NULL, latency_steps REAL NOT NULL)')
    expect(() => checkSummaryColumns(db)).toThrow('the results table has no column latency_ns for the figure latencyNs: add a migration that creates it')
    db.close()
  })

  it('a result stored before a figure existed shows it as missing', async () => {
    const r = await runExperiment(lenet())
    const { energyNj: _dropped, ...older } = r.summary
    expect(formatMetric(metric('energyNj'), metricValue(metric('energyNj'), { ...r, summary: older as typeof r.summary }))).toBe('–')
  })

  it('listings read a summary back from its columns and sort on every stored figure', async () => {
    const { summary } = await runExperiment(lenet({ chip: { pes: 3 } }))
    expect(summary.bottleneckLayer).toBe('conv1')
    const row = ['x', summary.model, summary.bottleneckLayer, ...STORED_METRICS.map((m) => summary[m.key])]
    expect(summaryAt(row, 1, summary.schedule, summary.dup)).toEqual(summary)
    expect(summaryAt(['x', null], 1, 'clsa', 'none')).toBeNull()
    expect(RUN_SORT.speedupVsBaseline).toBe('res.speedup')
    for (const m of STORED_METRICS) expect(RUN_SORT[m.key]).toBe(`res.${m.column}`)
  })
})

describe('docs/metrics.md', () => {
  it('is generated from the catalog (npm run docs)', async () => {
    expect(readFileSync(METRICS_DOC, 'utf8')).toBe(await formatMarkdown(metricsMarkdown(), METRICS_DOC))
  })
})
