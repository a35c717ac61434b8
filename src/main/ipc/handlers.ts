/** One handler per contract method, over the history, the job manager and the compute core. */
import type { NetworkInfo } from '../../shared/ipc'
import { specNetworkName, type ExperimentSpec } from '../../shared/experiment'
import { PRESETS, presetArchitecture } from '../core/arch/presets'
import { architectureErrors, validateArchitecture } from '../../shared/schemas/architecture'
import type { Network } from '../../shared/experiment'
import { networkStats } from '../core/model/ir'
import { checkSpecLimits, LimitError } from '../core/limits'
import { ZOO } from '../core/model/zoo'
import type { History } from '../db/history'
import { importNetworkBytes } from '../io/network-file'
import type { JobManager } from '../jobs/manager'
import { buildReportHtml, reportFileName } from '../report/index'
import type { ReportPrinter } from '../report/kept-printer'
import type { Handlers } from './dispatch'
import { baseSpecOfRequest, specOfRequest, sweepSpecs } from './specs'
import type { TargetPlanner } from '../jobs/target-plans'

/** The experiment single runs from the app go to when none is named. */
export const DEFAULT_APP_EXPERIMENT = 'workbench runs'

function networkInfo(id: number, net: Network): NetworkInfo {
  const s = networkStats(net)
  return {
    id,
    name: net.name,
    input: net.input,
    source: net.source,
    layers: s.layers,
    mvmLayers: s.mvmLayers,
    params: s.params,
    macs: s.macs,
    notes: net.notes,
  }
}

function runLabel(spec: ExperimentSpec): string {
  return `${specNetworkName(spec)} · ${spec.schedule} · ${spec.duplication}`
}

/** The handlers of every contract method over the history, the jobs, the target plans and the report printer. */
export function createHandlers(history: History, jobs: JobManager, printer: ReportPrinter, targets: TargetPlanner): Handlers {
  return {
    'zoo.list': () =>
      ZOO.map((z) => ({
        name: z.name,
        description: z.description,
        defaultInput: z.defaultInput,
        inputMultiple: z.inputMultiple,
        ...networkStats(z.build(z.defaultInput)),
      })),
    'networks.list': () => history.networks.list().map((n) => networkInfo(n.id, history.networks.get(n.id).network)),
    'networks.get': ({ id }) => history.networks.get(id).network,
    'networks.import': ({ fileName, dataBase64, input }) => {
      let net: Network
      try {
        net = importNetworkBytes(fileName, Buffer.from(dataBase64, 'base64'), input)
      } catch (e) {
        if (e instanceof LimitError) throw e
        throw Object.assign(new Error((e as Error).message), { code: 'IMPORT_FAILED' })
      }
      return networkInfo(history.networks.upsert(net), net)
    },
    'architectures.presets': () => Object.keys(PRESETS).map((name) => presetArchitecture(name)),
    'architectures.list': () =>
      history.architectures.list().map((a) => ({ id: a.id, saved: a.saved, architecture: history.architectures.get(a.id).architecture })),
    'architectures.validate': ({ architecture }) => architectureErrors(architecture),
    'architectures.save': ({ architecture }) => {
      const valid = validateArchitecture(architecture)
      return { id: history.architectures.save(valid), saved: true, architecture: valid }
    },
    'runs.start': ({ run, experiment }) => {
      const spec = specOfRequest(history, run)
      checkSpecLimits(spec) // refused at once with LIMIT_EXCEEDED, before a job starts
      return jobs.start('run', runLabel(spec), history.experiments.ensure(experiment ?? DEFAULT_APP_EXPERIMENT), [spec])
    },
    'sweeps.start': ({ name, base, grid }) => {
      const specs = sweepSpecs(history, base, grid)
      const experimentId = history.experiments.create({ name, grid })
      return jobs.start('sweep', `${name} (${specs.length} runs)`, experimentId, specs)
    },
    'targets.plan': ({ planId, run, target }) => targets.plan(planId, baseSpecOfRequest(history, run), target),
    'targets.cancel': ({ planId }) => targets.cancel(planId),
    'jobs.list': () => jobs.list(),
    'jobs.cancel': ({ jobId }) => jobs.cancel(jobId),
    'runs.list': ({ filter, sort, desc, limit, offset }) => ({
      total: history.runs.count(filter),
      rows: history.runs.list({ ...filter, sort, order: desc ? 'desc' : 'asc', limit, offset }),
    }),
    'runs.get': ({ id }) => {
      const run = history.runs.get(id)
      return { run, result: run.status === 'done' ? history.results.get(id) : null }
    },
    'runs.delete': ({ ids }) => history.db.transaction(() => ids.forEach((id) => history.runs.delete(id)))(),
    'runs.rerun': ({ id }) => {
      const run = history.runs.get(id)
      return jobs.start('run', runLabel(run.spec), run.experimentId, [run.spec])
    },
    'experiments.resume': ({ id }) => jobs.resume(id),
    'experiments.list': ({ text, tag }) => history.experiments.list({ text, tag }),
    'experiments.rename': ({ id, name }) => history.experiments.rename(id, name),
    'experiments.setNotes': ({ id, notes }) => history.experiments.setNotes(id, notes),
    'experiments.setTags': ({ id, tags }) => history.experiments.setTags(id, tags),
    'experiments.delete': ({ id }) => history.experiments.delete(id),
    'experiments.export': ({ id }) => {
      const doc = history.exchange.exportExperiment(id)
      const slug = doc.experiment.name.replace(/[^\w.-]+/g, '-').slice(0, 80) || 'experiment'
      return { fileName: `${slug}.cim.json`, json: JSON.stringify(doc, null, 1) }
    },
    'experiments.import': ({ json }) => {
      let doc: unknown
      try {
        doc = JSON.parse(json)
      } catch (e) {
        throw Object.assign(new Error(`not a JSON file: ${(e as Error).message}`), { code: 'IMPORT_FAILED' })
      }
      return history.experiments.get(history.exchange.importExperiment(doc))
    },
    'chips.wear': () => history.results.cellWritesByArchitecture(),
    'reports.warm': () => printer.warm(),
    'reports.build': async ({ selection, format, pageSize }) => {
      const { input, html } = buildReportHtml(history, selection, { pageSize })
      const bytes = format === 'html' ? Buffer.from(html) : Buffer.from(await printer.print(html, pageSize))
      return { fileName: reportFileName(input, format), mimeType: format === 'html' ? 'text/html' : 'application/pdf', dataBase64: bytes.toString('base64') }
    },
  }
}
