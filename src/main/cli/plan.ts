/** `run --lifetime-years`: the spec's lifetime target from the options. */
import { MAX_INFERENCES, type LifetimeTarget } from '../../shared/schemas/spec'
import { UsageError, intOption } from './spec-options'

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9 }

export interface PlanOptions {
  lifetimeYears?: string
  maxBatchLatency?: string
  maxBatch?: string
  svg?: string
}

/** A positive number of years. */
function yearsOption(value: string): number {
  const y = Number(value)
  if (!value.trim() || !Number.isFinite(y) || y <= 0 || y > 1000)
    throw new UsageError(`--lifetime-years ${JSON.stringify(value)}: must be a number of years in (0, 1000]`)
  return y
}

/** A time with a unit (ns, us, ms, s), in ns. */
export function timeOption(flag: string, value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*(ns|us|ms|s)\s*$/i.exec(value)
  if (!m || Number(m[1]) <= 0) throw new UsageError(`${flag} ${JSON.stringify(value)}: give a time > 0 with a unit, e.g. 2s, 500ms, 800us`)
  return Number(m[1]) * UNIT_NS[m[2].toLowerCase()]
}

/** The lifetime target of --lifetime-years [--max-batch-latency] [--max-batch], or undefined without --lifetime-years. */
export function lifetimeTargetOption(o: PlanOptions): LifetimeTarget | undefined {
  if (o.lifetimeYears === undefined) {
    const stray = (['maxBatchLatency', 'maxBatch', 'svg'] as const).find((k) => o[k] !== undefined)
    if (stray) throw new UsageError(`--${stray.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs --lifetime-years`)
    return undefined
  }
  return {
    years: yearsOption(o.lifetimeYears),
    ...(o.maxBatchLatency !== undefined && { maxBatchLatencyNs: timeOption('--max-batch-latency', o.maxBatchLatency) }),
    ...(o.maxBatch !== undefined && { maxBatch: intOption('--max-batch', o.maxBatch, 1, MAX_INFERENCES) }),
  }
}
