/**
 * The result document of a run: what the pipeline returns, the history stores and an export carries.
 * Unknown fields are dropped, so a result from a newer version with an added figure still imports;
 * a result of an older version is upgraded on read (upgradeResult).
 */
import { z } from 'zod'
import { architectureRules, architectureShape } from './architecture'
import { LAYER_KINDS, networkSchema, shapeSchema } from './network'
import { SPEC_DEFAULTS, lifetimeTargetSchema, specSchema } from './spec'
import { throughputPerS } from '../formulas'
import { runMetricsSchema, runSummarySchema } from '../metrics/summary'

const num = z.number() // zod 4: finite numbers only
const int = z.number().int()
const count = int.min(0)

/** Per-layer figures of a run. */
export const layerResultSchema = z.object({
  name: z.string(),
  kind: z.enum(LAYER_KINDS),
  out: shapeSchema,
  /** Weight matrix of one group (MVM layers). */
  k: count.nullable(),
  n: count.nullable(),
  groups: count.nullable(),
  copies: count,
  /** PEs of one copy. */
  pes: count,
  cellUtilization: num.nullable(),
  sets: count,
  macs: num.min(0),
  /** First set start and last set finish, steps. */
  startSteps: num,
  endSteps: num,
  /** Copy-steps of MVM work (sets x MVMs per set x inferences). */
  busySteps: num.min(0),
  /** Reload segment holding the layer (0 when the network fits). */
  segment: count,
  /** Cells this run writes for the layer: used cells of one copy x copies x times its segment is programmed (0 for digital layers and results of older versions). */
  cellWrites: num.min(0).default(0),
  // Bottleneck figures (docs/model-choices.md, "Bottleneck"): null for digital layers and for results of older versions.
  /** Work of one copy for one inference: ceil(sets / copies) x MVMs per set, steps. */
  perCopySteps: num.min(0).nullable().default(null),
  /** MVM work over copies x latency: the share of the run the layer's copies compute, 0..1. */
  busyFraction: num.min(0).nullable().default(null),
  /** Copy-steps the layer's copies sat idle until a set's inputs were ready (or the layer-by-layer barrier). */
  waitInputsSteps: num.min(0).nullable().default(null),
  /** Set-steps the layer's sets had their inputs but waited for their copy to be free. */
  waitCopySteps: num.min(0).nullable().default(null),
})
export type LayerResult = z.output<typeof layerResultSchema>
/** The bottleneck figures of a layer. */
export type LayerLoad = Pick<LayerResult, 'perCopySteps' | 'busyFraction' | 'waitInputsSteps' | 'waitCopySteps'>

/** The layer that bounds the latency, the critical path, and one more copy of that layer, checked by scheduling it again. */
export const bottleneckSchema = z.object({
  /** Name of the MVM layer with the most work per copy. */
  layer: z.string(),
  copies: count,
  /** Its work per copy over the run: inferences x ceil(sets / copies) x MVMs per set, steps. */
  workSteps: num.min(0),
  /** Layer names from the first to the one that ends last, each the producer its successor waited on longest. */
  criticalPath: z.array(z.string()),
  oneMoreCopy: z.object({
    /** PEs of the extra copy. */
    pes: count,
    /** Whether the extra copy fits the chip without another reload segment. */
    fits: z.boolean(),
    /** The layer's work per copy that one more copy removes, steps. */
    estimatedSavingSteps: num,
    /** Latency scheduled again with the extra copy, steps; null when it does not fit. */
    latencySteps: num.nullable(),
    /** Latency minus that, steps; null when it does not fit. */
    savedSteps: num.nullable(),
  }),
  /** The plain-language summary: what bounds the latency and what one more copy does. */
  line: z.string(),
})
export type Bottleneck = z.output<typeof bottleneckSchema>

/** PEs [firstPe, firstPe + pes) of the chip hold copy `copy` of MVM layer `layer`. */
export const copyPlacementSchema = z.object({ layer: count, copy: count, firstPe: count, pes: count })
export type CopyPlacement = z.infer<typeof copyPlacementSchema>

/** Per-tile figures. */
export const tileResultSchema = z.object({
  tile: count,
  /** PEs holding weights in any segment. */
  pesUsed: count,
  /** Cells written on this tile by the run. */
  cellWrites: num.min(0),
})
export type TileResult = z.infer<typeof tileResultSchema>

export const enduranceResultSchema = z.object({
  /** Segments the network was cut into (1 when it fits). */
  segments: int.min(1),
  reloadMode: z.boolean(),
  totalCellWrites: num.min(0),
  writesPerInference: num.min(0),
  /** Times the most-written PE is programmed per inference (0 when weights stay). */
  maxWritesPerCellPerInference: num.min(0),
  mostWrittenPe: int,
  mostWrittenTile: int,
  endurance: num,
  lifetimeInferences: num.nullable(),
  /** lifetimeInferences at spec.inferenceRate, years; null when unlimited. */
  lifetimeYears: num.nullable(),
})
export type EnduranceResult = z.infer<typeof enduranceResultSchema>

/** One directed link of the on-chip mesh that carried traffic: from one router to its neighbour. */
export const nocLinkSchema = z.object({
  from: int,
  to: int,
  /** Steps the link is reserved by transfers. */
  busySteps: num.min(0),
  /** busySteps / latency steps. */
  utilization: num.min(0),
})
export type NocLink = z.infer<typeof nocLinkSchema>

