import { describe, expect, it } from 'vitest'
import { layerResultSchema, resultSchema } from '../../src/shared/schemas/result'
import { tinyResult } from '../renderer/fixtures/results'
import { runExperiment, withDefaults } from '../../src/main/core/pipeline'

describe('layer result schema', () => {
  it('loads a layer of an older result, stored without its cell writes, with 0 cell writes', () => {
    const { cellWrites: _dropped, ...older } = tinyResult().layers[0]
    expect(layerResultSchema.parse(older).cellWrites).toBe(0)
    expect(layerResultSchema.parse({ ...older, cellWrites: 200 }).cellWrites).toBe(200)
  })
})

/** A real result: LeNet-5 on the CLSA-CIM-like chip, one inference. */
const real = runExperiment(withDefaults({ network: { zoo: 'lenet5' }, arch: { preset: 'clsa-cim' } }))

describe('result schema', () => {
  it('reads a current result as it is', async () => {
    const r = await real
    expect(resultSchema.parse(r)).toEqual(r)
  })

  it('upgrades a result of an older version: inferences from the spec, the throughput from metrics.throughputInfPerS', async () => {
    const r = await real
    const { inferences: _i, throughputPerS: _t, ...summary } = r.summary
    const older = { ...r, spec: { ...r.spec, inferences: 2 }, summary, metrics: { ...r.metrics, throughputInfPerS: 62_500 } }
    const read = resultSchema.parse(older)
    expect(read.summary).toEqual({ ...r.summary, inferences: 2, throughputPerS: 62_500 })
    expect(read.metrics).toEqual(r.metrics) // the old key is dropped
  })

  it('without the old figure the throughput is inferences / latency; a spec without inferences means one', async () => {
    const r = await real
    expect(r.summary.latencyNs).toBe(16_800)
    const { inferences: _i, throughputPerS: _t, ...summary } = r.summary
    const { inferences: _s, ...spec } = r.spec
    expect(resultSchema.parse({ ...r, summary, spec: { ...spec, inferences: 4 } }).summary).toMatchObject({
      inferences: 4,
      throughputPerS: 4 / (16_800 * 1e-9),
    })
    expect(resultSchema.parse({ ...r, summary, spec }).summary).toMatchObject({ inferences: 1, throughputPerS: 1 / (16_800 * 1e-9) })
  })

  it('a result that is no result is refused by the schema, not by the upgrade', () => {
    expect(resultSchema.safeParse(null).success).toBe(false)
    expect(resultSchema.safeParse({ summary: 3 }).error?.issues.map((i) => i.path[0])).toContain('summary')
  })
})
