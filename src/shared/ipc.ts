/**
 * The one IPC contract: every method's name, its request schema (checked at runtime in main) and
 * its response type. The preload, the main handlers, the web host and the renderer's api client
 * are all typed from it. Events flow from main to the renderer (Electron IPC or Server-Sent Events).
 */
import { z } from 'zod'
import type { Architecture, ExperimentResult, ExperimentSpec, FieldError, Network, NetworkSource, RunSummary, Shape } from './experiment'
import type { ChipWear, ExperimentRecord, RunListItem, RunRecord } from './records'
import { RUN_STATUSES } from './records'
import { STORED_METRIC_KEYS } from './metrics'
import { ARCH_FIELDS, CHIP_PES } from './schemas/architecture'
import { ASSIGNMENTS, GRANULARITIES, MAX_INFERENCES, NOCS, PLACEMENTS, SPEC_DEFAULTS, lifetimeTargetSchema } from './schemas/spec'
import { DUPLICATION_STRATEGIES, SCHEDULES } from './strategies'
import { targetSchema, type TargetAnswer, type TargetPlanProgress } from './target'

export type { ChipWear, ExperimentRecord, FieldError, RunListItem, RunRecord }

// ---- request schemas -------------------------------------------------------------------------

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)
const int = (min: number, max: number) => z.number().int().min(min).max(max)
const name = z.string().trim().min(1).max(200)
const planId = z.string().min(1).max(64)
const extraPes = int(ARCH_FIELDS.extraPes.min, ARCH_FIELDS.extraPes.max)
/** An architecture document: its fields are validated in main by validateArchitecture (errors name the field). */
const architectureDoc = z.custom<Architecture>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'must be an architecture object')

/** How the renderer names a network: a zoo network at an input size, or one imported before. */
export const networkRefSchema = z.union([
  z.strictObject({ zoo: z.string().min(1).max(64), input: z.strictObject({ h: int(1, 8192), w: int(1, 8192) }).optional() }),
  z.strictObject({ networkId: id }),
])

/** How the renderer names a chip: a preset, a saved architecture, or a document (validated in main). */
export const archRefSchema = z.union([
  z.strictObject({ preset: z.string().min(1).max(64) }),
  z.strictObject({ architectureId: id }),
  z.strictObject({ architecture: architectureDoc }),
])

/** A run as the renderer asks for it; main turns it into an ExperimentSpec. */
export const runRequestSchema = z.strictObject({
  network: networkRefSchema,
  arch: archRefSchema,
  chip: z.union([z.strictObject({ pes: int(CHIP_PES.min, CHIP_PES.max) }), z.strictObject({ extraPes: extraPes })]).optional(),
  duplication: z.enum(DUPLICATION_STRATEGIES),
  schedule: z.enum(SCHEDULES),
  granularity: z.enum(GRANULARITIES),
  assignment: z.enum(ASSIGNMENTS),
  inferences: int(1, MAX_INFERENCES),
  inferenceRate: z.number().positive().max(1e12),
  noc: z.enum(NOCS).default(SPEC_DEFAULTS.noc),
  placement: z.enum(PLACEMENTS).default(SPEC_DEFAULTS.placement),
  /** Plan reload mode for a lifetime (the run's batch is the plan's); a sweep and a chip search leave it out. */
  lifetimeTarget: lifetimeTargetSchema.optional(),
})
export type RunRequest = z.infer<typeof runRequestSchema>

/** The grid of a sweep: every combination of the listed values over a base run. */
export const sweepGridSchema = z.strictObject({
  extraPes: z.array(extraPes).min(1).max(256),
  duplication: z.array(z.enum(DUPLICATION_STRATEGIES)).min(1).max(DUPLICATION_STRATEGIES.length),
  schedule: z.array(z.enum(SCHEDULES)).min(1).max(SCHEDULES.length),
  /** Square crossbar sizes (rows = columns); omitted = the base architecture's. */
  crossbarSizes: z.array(int(ARCH_FIELDS.crossbarRows.min, ARCH_FIELDS.crossbarRows.max)).max(16).optional(),
  /** Zoo networks; omitted = the base run's network. */
  models: z.array(z.string().min(1).max(64)).max(16).optional(),
  /** Architecture presets; omitted = the base run's architecture. */
  presets: z.array(z.string().min(1).max(64)).max(8).optional(),
})
export type SweepGrid = z.infer<typeof sweepGridSchema>

