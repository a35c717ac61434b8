/**
 * The experiment spec: everything that determines a run (cim-model.md section 9), JSON-serializable
 * and stored with its result. Options a spec leaves out take SPEC_DEFAULTS, so a stored spec from before
 * an option existed still reads; an embedded architecture is read as a standalone document.
 */
import { z } from 'zod'
import { DUPLICATION_STRATEGIES, SCHEDULES } from '../strategies'
import { architectureDocumentSchema } from './architecture'
import { networkSchema } from './network'

const int = z.number().int()

/** Set granularity: one output pixel (all channels) or one output row (cim-model.md section 4). */
export const GRANULARITIES = ['pixel', 'row'] as const
export type Granularity = (typeof GRANULARITIES)[number]

/** How a layer's sets are dealt to its copies: set i to copy i mod d, or contiguous blocks. */
export const ASSIGNMENTS = ['interleaved', 'block'] as const
export type Assignment = (typeof ASSIGNMENTS)[number]

/** The on-chip network model (cim-model.md section 10): none (data movement is free) or a 2D mesh of tiles. */
export const NOCS = ['none', 'mesh'] as const
export type Noc = (typeof NOCS)[number]

/** Where copies sit on the chip: each layer's copies side by side, or copies of a layer spread over the chip. */
export const PLACEMENTS = ['contiguous', 'spread'] as const
export type Placement = (typeof PLACEMENTS)[number]

/** Defaults of every option a spec may leave out. */
export const SPEC_DEFAULTS = {
  duplication: 'greedy',
  schedule: 'clsa',
  granularity: 'pixel',
  assignment: 'interleaved',
  inferences: 1,
  inferenceRate: 30,
  noc: 'none',
  placement: 'contiguous',
} as const

/** Which network a run maps: a zoo name at an input size, or a full (imported) network. */
export const networkChoiceSchema = z.union([
  z.strictObject({ zoo: z.string().min(1), input: z.strictObject({ h: int.min(1), w: int.min(1) }).optional() }),
  z.strictObject({ network: networkSchema }),
])
export type NetworkChoice = z.infer<typeof networkChoiceSchema>

/** Which chip: a named preset or a full architecture document. */
export const archChoiceSchema = z.union([z.strictObject({ preset: z.string().min(1) }), z.strictObject({ architecture: architectureDocumentSchema })])
export type ArchChoice = z.infer<typeof archChoiceSchema>

/** Most inferences one run streams (and largest batch a lifetime target may allow); a batch costs its inferences until the schedule turns periodic, then nothing more. */
export const MAX_INFERENCES = 1_000_000
/** Longest batch latency limit of a lifetime target: one hour, ns. */
export const MAX_BATCH_LATENCY_NS = 3.6e12

/**
 * A lifetime target for reload mode (cim-model.md section 8, docs/model-choices.md): the run plans its segments,
 * batch (the run's inferences) and copies for the highest throughput whose lifetime reaches `years` at the spec's
 * inference rate.
 */
export const lifetimeTargetSchema = z.strictObject({
  /** Lifetime the most-written cell must reach, years at inferenceRate. */
  years: z.number().positive('must be a number of years > 0').max(1000, 'must be at most 1000 years'),
  /** Most time one batch (programming every segment and running the batch through it) may take, ns. */
  maxBatchLatencyNs: z.number().positive('must be a time > 0 ns').max(MAX_BATCH_LATENCY_NS, 'must be at most one hour (3.6e12 ns)').optional(),
  /** Largest batch considered, inferences per programming (default: the planner's). */
  maxBatch: int.min(1, `must be a whole number in 1..${MAX_INFERENCES}`).max(MAX_INFERENCES, `must be a whole number in 1..${MAX_INFERENCES}`).optional(),
})
export type LifetimeTarget = z.output<typeof lifetimeTargetSchema>

export const specSchema = z.strictObject({
  network: networkChoiceSchema,
  arch: archChoiceSchema,
  /** Chip size override: exact chip PEs, or network minimum + extra PEs (replaces the arch's tiles). */
  chip: z.union([z.strictObject({ pes: int.min(1) }), z.strictObject({ extraPes: int.min(0) })]).optional(),
  duplication: z.enum(DUPLICATION_STRATEGIES).default(SPEC_DEFAULTS.duplication),
  schedule: z.enum(SCHEDULES).default(SPEC_DEFAULTS.schedule),
  granularity: z.enum(GRANULARITIES).default(SPEC_DEFAULTS.granularity),
  assignment: z.enum(ASSIGNMENTS).default(SPEC_DEFAULTS.assignment),
  /** Inferences run back to back (streaming); in reload mode, the batch sharing one programming. */
  inferences: int.min(1).max(MAX_INFERENCES).default(SPEC_DEFAULTS.inferences),
  /** Inference rate for the lifetime in years, inferences per second. */
  inferenceRate: z.number().positive().default(SPEC_DEFAULTS.inferenceRate),
  noc: z.enum(NOCS).default(SPEC_DEFAULTS.noc),
  placement: z.enum(PLACEMENTS).default(SPEC_DEFAULTS.placement),
  /** Plan reload mode for a lifetime (the plan's batch replaces `inferences`); absent: today's reload mode. */
  lifetimeTarget: lifetimeTargetSchema.optional(),
})
export type ExperimentSpec = z.output<typeof specSchema>
