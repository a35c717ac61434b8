/**
 * The experiment exchange document (export / import): an experiment with its runs and their full
 * results, and the zod schemas that check every part of it before anything is written.
 * Objects of the network and result are checked field by field but keep unknown extra fields
 * (looseObject), so a document from a newer minor version with an added field still imports.
 */
import { z } from 'zod'
import type { ExperimentResult, ExperimentSpec, LayerResult } from '../../shared/experiment'
import { SCHEDULES } from '../../shared/experiment'
import { runMetricsSchema, runSummarySchema } from '../../shared/metrics'
import { architectureErrors } from '../core/arch/spec'
import { contentHash } from '../core/pipeline'
import { DUPLICATION_STRATEGIES } from '../core/mapping/duplication'
import { ASSIGNMENTS, GRANULARITIES } from '../core/schedule/sets'
import { RUN_STATUSES } from './records'

/** The `format` field of every exchange document. */
export const DOCUMENT_FORMAT = 'cim-workbench/experiment'
export const DOCUMENT_VERSION = 1

const num = z.number() // zod 4: finite numbers only
const int = z.number().int()
const count = int.min(0)
const iso = z.iso.datetime()

const LAYER_KINDS = [
  'conv',
  'convtranspose',
  'dense',
  'maxpool',
  'avgpool',
  'globalpool',
  'upsample',
  'add',
  'mul',
  'concat',
  'slice',
  'pad',
  'flatten',
  'shuffle', // issue 12: local layout layers
  'spacetodepth',
  'depthtospace',
] as const

const shape = z.strictObject({ c: int.min(1), h: int.min(1), w: int.min(1) })

const layer = z.looseObject({
  name: z.string(),
  kind: z.enum(LAYER_KINDS),
  inputs: z.array(int.min(-1)),
  out: shape,
  window: z
    .looseObject({
      kh: int.min(1),
      kw: int.min(1),
      strideH: int.min(1),
      strideW: int.min(1),
      pads: z.tuple([count, count, count, count]),
      dilationH: int.min(1),
      dilationW: int.min(1),
    })
    .optional(),
  groups: int.min(1).optional(),
  bias: z.boolean().optional(),
  scaleH: int.min(1).optional(),
  scaleW: int.min(1).optional(),
  channelStart: count.optional(),
  block: int.min(2).optional(), // issue 12: spacetodepth, depthtospace
  activation: z.string().optional(),
})

/** A network IR: layers in topological order, each naming earlier layers (or -1, the input) as producers. */
export const networkSchema = z
  .looseObject({
    name: z.string().min(1),
    input: shape,
    layers: z.array(layer).min(1),
    source: z.looseObject({
      kind: z.enum(['zoo', 'onnx', 'darknet']),
      file: z.string().optional(),
      sha256: z.string().optional(),
      opset: int.optional(),
      producer: z.string().optional(),
    }),
    notes: z.array(z.string()),
  })
  .superRefine((net, ctx) => {
    net.layers.forEach((l, i) => {
      if (l.inputs.some((p) => p >= i))
        ctx.addIssue({ code: 'custom', path: ['layers', i, 'inputs'], message: `layer ${i} (${l.name}) must take inputs from earlier layers` })
    })
  })

/**
 * An architecture document with the same checks (ranges and cross-field rules) as a user's arch file;
 * `extra` adds fields of the resolved architecture, `derived` names those that are not Architecture fields.
 */
const architecture = (extra: z.ZodRawShape = {}, derived: string[] = []) =>
  z.looseObject({ name: z.string(), ...extra }).superRefine((doc, ctx) => {
    const own = Object.fromEntries(Object.entries(doc).filter(([k]) => !derived.includes(k)))
    for (const e of architectureErrors(own)) ctx.addIssue({ code: 'custom', path: e.field.split('.'), message: e.message })
  })

export const specSchema = z.strictObject({
  network: z.union([
    z.strictObject({ zoo: z.string().min(1), input: z.strictObject({ h: int.min(1), w: int.min(1) }).optional() }),
    z.strictObject({ network: networkSchema }),
  ]),
  arch: z.union([z.strictObject({ preset: z.string().min(1) }), z.strictObject({ architecture: architecture() })]),
  chip: z.union([z.strictObject({ pes: int.min(1) }), z.strictObject({ extraPes: count })]).optional(),
  duplication: z.enum(DUPLICATION_STRATEGIES),
  schedule: z.enum(SCHEDULES),
  granularity: z.enum(GRANULARITIES),
  assignment: z.enum(ASSIGNMENTS),
  inferences: int.min(1),
  inferenceRate: num.positive(),
})