/** The on-chip mesh of a run with `noc: 'mesh'`: routers on a cols x rows grid (tile t at t mod cols, floor(t / cols)) and the links that carried traffic. */
export const nocResultSchema = z.object({ cols: int.min(1), rows: int.min(1), links: z.array(nocLinkSchema) })
export type NocResult = z.infer<typeof nocResultSchema>

/** One segment of a reload plan: consecutive layers, programmed together from PE firstPe. */
export const planSegmentSchema = z.object({
  /** Names of its first and last layer. */
  firstLayer: z.string(),
  lastLayer: z.string(),
  mvmLayers: int.min(1),
  /** Copies of each of its MVM layers, in layer order. */
  copies: z.array(int.min(1)),
  /** First PE of its copies; they occupy PEs [firstPe, firstPe + pes). */
  firstPe: count,
  pes: int.min(1),
  /** Running the batch through it, its programming excluded, steps. */
  runSteps: num.min(0),
})
export type PlanSegment = z.infer<typeof planSegmentSchema>

/** The figures of one reload plan (docs/model-choices.md, "Endurance-aware planning in reload mode"). */
export const planFiguresSchema = z.object({
  /** Inferences per programming. */
  batch: int.min(1),
  segments: z.array(planSegmentSchema).min(1),
  /** Programming every segment and running the batch through them, ns. */
  batchLatencyNs: num.min(0),
  /** batch / batch latency, inferences per second. */
  throughputPerS: num.min(0),
  /** Cells written per inference: every copy of every segment / batch. */
  writesPerInference: num.min(0),
  /** Times the most-written cell is written per inference. */
  maxWritesPerCellPerInference: num.min(0),
  /** endurance / maxWritesPerCellPerInference, inferences. */
  lifetimeInferences: num.min(0),
  /** lifetimeInferences at spec.inferenceRate, years. */
  lifetimeYears: num.min(0),
})
export type PlanFigures = z.infer<typeof planFiguresSchema>

/** A run planned for a lifetime target: the chosen plan's figures (the run's placement and batch), the best plan of every segment count, today's reload mode. */
export const planResultSchema = planFiguresSchema.extend({
  target: lifetimeTargetSchema,
  /** target years x seconds per year x spec.inferenceRate. */
  targetInferences: num.min(0),
  /** The best plan of every segment count, fewest segments first. */
  candidates: z.array(planFiguresSchema),
  /** One copy each, cut where the chip fills, with its best batch for the target; null when it reaches none. */
  baseline: planFiguresSchema.nullable(),
})
export type PlanResult = z.infer<typeof planResultSchema>

/** The architecture as run: its fields with the chip size resolved and the MVM latency it implies, ns. */
export const resolvedArchitectureSchema = z
  .strictObject({ ...architectureShape, chipPes: architectureShape.chipPes.unwrap().unwrap(), mvmLatencyNs: num.positive() })
  .superRefine(architectureRules)

type Doc = Record<string, unknown>
const isDoc = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * A result as an older version wrote it, upgraded: its summary gains `inferences` (the spec's) and
 * `throughputPerS` (the former `metrics.throughputInfPerS`, else inferences / latency). Anything else is left to the schema.
 */
export function upgradeResult(doc: unknown): unknown {
  if (!isDoc(doc) || !isDoc(doc.summary)) return doc
  const { summary } = doc
  if (summary.inferences !== undefined && summary.throughputPerS !== undefined) return doc
  const spec = isDoc(doc.spec) ? doc.spec : {}
  const metrics = isDoc(doc.metrics) ? doc.metrics : {}
  const inferences = summary.inferences ?? spec.inferences ?? SPEC_DEFAULTS.inferences
  const derived = typeof inferences === 'number' && typeof summary.latencyNs === 'number' ? throughputPerS(inferences, summary.latencyNs) : undefined
  return { ...doc, summary: { ...summary, inferences, throughputPerS: summary.throughputPerS ?? metrics.throughputInfPerS ?? derived } }
}

const resultObjectSchema = z.object({
  programVersion: z.string(),
  /** sha256 of the resolved inputs (network, architecture, options, version). */
  inputHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest'),
  spec: specSchema,
  network: networkSchema,
  architecture: resolvedArchitectureSchema,
  summary: runSummarySchema,
  metrics: runMetricsSchema,
  layers: z.array(layerResultSchema),
  placement: z.array(copyPlacementSchema),
  tiles: z.array(tileResultSchema),
  endurance: enduranceResultSchema,
  /** Energy per component (ENERGY_COMPONENTS), nJ, adding up to summary.energyNj; absent in results stored before it existed. */
  energy: z.object({ breakdownNj: z.record(z.string(), num.min(0)) }).optional(),
  /** Mean chip utilization in consecutive bins of binSteps steps (at most ~1000 points). */
  timeline: z.object({ binSteps: num.min(0), utilization: z.array(num).max(100_000) }),
  /** Null without MVM layers or for results of older versions. */
  bottleneck: bottleneckSchema.nullable().default(null),
  /** The on-chip mesh and its link use; null without a network (and in results from before it existed). */
  noc: nocResultSchema.nullable().default(null),
  /** The reload plan of a run with spec.lifetimeTarget; null without one (and in results from before it existed). */
  plan: planResultSchema.nullable().default(null),
  timingsMs: z.record(z.string(), num),
})

/** A result document as read: upgraded, then validated (unknown fields dropped, fields added since taking their defaults). */
export const resultSchema = z.preprocess(upgradeResult, resultObjectSchema)
export type ExperimentResult = z.output<typeof resultSchema>
