/** Reads what a report needs from the history database: the runs with their results and experiments. */
import type { History } from '../db/history'
import type { ExperimentRecord, RunRecord } from '../../shared/records'
import { MAX_COMPARED_RUNS, type ReportExperiment, type ReportInput, type ReportRun } from './model'

/** Which runs a report covers: one run or 2 to 8 compared runs by id, or every finished run of an experiment. */
export type ReportSelection = { runIds: number[] } | { experimentId: number }

/** A report request that cannot be served (bad ids, unfinished runs); one readable line. */
export class ReportError extends Error {
  readonly code = 'BAD_REPORT_REQUEST'
  override name = 'ReportError'
}

const toExperiment = (e: ExperimentRecord): ReportExperiment => ({ id: e.id, name: e.name, notes: e.notes, tags: e.tags, createdAt: e.createdAt, grid: e.grid })

function toRun(history: History, run: RunRecord): ReportRun {
  if (run.status !== 'done') throw new ReportError(`run ${run.id} is ${run.status}: only finished runs have a result to report`)
  return {
    id: run.id,
    experimentId: run.experimentId,
    experimentName: run.experimentName,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    result: history.results.get(run.id),
  }
}

const validId = (id: unknown): id is number => typeof id === 'number' && Number.isSafeInteger(id) && id >= 1

/** Loads the report input; throws ReportError or NotFoundError (unknown id) with one readable line. */
export function loadReportInput(history: History, selection: ReportSelection): ReportInput {
  if ('experimentId' in selection) {
    if (!validId(selection.experimentId)) throw new ReportError(`experiment id ${JSON.stringify(selection.experimentId)}: must be a whole number >= 1`)
    const exp = history.experiments.get(selection.experimentId)
    const listed = history.runs.list({ experimentId: exp.id, status: 'done', sort: 'id', order: 'asc' })
    if (!listed.length) throw new ReportError(`experiment ${exp.id} ("${exp.name}") has no finished run to report`)
    return { kind: 'sweep', runs: listed.map((r) => toRun(history, history.runs.get(r.id))), experiments: [toExperiment(exp)] }
  }
  const ids = selection.runIds
  if (!ids.length) throw new ReportError('no run id given: a report needs one run, or 2 to 8 runs to compare')
  const bad = ids.find((id) => !validId(id))
  if (bad !== undefined) throw new ReportError(`run id ${JSON.stringify(bad)}: must be a whole number >= 1`)
  if (ids.length > MAX_COMPARED_RUNS) throw new ReportError(`a comparison takes at most ${MAX_COMPARED_RUNS} runs, got ${ids.length}`)
  const dup = ids.find((id, i) => ids.indexOf(id) !== i)
  if (dup !== undefined) throw new ReportError(`run ${dup} is listed twice`)
  const runs = ids.map((id) => toRun(history, history.runs.get(id)))
  const experiments = [...new Set(runs.map((r) => r.experimentId))].map((id) => toExperiment(history.experiments.get(id)))
  return { kind: runs.length === 1 ? 'run' : 'compare', runs, experiments }
}
