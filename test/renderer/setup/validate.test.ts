import { describe, expect, it } from 'vitest'
import { defaultDraft, type RunDraft } from '../../../src/renderer/src/setup/draft'
import { draftErrors, rangeError } from '../../../src/renderer/src/setup/validate'
import { TINYYOLOV4 } from '../fixtures/zoo'

const yolo = TINYYOLOV4
const draft = (over: Partial<RunDraft>): RunDraft => ({ ...defaultDraft(), ...over })

describe('draftErrors', () => {
  it('accepts the defaults', () => {
    expect(draftErrors(defaultDraft(), yolo)).toEqual([])
  })

  it('checks the lifetime target only when it is on, each field against the spec schema’s range', () => {
    const bad = { lifetimeYears: 0, maxBatchLatency: 2, maxBatchLatencyUnit: 's' as const, maxBatch: 0 }
    expect(draftErrors(draft(bad), yolo)).toEqual([])
    expect(draftErrors(draft({ ...bad, lifetime: true }), yolo)).toEqual([
      { field: 'lifetimeYears', message: 'must be a number above 0 and at most 1,000' },
      { field: 'maxBatch', message: 'must be a whole number from 1 to 1,000,000' },
    ])
    expect(draftErrors(draft({ lifetime: true, lifetimeYears: null, maxBatchLatency: 2, maxBatchLatencyUnit: 'ms' }), yolo)).toEqual([
      { field: 'lifetimeYears', message: 'required: a number above 0 and at most 1,000' },
    ])
    expect(draftErrors(draft({ lifetime: true, maxBatchLatency: 2, maxBatchLatencyUnit: 's' }), yolo)).toEqual([])
    expect(draftErrors(draft({ lifetime: true, maxBatchLatency: 2, maxBatchLatencyUnit: 's', maxBatch: 1e6 }), yolo)).toEqual([])
    expect(draftErrors(draft({ lifetime: true, maxBatchLatency: 7200, maxBatchLatencyUnit: 's' }), yolo)).toEqual([
      { field: 'maxBatchLatency', message: 'must be a time above 0 and at most 1 hour (or empty: no limit)' },
    ])
  })

  it("refuses an input size that is not a multiple of the model's, suggesting the nearest", () => {
    expect(draftErrors(draft({ inputH: 100, inputW: 100 }), yolo)).toEqual([
      { field: 'inputH', message: 'tinyyolov4 needs a multiple of 32 (e.g. 96 or 128)' },
      { field: 'inputW', message: 'tinyyolov4 needs a multiple of 32 (e.g. 96 or 128)' },
    ])
    expect(draftErrors(draft({ inputH: 96, inputW: 128 }), yolo)).toEqual([])
    expect(draftErrors(draft({ inputH: 16, inputW: 32 }), yolo)[0].message).toBe('tinyyolov4 needs a multiple of 32 (e.g. 32)')
    expect(draftErrors(draft({ inputH: 100, inputW: 100 }), { ...yolo, inputMultiple: 1 })).toEqual([])
  })

  it('wants both sides of the input size or neither', () => {
    expect(draftErrors(draft({ inputH: 128, inputW: null }), yolo)).toEqual([
      { field: 'inputW', message: "required with the height (or clear both for the network's default)" },
    ])
  })

  it('refuses chip sizes <= 0 with the allowed range instead of clamping them', () => {
    expect(draftErrors(draft({ chipSizing: 'pes', chipPes: -5 }), yolo)).toEqual([
      { field: 'chipPes', message: 'must be a whole number from 1 to 100,000,000' },
    ])
    expect(draftErrors(draft({ chipSizing: 'pes', chipPes: 0 }), yolo)[0].field).toBe('chipPes')
    expect(draftErrors(draft({ chipSizing: 'extraPes', extraPes: -1 }), yolo)).toEqual([
      { field: 'extraPes', message: 'must be a whole number from 0 to 10,000,000' },
    ])
    expect(draftErrors(draft({ chipSizing: 'extraPes', extraPes: 0 }), yolo)).toEqual([])
    // the chip size the architecture gives is not checked here
    expect(draftErrors(draft({ chipSizing: 'architecture', chipPes: -5 }), yolo)).toEqual([])
  })

  it('refuses empty, fractional and out-of-range inferences and rates', () => {
    expect(rangeError('inferences', 0)).toBe('must be a whole number from 1 to 1,000,000')
    expect(rangeError('inferences', 2.5)).toBe('must be a whole number from 1 to 1,000,000')
    expect(rangeError('inferences', 1_000_001)).toBe('must be a whole number from 1 to 1,000,000')
    expect(rangeError('inferences', null)).toBe('required: a whole number from 1 to 1,000,000')
    expect(rangeError('inferenceRate', 0)).toBe('must be a number above 0 and at most 1,000,000,000,000')
    expect(rangeError('inferenceRate', 0.5)).toBeNull()
  })
})
