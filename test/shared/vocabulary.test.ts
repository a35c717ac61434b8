/** The vocabulary in src/shared: spec and request schemas against the registry, the formulas, canonical JSON. */
import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../../src/shared/canonical-json'
import { chipTiles, copyOf, mvmCycles, mvmLatencyNs, slicesPerWeight, tileOf } from '../../src/shared/formulas'
import { runRequestSchema, sweepGridSchema } from '../../src/shared/ipc'
import { specSchema } from '../../src/shared/schemas/spec'
import { presetArchitecture } from '../../src/main/core/arch/presets'
import { simulate } from '../../src/main/core/schedule/simulate'
import { zooRun } from '../helpers/specs'
import { DUPLICATION_STRATEGIES, SCHEDULES } from '../../src/shared/strategies'

const messages = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)

describe('names from the registry', () => {
  it('a spec with an unknown strategy or schedule is a validation error naming the allowed names', () => {
    const spec = { network: { zoo: 'lenet5' }, arch: { preset: 'clsa-cim' } }
    const oneOf = (names: readonly string[]) => `Invalid option: expected one of ${names.map((n) => `"${n}"`).join('|')}`
    expect(oneOf(SCHEDULES)).toBe('Invalid option: expected one of "layer-by-layer"|"clsa"')
    expect(messages(specSchema.safeParse({ ...spec, duplication: 'minmax' }))).toEqual([`duplication: ${oneOf(DUPLICATION_STRATEGIES)}`])
    expect(messages(specSchema.safeParse({ ...spec, schedule: 'stream' }))).toEqual([`schedule: ${oneOf(SCHEDULES)}`])
    expect(specSchema.parse(spec)).toMatchObject({ duplication: 'greedy', schedule: 'clsa', granularity: 'pixel', inferences: 1, inferenceRate: 30 })
  })

  it('IPC requests take exactly the registry names', () => {
    const run = zooRun('lenet5', { duplication: 'optimal' })
    expect(runRequestSchema.safeParse(run).success).toBe(true)
    expect(runRequestSchema.safeParse({ ...run, duplication: 'min-max' }).success).toBe(false)
    expect(sweepGridSchema.safeParse({ extraPes: [0], duplication: ['none', 'greedy', 'optimal'], schedule: ['clsa', 'layer-by-layer'] }).success).toBe(true)
    expect(sweepGridSchema.safeParse({ extraPes: [0], duplication: ['search'], schedule: ['clsa'] }).success).toBe(false)
  })

  it('the simulation refuses a schedule it has no rule for', () => {
    expect(() =>
      simulate({ sets: [], copies: [], pes: [], digitalSteps: 0, assignment: 'interleaved', inferences: 1, segments: [], mode: 'stream' as 'clsa' }),
    ).toThrow('unknown schedule "stream": choose one of layer-by-layer, clsa, unbounded')
  })
})

describe('formulas', () => {
  it('MVM cycles and latency, slices per weight, tiles (cim-model.md sections 2 and 3)', () => {
    const clsa = presetArchitecture('clsa-cim')
    const isaac = presetArchitecture('isaac')
    expect([mvmCycles(clsa), mvmLatencyNs(clsa), slicesPerWeight(clsa)]).toEqual([8, 800, 1])
    expect([mvmCycles(isaac), mvmLatencyNs(isaac), slicesPerWeight(isaac)]).toEqual([16, 1600, 8])
    expect(slicesPerWeight({ ...isaac, differential: true })).toBe(16)
    expect(mvmCycles({ inputBits: 8, dacBits: 3 })).toBe(3)
    expect([chipTiles({ chipPes: 16128, pesPerTile: 96 }), chipTiles({ chipPes: 97, pesPerTile: 96 })]).toEqual([168, 2])
    expect([tileOf(95, 96), tileOf(96, 96)]).toEqual([0, 1])
  })

  it('copy assignment: interleaved deals set i to copy i mod d, block in runs of ceil(S / d)', () => {
    const sets = 10
    expect(Array.from({ length: sets }, (_, i) => copyOf(i, sets, 3, 'interleaved'))).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0])
    expect(Array.from({ length: sets }, (_, i) => copyOf(i, sets, 3, 'block'))).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2])
  })
})

describe('canonical JSON', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}')
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }))
  })
})
