import { describe, expect, it } from 'vitest'
import { defaultDraft, defaultSweep, parseIntList, parseShape, toRunRequest, toSweepGrid } from '../../../src/renderer/src/setup/draft'
import { PRESET } from '../fixtures/architecture'
import { zooRun } from '../../helpers/specs'

describe('the run setup draft', () => {
  it('asks for TinyYOLOv4 on the CLSA-CIM preset with CLSA + greedy by default', () => {
    expect(toRunRequest(defaultDraft())).toEqual(zooRun('tinyyolov4'))
  })

  it('names imported networks, saved or edited chips and the chip size', () => {
    const d = {
      ...defaultDraft(),
      networkSource: 'imported' as const,
      networkId: 7,
      archSource: 'saved' as const,
      architectureId: 3,
      chipSizing: 'extraPes' as const,
      extraPes: 32,
    }
    expect(toRunRequest(d)).toMatchObject({ network: { networkId: 7 }, arch: { architectureId: 3 }, chip: { extraPes: 32 } })
    const edited = {
      ...defaultDraft(),
      inputH: 320,
      inputW: 320,
      archSource: 'edited' as const,
      architecture: PRESET,
      chipSizing: 'pes' as const,
      chipPes: 512,
    }
    expect(toRunRequest(edited)).toMatchObject({
      network: { zoo: 'tinyyolov4', input: { h: 320, w: 320 } },
      arch: { architecture: PRESET },
      chip: { pes: 512 },
    })
  })

  it('asks for a lifetime target only when it is on: years, the batch latency in ns and the batch limit when given', () => {
    const d = { ...defaultDraft(), lifetimeYears: 2, maxBatchLatency: 1.5, maxBatch: 64 }
    expect(toRunRequest(d)).not.toHaveProperty('lifetimeTarget')
    expect(toRunRequest({ ...d, lifetime: true }).lifetimeTarget).toEqual({ years: 2, maxBatchLatencyNs: 1.5e6, maxBatch: 64 })
    expect(toRunRequest({ ...d, lifetime: true, maxBatchLatencyUnit: 's', maxBatch: null }).lifetimeTarget).toEqual({ years: 2, maxBatchLatencyNs: 1.5e9 })
    expect(toRunRequest({ ...d, lifetime: true, maxBatchLatency: null }).lifetimeTarget).toEqual({ years: 2, maxBatch: 64 })
  })

  it('says what is missing', () => {
    expect(() => toRunRequest({ ...defaultDraft(), lifetime: true, lifetimeYears: null })).toThrow('give the lifetime target in years')
    expect(() => toRunRequest({ ...defaultDraft(), networkSource: 'imported' })).toThrow('choose an imported network')
    expect(() => toRunRequest({ ...defaultDraft(), archSource: 'saved' })).toThrow('choose a saved architecture')
  })
})

describe('parsing the text fields', () => {
  it('reads input shapes', () => {
    expect(parseShape('1x3x224x224')).toEqual({ shape: [1, 3, 224, 224] })
    expect(parseShape(' 3, 32 ,32 ')).toEqual({ shape: [3, 32, 32] })
    expect(parseShape('')).toEqual({})
    expect(parseShape('1x3xAx4').error).toBe('each dimension must be a whole number in 1..65536')
    expect(parseShape('224').error).toBe('give 2 to 4 dimensions, e.g. 1x3x224x224')
  })

  it('reads lists of extra PEs, sorted without repeats', () => {
    expect(parseIntList('64, 0 16;16', 0, 100)).toEqual({ values: [0, 16, 64] })
    expect(parseIntList('0, 12a', 0, 100).error).toBe('"12a" is not a whole number in 0..100')
    expect(parseIntList(' ', 0, 100).error).toBe('give at least one value')
  })
})

describe('the sweep grid', () => {
  it('counts every combination', () => {
    const plan = toSweepGrid({ ...defaultSweep(), extraPes: '0, 32, 64', crossbarSizes: [128, 256] })
    expect(plan.grid).toEqual({ extraPes: [0, 32, 64], duplication: ['none', 'greedy'], schedule: ['layer-by-layer', 'clsa'], crossbarSizes: [128, 256] })
    expect(plan.runs).toBe(24)
  })

  it('names the first problem', () => {
    expect(toSweepGrid({ ...defaultSweep(), extraPes: '-1' }).error).toBe('extra PEs: "-1" is not a whole number in 0..10000000')
    expect(toSweepGrid({ ...defaultSweep(), duplication: [] }).error).toBe('choose at least one duplication strategy')
    expect(toSweepGrid({ ...defaultSweep(), schedule: [] }).error).toBe('choose at least one schedule')
  })
})