/** Sort keys of run listings: the run's own fields, then the stored figures of the metric catalog. */
const sortKey = z.enum(['id', 'created', 'finished', 'model', 'network', 'status', 'extraPes', ...STORED_METRIC_KEYS])
const statusSchema = z.enum(RUN_STATUSES)

export const runFilterSchema = z.strictObject({
  text: z.string().max(200).optional(),
  experimentId: id.optional(),
  network: z.string().max(200).optional(),
  architecture: z.string().max(200).optional(),
  strategy: z.enum(DUPLICATION_STRATEGIES).optional(),
  schedule: z.enum(SCHEDULES).optional(),
  tag: z.string().max(100).optional(),
  status: z.union([statusSchema, z.array(statusSchema).max(5)]).optional(),
  createdFrom: z.iso.datetime().optional(),
  createdTo: z.iso.datetime().optional(),
})

// ---- response types --------------------------------------------------------------------------

/** A zoo network with its default size and totals. */
export interface ZooModel {
  name: string
  description: string
  defaultInput: { h: number; w: number }
  /** Height and width must be multiples of this (1: no such constraint). */
  inputMultiple: number
  layers: number
  mvmLayers: number
  params: number
  macs: number
}

/** A network imported into the history (its IR is fetched with networks.get). */
export interface NetworkInfo {
  id: number
  name: string
  input: Shape
  source: NetworkSource
  layers: number
  mvmLayers: number
  params: number
  macs: number
  notes: string[]
}

export interface SavedArchitecture {
  id: number
  /** Saved by the user (architectures.save); false for a chip a past run stored for itself. */
  saved: boolean
  architecture: Architecture
}

/** A job running in the worker pool. */
export interface JobInfo {
  jobId: string
  kind: 'run' | 'sweep'
  label: string
  experimentId: number
  runIds: number[]
  status: 'running' | 'done' | 'failed' | 'cancelled'
  fraction: number
  step: string
  runsDone: number
  runsTotal: number
  startedAt: string
  /** When the job ended (ISO time); null while it runs. */
  finishedAt: string | null
  error: string | null
}

/** A file made in main for the user to save (a report). */
export interface ReportFile {
  fileName: string
  mimeType: string
  dataBase64: string
}

/** A run with its full result (null until done). */
export interface RunDetail {
  run: RunRecord
  result: ExperimentResult | null
}

/** An error crossing the IPC boundary: a stable code, one readable line, and field errors for forms. */
export interface IpcError {
  code: string
  message: string
  fields?: FieldError[]
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: IpcError }

// ---- methods ---------------------------------------------------------------------------------

interface Method<Req extends z.ZodType, Res> {
  request: Req
  /** Phantom: carries the response type only. */
  response?: Res
}
const method =
  <Res>() =>
  <Req extends z.ZodType>(request: Req): Method<Req, Res> => ({ request })
const empty = z.strictObject({})

