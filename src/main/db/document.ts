/**
 * The experiment exchange document (export / import): an experiment with its runs and their full
 * results, checked whole before anything is written. Specs and results are read through the
 * vocabulary's schemas (src/shared/schemas): options and architecture fields a document leaves out
 * take their defaults, and unknown fields of a network or result (from a newer version) are dropped.
 */
import { z } from 'zod'
import type { ExperimentResult } from '../../shared/experiment'
import { resultSchema } from '../../shared/schemas/result'
import { specSchema } from '../../shared/schemas/spec'
import { contentHash } from '../core/content-hash'
import { RUN_STATUSES } from '../../shared/records'

/** The `format` field of every exchange document. */
export const DOCUMENT_FORMAT = 'cim-workbench/experiment'
export const DOCUMENT_VERSION = 1

const iso = z.iso.datetime()

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
    timingsMs: z.record(z.string(), z.number()).nullable(),
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

type Document = z.output<typeof documentSchema>

/** An exported experiment: what `exportExperiment` writes and `importExperiment` reads. */
export type ExperimentDocument = Omit<Document, 'experiment' | 'runs'> & {
  /** The sweep's grid is any JSON the caller chose. */
  experiment: Omit<Document['experiment'], 'grid'> & { grid: unknown }
  runs: DocumentRun[]
}

/** One run in an exchange document. */
export type DocumentRun = Omit<z.output<typeof runEntry>, 'result'> & { result: ExperimentResult | null }
