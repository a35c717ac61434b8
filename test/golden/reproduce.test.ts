/**
 * Golden figures: `cim reproduce` for every row of docs/validation.md, compared exactly with the
 * checked-in file, and the docs table compared with that file. `npm run docs` regenerates both.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatMarkdown } from '../../scripts/docs/markdown'
import { GOLDEN_FILE, NOC_GOLDEN_FILE, VALIDATION_DOC, nocValidationDoc, validationDoc } from '../../scripts/docs/validation'
import { reproduce, type ReproduceRow } from '../../src/main/cli/experiments'
import { reproduceNoc, type NocRow } from '../../src/main/cli/reproduce-noc'

const golden = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as ReproduceRow[]
const nocGolden = JSON.parse(readFileSync(NOC_GOLDEN_FILE, 'utf8')) as NocRow[]

describe('golden figures of cim reproduce', () => {
  it('cover every zoo network at 0 to 256 extra PEs', () => {
    expect(golden).toHaveLength(48)
    expect(golden.find((r) => r.model === 'tinyyolov4' && r.extraPes === 32)).toMatchObject({
      pesChip: 149,
      baselineLatencySteps: 113_061,
      latencySteps: 4_109,
    })
  })

  it('the computation gives exactly the golden numbers', async () => {
    expect(await reproduce()).toEqual(golden)
  })

  it('the table of docs/validation.md is the golden numbers', async () => {
    const doc = readFileSync(VALIDATION_DOC, 'utf8')
    expect(doc).toBe(await formatMarkdown(validationDoc(doc, golden), VALIDATION_DOC))
  })
})

describe('golden figures of the data-movement table (CLSA-CIM + greedy against layer-by-layer over the mesh)', () => {
  it('cover every zoo network at 0/16/64/256 extra PEs, and the free-movement speedups are the reproduce ones', () => {
    expect(nocGolden).toHaveLength(32)
    for (const r of nocGolden) {
      const free = golden.find((g) => g.model === r.model && g.extraPes === r.extraPes)!
      expect(r.speedupFree).toBeCloseTo(free.speedup, 12)
      expect(r.latencySteps).toBeGreaterThanOrEqual(free.latencySteps)
      expect(r.baselineLatencySteps).toBeGreaterThanOrEqual(free.baselineLatencySteps)
    }
    expect(nocGolden.find((r) => r.model === 'tinyyolov4' && r.extraPes === 64)).toMatchObject({ nocBytes: 6_148_576 })
  })

  it('the computation gives exactly the golden numbers', async () => {
    expect(await reproduceNoc()).toEqual(nocGolden)
  })

  it('the data-movement table of docs/validation.md is the golden numbers', async () => {
    const doc = readFileSync(VALIDATION_DOC, 'utf8')
    expect(doc).toBe(await formatMarkdown(nocValidationDoc(doc, nocGolden), VALIDATION_DOC))
  })
})