const layerResult = z.looseObject({
  name: z.string(),
  kind: z.enum(LAYER_KINDS),
  out: shape,
  k: count.nullable(),
  n: count.nullable(),
  groups: count.nullable(),
  copies: count,
  pes: count,
  cellUtilization: num.nullable(),
  sets: count,
  macs: num.min(0),
  startSteps: num,
  endSteps: num,
  busySteps: num.min(0),
  segment: count,
})

export const resultSchema = z.looseObject({
  programVersion: z.string(),
  inputHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest'),
  spec: specSchema,
  network: networkSchema,
  architecture: architecture({ chipPes: int.min(1), mvmLatencyNs: num.positive() }, ['mvmLatencyNs']),
  summary: runSummarySchema.strict(),
  metrics: runMetricsSchema.loose(),
  layers: z.array(layerResult),
  placement: z.array(z.looseObject({ layer: count, copy: count, firstPe: count, pes: count })),
  tiles: z.array(z.looseObject({ tile: count, pesUsed: count, cellWrites: num.min(0) })),
  endurance: z.looseObject({
    segments: int.min(1),
    reloadMode: z.boolean(),
    totalCellWrites: num.min(0),
    writesPerInference: num.min(0),
    maxWritesPerCellPerInference: num.min(0),
    mostWrittenPe: int,
    mostWrittenTile: int,
    endurance: num,
    lifetimeInferences: num.nullable(),
    lifetimeYears: num.nullable(),
  }),
  timeline: z.looseObject({ binSteps: num.min(0), utilization: z.array(num).max(100_000) }),
  timingsMs: z.record(z.string(), num),
})

const runEntry = z
  .strictObject({
    spec: specSchema,
    status: z.enum(RUN_STATUSES),
    error: z.string().nullable(),
    programVersion: z.string(),
    inputHash: z.string().nullable(),
    createdAt: iso,
    startedAt: iso.nullable(),
    finishedAt: iso.nullable(),
    timingsMs: z.record(z.string(), num).nullable(),
    result: resultSchema.nullable(),
  })
  .superRefine((run, ctx) => {
    if ((run.status === 'done') !== (run.result !== null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['result'],
        message: run.status === 'done' ? 'a done run must have its result' : `a ${run.status} run cannot have a result`,
      })
    }
    if (run.result && contentHash(run.result.spec) !== contentHash(run.spec))
      ctx.addIssue({ code: 'custom', path: ['result', 'spec'], message: "must equal the run's spec" })
  })

export const documentSchema = z.strictObject({
  format: z.literal(DOCUMENT_FORMAT),
  formatVersion: z.literal(DOCUMENT_VERSION),
  programVersion: z.string(),
  exportedAt: iso,
  experiment: z.strictObject({
    name: z.string().trim().min(1),
    notes: z.string(),
    tags: z.array(z.string().trim().min(1)),
    grid: z.json().nullable(),
    createdAt: iso,
  }),
  runs: z.array(runEntry),
})

/** One run in an exchange document. */
export interface DocumentRun {
  spec: ExperimentSpec
  status: (typeof RUN_STATUSES)[number]
  error: string | null
  programVersion: string
  inputHash: string | null
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
  timingsMs: Record<string, number> | null
  result: ExperimentResult | null
}

/** An exported experiment: what `exportExperiment` writes and `importExperiment` reads. */
export interface ExperimentDocument {
  format: typeof DOCUMENT_FORMAT
  formatVersion: typeof DOCUMENT_VERSION
  programVersion: string
  exportedAt: string
  experiment: { name: string; notes: string; tags: string[]; grid: unknown; createdAt: string }
  runs: DocumentRun[]
}

// Compile-time checks that what the schemas accept is what the program's types describe.
const _specFits = (s: z.infer<typeof specSchema>): Omit<ExperimentSpec, 'network' | 'arch'> => s
const _layerFits = (l: z.infer<typeof layerResult>): LayerResult => l
void [_specFits, _layerFits]
