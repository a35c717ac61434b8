/**
 * Checks of the run setup form before a job starts: each number against the range the runs.start
 * schema accepts (src/shared/ipc.ts, so the limits are written once), and a zoo network's input
 * against its size constraint. Empty or out-of-range values are refused with the reason, never clamped.
 */
import { networkRefSchema, runRequestSchema, type ZooModel } from '../../../shared/ipc'
import { TIME_UNIT_NS, type RunDraft } from './draft'

/** The draft fields the form checks. */
export type DraftField = 'inputH' | 'inputW' | 'chipPes' | 'extraPes' | 'inferences' | 'inferenceRate' | 'lifetimeYears' | 'maxBatchLatency' | 'maxBatch'

export interface DraftError {
  field: DraftField
  message: string
}

interface Range {
  minValue: number | null
  maxValue: number | null
  isInt: boolean | null
}

const run = runRequestSchema.shape
const [pesChip, extraChip] = run.chip.unwrap().options
const zooInput = networkRefSchema.options[0].shape.input.unwrap().shape
const lifetime = run.lifetimeTarget.unwrap().shape

const LIMITS: Record<DraftField, Range> = {
  inputH: zooInput.h,
  inputW: zooInput.w,
  chipPes: pesChip.shape.pes,
  extraPes: extraChip.shape.extraPes,
  inferences: run.inferences,
  inferenceRate: run.inferenceRate,
  lifetimeYears: lifetime.years,
  maxBatchLatency: lifetime.maxBatchLatencyNs.unwrap(),
  maxBatch: lifetime.maxBatch.unwrap(),
}

const grouped = (n: number) => n.toLocaleString('en-US')

/** Why `value` is not allowed for `field` ("must be a whole number from 1 to 256"), or null when it is. */
export function rangeError(field: DraftField, value: number | null): string | null {
  const { minValue, maxValue, isInt } = LIMITS[field]
  const range =
    isInt && minValue !== null && maxValue !== null
      ? `a whole number from ${grouped(minValue)} to ${grouped(maxValue)}`
      : `a number above ${grouped(minValue ?? 0)} and at most ${grouped(maxValue ?? Infinity)}`
  if (value === null || !Number.isFinite(value)) return `required: ${range}`
  const outside = (minValue !== null && (isInt ? value < minValue : value <= minValue)) || (maxValue !== null && value > maxValue)
  return outside || (isInt && !Number.isInteger(value)) ? `must be ${range}` : null
}

/** The input size error of a zoo network: both sides or neither, each in range and a multiple of the model's. */
function inputErrors(d: RunDraft, zoo: ZooModel | undefined): DraftError[] {
  if (d.inputH === null && d.inputW === null) return []
  const errors: DraftError[] = []
  for (const field of ['inputH', 'inputW'] as const) {
    const value = d[field]
    const other = field === 'inputH' ? 'width' : 'height'
    const message =
      value === null
        ? `required with the ${other} (or clear both for the network's default)`
        : (rangeError(field, value) ??
          (zoo && zoo.inputMultiple > 1 && value % zoo.inputMultiple
            ? `${zoo.name} needs a multiple of ${zoo.inputMultiple} (e.g. ${nearestMultiples(value, zoo.inputMultiple)})`
            : null))
    if (message) errors.push({ field, message })
  }
  return errors
}

function nearestMultiples(value: number, m: number): string {
  const below = Math.floor(value / m) * m
  return below > 0 ? `${below} or ${below + m}` : `${m}`
}

/** Every error of the draft's fields, in form order (empty when the run can start). */
export function draftErrors(d: RunDraft, zoo: ZooModel | undefined): DraftError[] {
  const errors = d.networkSource === 'zoo' ? inputErrors(d, zoo) : []
  const check = (field: DraftField, value: number | null) => {
    const message = rangeError(field, value)
    if (message) errors.push({ field, message })
  }
  if (d.chipSizing === 'pes') check('chipPes', d.chipPes)
  if (d.chipSizing === 'extraPes') check('extraPes', d.extraPes)
  check('inferences', d.inferences)
  check('inferenceRate', d.inferenceRate)
  if (d.lifetime) {
    check('lifetimeYears', d.lifetimeYears)
    if (d.maxBatchLatency !== null && rangeError('maxBatchLatency', d.maxBatchLatency * TIME_UNIT_NS[d.maxBatchLatencyUnit]))
      errors.push({ field: 'maxBatchLatency', message: 'must be a time above 0 and at most 1 hour (or empty: no limit)' })
    if (d.maxBatch !== null) check('maxBatch', d.maxBatch)
  }
  return errors
}

/** Labels of the fields, for the one-line reason the Run button gives. */
export const DRAFT_FIELD_LABELS: Record<DraftField, string> = {
  inputH: 'Input height',
  inputW: 'Input width',
  chipPes: 'Chip PEs',
  extraPes: 'Extra PEs',
  inferences: 'Inferences',
  inferenceRate: 'Inference rate',
  lifetimeYears: 'Lifetime target',
  maxBatchLatency: 'Max batch latency',
  maxBatch: 'Max batch',
}
