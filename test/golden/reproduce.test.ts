/**
 * Golden figures: `cim reproduce` for every row of docs/validation.md, compared exactly with the
 * checked-in file, and the docs table compared with that file. `npm run docs` regenerates both.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatMarkdown } from '../../scripts/docs/markdown'
import { GOLDEN_FILE, VALIDATION_DOC, validationDoc } from '../../scripts/docs/validation'
import { reproduce, type ReproduceRow } from '../../src/main/cli/experiments'

const golden = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as ReproduceRow[]

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
