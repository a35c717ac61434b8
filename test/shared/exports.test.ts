import { describe, expect, it } from 'vitest'
import { runExperiment } from '../../src/main/core/pipeline'
import { specSchema } from '../../src/shared/schemas/spec'
import { recordsCsv } from '../../src/shared/csv'
import { layerRecord, resultRecord } from '../../src/shared/exports'
import { METRICS } from '../../src/shared/metrics'

describe('CSV exports', () => {
  it('a compared run holds its id, label, chip, crossbar, extra PEs and every figure of the catalog as raw numbers', async () => {
    const r = await runExperiment(specSchema.parse({ network: { zoo: 'lenet5' }, arch: { preset: 'clsa-cim' }, chip: { extraPes: 8 } }))
    const record = resultRecord(7, '#7 +8 PEs', r)
    expect(Object.keys(record)).toEqual([
      'id',
      'label',
      'model',
      'schedule',
      'dup',
      'chip',
      'crossbar',
      'extraPes',
      'bottleneckLayer',
      ...METRICS.map((m) => m.key),
    ])
    expect(record).toMatchObject({ id: 7, model: 'lenet5', chip: 'clsa-cim', crossbar: '256x256', extraPes: 8, pesChip: 14, energyNj: r.summary.energyNj })
    const csv = recordsCsv([record])
    expect(csv.split('\r\n')[1]).toMatch(/^7,#7 \+8 PEs,lenet5,clsa,greedy,clsa-cim,256x256,8,/)
  })

  it('a layer row flattens the output shape and keeps every per-layer figure', async () => {
    const r = await runExperiment(specSchema.parse({ network: { zoo: 'lenet5' }, arch: { preset: 'clsa-cim' } }))
    const rows = r.layers.map(layerRecord)
    expect(rows[0]).toEqual({
      index: 0,
      name: r.layers[0].name,
      kind: 'conv',
      outC: 6,
      outH: 28,
      outW: 28,
      ...Object.fromEntries(Object.entries(r.layers[0]).filter(([k]) => !['name', 'kind', 'out'].includes(k))),
    })
    expect(rows.map((l) => l.endSteps)).toEqual(r.layers.map((l) => l.endSteps))
  })
})