export const CONTRACT = {
  'zoo.list': method<ZooModel[]>()(empty),
  'networks.list': method<NetworkInfo[]>()(empty),
  'networks.get': method<Network>()(z.strictObject({ id })),
  /** Imports an ONNX or Darknet .cfg file's bytes (base64); `input` fills dynamic dims. */
  'networks.import': method<NetworkInfo>()(
    z.strictObject({ fileName: z.string().min(1).max(255), dataBase64: z.string().max(200_000_000), input: z.array(int(1, 65_536)).min(2).max(4).optional() }),
  ),
  'architectures.presets': method<Architecture[]>()(empty),
  'architectures.list': method<SavedArchitecture[]>()(empty),
  /** Field errors of a candidate architecture (empty when valid). */
  'architectures.validate': method<FieldError[]>()(z.strictObject({ architecture: z.unknown() })),
  'architectures.save': method<SavedArchitecture>()(z.strictObject({ architecture: architectureDoc })),
  /** Queues one run in a new or named experiment and starts it in the pool. */
  'runs.start': method<JobInfo>()(z.strictObject({ run: runRequestSchema, experiment: name.optional() })),
  /** Queues every combination of a grid over a base run as a sweep experiment. */
  'sweeps.start': method<JobInfo>()(z.strictObject({ name, base: runRequestSchema, grid: sweepGridSchema })),
  /**
   * The smallest chip reaching a target for each duplication strategy, with the run's schedule and options (its chip is ignored);
   * searched in the worker pool. `planId` (the caller's, unique among running plans) names it in target.progress and targets.cancel.
   */
  'targets.plan': method<TargetAnswer[]>()(z.strictObject({ planId, run: runRequestSchema, target: targetSchema })),
  /** Stops a running plan: its targets.plan answers CANCELLED. A plan that already ended is left as it is. */
  'targets.cancel': method<void>()(z.strictObject({ planId })),
  'jobs.list': method<JobInfo[]>()(empty),
  'jobs.cancel': method<void>()(z.strictObject({ jobId: z.string().min(1).max(64) })),
  'runs.list': method<{ total: number; rows: RunListItem[] }>()(
    z.strictObject({
      filter: runFilterSchema.default({}),
      sort: sortKey.default('id'),
      desc: z.boolean().default(true),
      limit: int(1, 20_000).default(200),
      offset: int(0, 10_000_000).default(0),
    }),
  ),
  'runs.get': method<RunDetail>()(z.strictObject({ id })),
  'runs.delete': method<void>()(z.strictObject({ ids: z.array(id).min(1).max(10_000) })),
  /** Runs a stored run's spec again as a new run in the same experiment. */
  'runs.rerun': method<JobInfo>()(z.strictObject({ id })),
  /** Queues again exactly the interrupted runs (no result) of an experiment whose program stopped, as one job. */
  'experiments.resume': method<JobInfo>()(z.strictObject({ id })),
  'experiments.list': method<ExperimentRecord[]>()(z.strictObject({ text: z.string().max(200).optional(), tag: z.string().max(100).optional() })),
  'experiments.rename': method<void>()(z.strictObject({ id, name })),
  'experiments.setNotes': method<void>()(z.strictObject({ id, notes: z.string().max(100_000) })),
  'experiments.setTags': method<void>()(z.strictObject({ id, tags: z.array(z.string().trim().min(1).max(100)).max(50) })),
  'experiments.delete': method<void>()(z.strictObject({ id })),
  /** The experiment as a JSON document (experiment, runs, results). */
  'experiments.export': method<{ fileName: string; json: string }>()(z.strictObject({ id })),
  /** Imports an exported document; a bad file is rejected whole. */
  'experiments.import': method<ExperimentRecord>()(z.strictObject({ json: z.string().max(500_000_000) })),
  'chips.wear': method<ChipWear[]>()(empty),
  /** A report is likely soon (the Report button is pointed at): the PDF printer may start now, so that the report is not kept waiting. */
  'reports.warm': method<void>()(empty),
  /** A report of one run, 2-8 runs compared, or a sweep experiment, as a file to save. */
  'reports.build': method<ReportFile>()(
    z.strictObject({
      selection: z.union([z.strictObject({ runIds: z.array(id).min(1).max(8) }), z.strictObject({ experimentId: id })]),
      format: z.enum(['pdf', 'html']),
      pageSize: z.enum(['A4', 'Letter']).default('A4'),
    }),
  ),
} as const

export type MethodName = keyof typeof CONTRACT
export type RequestOf<M extends MethodName> = z.input<(typeof CONTRACT)[M]['request']>
export type ParsedRequestOf<M extends MethodName> = z.output<(typeof CONTRACT)[M]['request']>
export type ResponseOf<M extends MethodName> = Exclude<(typeof CONTRACT)[M]['response'], undefined>
export const METHOD_NAMES = Object.keys(CONTRACT) as MethodName[]

// ---- events ----------------------------------------------------------------------------------

export interface EventMap {
  /** A job's progress, at most ~10 per second per job. */
  'job.progress': JobInfo
  /** A job ended (done, failed or cancelled). */
  'job.finished': JobInfo
  /** A run's result was stored. */
  'run.saved': { runId: number; experimentId: number; summary: RunSummary }
  /** A running target plan's progress, at most ~10 per second per plan; its targets.plan answer is the last word. */
  'target.progress': TargetPlanProgress
}
export type EventName = keyof EventMap
export const EVENT_NAMES: EventName[] = ['job.progress', 'job.finished', 'run.saved', 'target.progress']

/** The Electron IPC channel of a method and of the events. */
export const invokeChannel = (m: MethodName) => `cim:${m}`
export const EVENT_CHANNEL = 'cim:event'

/** The spec type runs end up with, for reference in handlers. */
export type { ExperimentSpec }
