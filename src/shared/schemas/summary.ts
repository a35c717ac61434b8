/** The headline numbers of a run (the `summary` of `cim run --json`), as stored and exchanged; meanings in cim-model.md section 7. */
import { z } from 'zod'
import type { RunSummary } from '../experiment'
import { DUPLICATION_STRATEGIES, SCHEDULES } from '../strategies'

const num = z.number()
const count = z.number().int().min(0)

export const runSummarySchema = z.strictObject({
  model: z.string(),
  schedule: z.enum(SCHEDULES),
  dup: z.enum(DUPLICATION_STRATEGIES),
  pesChip: z.number().int().min(1),
  pesAllocated: count,
  pesMinimum: count,
  latencySteps: num.min(0),
  latencyNs: num.min(0),
  lowerBoundSteps: num.min(0),
  utilizationChip: num.min(0),
  utilizationAllocated: num.min(0),
  speedupVsBaseline: num.positive(),
  totalCellWrites: num.min(0),
  writesPerInference: num.min(0),
  lifetimeInferences: num.nullable(),
  energyNj: num.min(0),
})

// Compile-time check: what the schema accepts is a RunSummary.
const _fits = (s: z.infer<typeof runSummarySchema>): RunSummary => s
void _fits
