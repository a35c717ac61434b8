/**
 * buildReportModel: from stored runs to the sections of a report, a pure function. A run report
 * follows the run detail screen, a comparison the compare screen, a sweep the trade-off screen;
 * every report also carries the network and architecture, the strategy, summary metrics with units,
 * endurance, the per-layer table, the experiments' notes and what is needed to reproduce it.
 */
import type { ExperimentResult } from '../../shared/experiment'
import {
  DUPLICATION_LABELS,
  SCHEDULE_LABELS,
  extraPes,
  formatCount,
  formatFactor,
  formatNumber,
  formatPercent,
  formatLifespan,
  formatNs,
  formatPes,
  paretoFront,
  planCandidatesTable,
  planSegmentsTable,
  type PlanTable,
  strategyLabel,
} from '../../shared/charts'
import { HEADLINE_METRICS, METRICS, formatMetric, metricValue } from '../../shared/metrics'
import { energyRows } from '../../shared/energy'
import { PROGRAM_VERSION } from '../../shared/version'
import { compareCharts, labelsOf, runCharts, sweepCharts } from './charts'
import {
  MAX_COMPARED_RUNS,
  type ReportBlock,
  type ReportExperiment,
  type ReportInput,
  type ReportModel,
  type ReportModelOptions,
  type ReportRun,
  type ReportSection,
  type TableColumn,
} from './model'
import {
  BASELINE_NAME,
  architectureRows,
  architecturesTable,
  archKey,
  compareLayerTable,
  enduranceRows,
  enduranceTable,
  finishedText,
  importerNotes,
  latencyText,
  layerLoadTable,
  layerTable,
  networkRows,
  networksTable,
  reproducibilityTable,
  sameLayers,
  strategiesTable,
  strategyRows,
  summaryRows,
} from './tables'
import { distinct, formatDate, numberList, shortHash } from './text'

/** Runs per combined layer table of a comparison (two columns each). */
const RUNS_PER_LAYER_TABLE = 4

/** Builds the report of one run, a comparison or a sweep; deterministic in its input. */
export function buildReportModel(input: ReportInput, opts: ReportModelOptions = {}): ReportModel {
  const { runs } = input
  if (!runs.length) throw new RangeError('a report needs at least one run')
  if (input.kind === 'run' && runs.length !== 1) throw new RangeError(`a run report takes one run, got ${runs.length}`)
  if (input.kind === 'compare' && (runs.length < 2 || runs.length > MAX_COMPARED_RUNS))
    throw new RangeError(`a comparison takes 2 to ${MAX_COMPARED_RUNS} runs, got ${runs.length}`)
  const date = formatDate(opts.date ?? reportDate(runs))
  const body =
    input.kind === 'run'
      ? runReport(runs[0], input.experiments)
      : input.kind === 'compare'
        ? compareReport(runs, input.experiments)
        : sweepReport(runs, input.experiments)
  const versions = distinct(runs.map((r) => r.result.programVersion))
  const meta: [string, string][] = [
    ['Date', date],
    ...body.meta,
    ['Program version', `${versions.join(', ')}${versions.length === 1 && versions[0] === PROGRAM_VERSION ? '' : ` (report by ${PROGRAM_VERSION})`}`],
  ]
  return {
    kind: input.kind,
    title: body.title,
    subtitle: body.subtitle,
    date,
    meta,
    footer: `CIM Workbench ${PROGRAM_VERSION} · ${body.title} · ${date}`,
    sections: body.sections.filter((s) => s.blocks.length > 0),
  }
}

/** The latest finish (or creation) time of the runs: a report of the same runs keeps its date. */
export function reportDate(runs: ReportRun[]): string {
  return runs.map((r) => r.finishedAt ?? r.createdAt).reduce((a, b) => (b > a ? b : a))
}

interface Body {
  title: string
  subtitle: string
  meta: [string, string][]
  sections: ReportSection[]
}

const section = (id: string, title: string, blocks: ReportBlock[], newPage = false): ReportSection => ({ id, title, blocks, newPage })

/** Notes of the experiments (the user's words), one block each, skipping empty ones. */
function notesBlocks(experiments: ReportExperiment[]): ReportBlock[] {
  return experiments.filter((e) => e.notes.trim()).map((e) => ({ type: 'notes', heading: `Notes of experiment “${e.name}”`, text: e.notes.trim() }))
}

const experimentText = (e: ReportExperiment) => `${e.name} (#${e.id})${e.tags.length ? ` · tags: ${e.tags.join(', ')}` : ''}`

/** The network section: a key-value table for one network, a table for several. */
function networkSection(results: ExperimentResult[]): ReportSection {
  const nets = distinct(
    results.map((r) => r.network),
    (n) => JSON.stringify(n),
  )
  if (nets.length === 1) return section('network', 'Network', [{ type: 'keyValues', rows: networkRows(nets[0]) }, ...importerNotes(nets[0])])
  return section('network', 'Networks', [networksTable(nets), ...nets.flatMap(importerNotes)])
}

/** The architecture section: all details for one chip, a table for several. */
function architectureSection(results: ExperimentResult[]): ReportSection {
  const keys = distinct(results.map((r) => archKey(r.architecture)))
  if (keys.length > 1) return section('architecture', 'Architectures', [architecturesTable(results)])
  const rows = architectureRows(results[0].architecture)
  const pes = results.map((r) => r.architecture.chipPes)
  const lo = Math.min(...pes)
  const hi = Math.max(...pes)
  if (lo !== hi) {
    const a = results[0].architecture
    const i = rows.findIndex(([k]) => k === 'Chip')
    rows[i] = ['Chip', `${formatCount(lo)} – ${formatPes(hi)} (varies by run) in tiles of ${formatPes(a.pesPerTile)}`]
  }
  return section('architecture', 'Architecture', [{ type: 'keyValues', rows }])
}

// ---- one run -----------------------------------------------------------------------------------

/** What bounds the run's latency, in words, and its critical path (none for results of older versions). */
function bottleneckBlocks(r: ExperimentResult): ReportBlock[] {
  const b = r.bottleneck
  if (!b) return []
  return [
    {
      type: 'keyValues',
      rows: [
        ['Bottleneck', b.line],
        ['Critical path', b.criticalPath.join(' › ')],
      ],
      columns: 1,
    },
  ]
}

function runReport(run: ReportRun, experiments: ReportExperiment[]): Body {
  const r = run.result
  const s = r.summary
  const charts = runCharts(run)
  const exp = experiments.find((e) => e.id === run.experimentId)
  return {
    title: `Run #${run.id}: ${s.model} on ${r.architecture.name}`,
    subtitle: `${SCHEDULE_LABELS[s.schedule]} schedule, ${DUPLICATION_LABELS[s.dup]}, ${formatPes(s.pesChip)}`,
    meta: [
      ['Experiment', exp ? experimentText(exp) : `${run.experimentName} (#${run.experimentId})`],
      ['Run', `#${run.id}, finished ${finishedText(run)}`],
      ['Input hash', r.inputHash],
    ],
    sections: [
      section('summary', 'Summary', [{ type: 'keyValues', rows: summaryRows(r), columns: 2 }]),
      section('notes', 'Notes', notesBlocks(experiments)),
      networkSection([r]),
      architectureSection([r]),
      section('strategy', 'Strategy and schedule', [{ type: 'keyValues', rows: strategyRows(r) }]),
      section('schedule', 'Schedule', [...bottleneckBlocks(r), ...charts.schedule]),
      section('mapping', 'Mapping', charts.mapping),
      section('energy', 'Energy by component', [
        ...(r.energy ? [{ type: 'keyValues', rows: energyRows(r.energy.breakdownNj, s.energyNj) } as const] : []),
        ...charts.energy,
      ]),
      section('endurance', 'Endurance', [{ type: 'keyValues', rows: enduranceRows(r) }]),
      section('plan', 'Reload plan for a lifetime target', planBlocks(r, charts.plan)),
      section('layers', 'Layers', [layerTable(r), ...layerLoadTable(r)], true),
      section('reproducibility', 'Reproducibility', [reproText, reproducibilityTable([run])]),
    ],
  }
}

/** A planned run's plan: what was asked, the plan view, every candidate against today's reload mode, the chosen plan's segments; none without a plan. */
function planBlocks(r: ExperimentResult, charts: ReportBlock[]): ReportBlock[] {
  const p = r.plan
  if (!p) return []
  const limits = [
    p.target.maxBatch !== undefined ? `batches of at most ${formatCount(p.target.maxBatch)} inferences` : '',
    p.target.maxBatchLatencyNs !== undefined ? `a batch latency of at most ${formatNs(p.target.maxBatchLatencyNs)}` : '',
  ].filter(Boolean)
  const table = (t: PlanTable, caption: string): ReportBlock => ({ type: 'table', caption, ...t })
  return [
    {
      type: 'text',
      text:
        `The network does not fit the chip. The run is the plan with the highest throughput whose most-written cell lasts ${formatLifespan(p.target.years)} ` +
        `(${formatCount(Math.round(p.targetInferences))} inferences at ${formatNumber(r.spec.inferenceRate)} inferences/s)${limits.length ? `, with ${limits.join(' and ')}` : ''}: ` +
        `segments cut anywhere, copies inside each segment and a batch of ${formatCount(p.batch)} inferences per programming (docs/model-choices.md).`,
    },
    ...charts,
    table(
      planCandidatesTable(p),
      'The best plan of every segment count and today’s reload mode (one copy each, cut where the chip fills), under the same target.',
    ),
    table(planSegmentsTable(p, r.architecture.mvmLatencyNs), 'Segments of the chosen plan, programmed one after another for every batch.'),
  ]
}

const reproText: ReportBlock = {
  type: 'text',
  muted: true,
  text: 'Every result stores its full network, architecture, strategy and options with the program version; running the same inputs again gives identical numbers. The input hash identifies those inputs.',
}

// ---- a comparison ------------------------------------------------------------------------------

/** Metrics of compared runs side by side: one row per metric, one column per run. */
function compareSummaryTable(runs: ReportRun[]): ReportBlock {
  const ref = runs[0]
  const row = (label: string, f: (r: ExperimentResult) => string) => [label, ...runs.map((x) => f(x.result))]
  const label = labelsOf(runs)
  const columns: TableColumn[] = [{ label: 'metric' }, ...runs.map((r) => ({ label: label.get(r.id)!, numeric: true }))]
  const rows = [
    ...METRICS.map((m) => row(m.label, (r) => formatMetric(m, metricValue(m, r)))),
    row(`Speedup vs #${ref.id}`, (r) => formatFactor(ref.result.summary.latencyNs / r.summary.latencyNs)),
  ]
  return { type: 'table', columns, rows, dense: runs.length > 4 }
}

function compareRunsTable(runs: ReportRun[]): ReportBlock {
  return {
    type: 'table',
    columns: [
      { label: 'run' },
      { label: 'experiment', wrap: true },
      { label: 'network' },
      { label: 'chip' },
      { label: 'schedule' },
      { label: 'duplication' },
      { label: 'finished' },
      { label: 'input hash', mono: true },
    ],
    rows: runs.map((r) => [
      `#${r.id}`,
      r.experimentName,
      r.result.summary.model,
      `${r.result.architecture.name}, ${formatPes(r.result.summary.pesChip)}`,
      SCHEDULE_LABELS[r.result.spec.schedule],
      DUPLICATION_LABELS[r.result.spec.duplication],
      finishedText(r),
      shortHash(r.result.inputHash),
    ]),
  }
}

function compareLayerBlocks(runs: ReportRun[]): ReportBlock[] {
  const label = labelsOf(runs)
  if (!sameLayers(runs)) return runs.map((r) => layerTable(r.result, `Run ${label.get(r.id)}`))
  const blocks: ReportBlock[] = []
  for (let i = 0; i < runs.length; i += RUNS_PER_LAYER_TABLE) {
    const chunk = runs.slice(i, i + RUNS_PER_LAYER_TABLE)
    const caption = runs.length > RUNS_PER_LAYER_TABLE ? `Runs ${chunk.map((r) => `#${r.id}`).join(', ')}` : undefined
    blocks.push(compareLayerTable(chunk, caption))
  }
  return blocks
}

function compareReport(runs: ReportRun[], experiments: ReportExperiment[]): Body {
  const results = runs.map((r) => r.result)
  const models = distinct(results.map((r) => r.summary.model))
  const chips = distinct(results.map((r) => r.architecture.name))
  const ids = runs.map((r) => `#${r.id}`).join(', ')
  const fastest = runs.reduce((a, b) => (b.result.summary.latencyNs < a.result.summary.latencyNs ? b : a))
  const labels = labelsOf(runs)
  const labelOf = (r: ReportRun) => labels.get(r.id)!
  const exps = distinct(runs.map((r) => r.experimentId))
    .map((id) => experiments.find((e) => e.id === id))
    .filter((e): e is ReportExperiment => !!e)
  return {
    title: `Comparison of runs ${ids}`,
    subtitle: `${models.join(', ')} on ${chips.join(', ')} · ${runs.length} runs`,
    meta: [
      ['Experiments', exps.map(experimentText).join('; ')],
      ['Runs', `${ids} (finish times under Runs)`],
      ['Input hashes', runs.map((r) => `#${r.id} ${shortHash(r.result.inputHash)}`).join(', ')],
    ],
    sections: [
      section('runs', 'Runs', [compareRunsTable(runs)]),
      section('summary', 'Summary', [
        {
          type: 'text',
          text: `Fastest: ${labelOf(fastest)} with ${latencyText(fastest.result.summary)}, ${formatFactor(fastest.result.summary.speedupVsBaseline)} faster than ${BASELINE_NAME}. Units: steps are MVM steps; speedups are against layer-by-layer without duplication on each run's chip.`,
        },
        compareSummaryTable(runs),
      ]),
      section('notes', 'Notes', notesBlocks(exps)),
      networkSection(results),
      architectureSection(results),
      section('strategy', 'Strategy and schedule', [strategiesTable(runs)]),
      section('charts', 'Schedules compared', compareCharts(runs)),
      section('endurance', 'Endurance', [enduranceTable(runs)]),
      section('layers', 'Layers', compareLayerBlocks(runs), true),
      section('reproducibility', 'Reproducibility', [reproText, reproducibilityTable(runs)]),
    ],
  }
}

// ---- a sweep -----------------------------------------------------------------------------------

const groupName = (r: ExperimentResult, chips: boolean) => strategyLabel(r.spec.schedule, r.spec.duplication) + (chips ? ` · ${r.architecture.name}` : '')

function sweepRunsTable(runs: ReportRun[]): ReportBlock {
  const models = distinct(runs.map((r) => r.result.summary.model)).length > 1
  const chips = distinct(runs.map((r) => r.result.architecture.name)).length > 1
  const sorted = [...runs].sort((a, b) => {
    const ga = `${a.result.summary.model}\u0000${groupName(a.result, chips)}`
    const gb = `${b.result.summary.model}\u0000${groupName(b.result, chips)}`
    return ga.localeCompare(gb) || extraPes(a.result.summary) - extraPes(b.result.summary) || a.id - b.id
  })
  const columns: TableColumn[] = [
    { label: 'run' },
    ...(models ? [{ label: 'network' }] : []),
    ...(chips ? [{ label: 'chip' }] : []),
    { label: 'schedule' },
    { label: 'duplication' },
    { label: 'extra PEs', numeric: true },
    ...HEADLINE_METRICS.map((m) => ({ label: m.short ?? m.label, numeric: true })),
  ]
  const rows = sorted.map(({ id, result: r }) => {
    const s = r.summary
    return [
      `#${id}`,
      ...(models ? [s.model] : []),
      ...(chips ? [r.architecture.name] : []),
      SCHEDULE_LABELS[s.schedule],
      DUPLICATION_LABELS[s.dup].replace(' duplication', ''),
      formatCount(extraPes(s)),
      ...HEADLINE_METRICS.map((m) => formatMetric(m, metricValue(m, r))),
    ]
  })
  return { type: 'table', columns, rows, dense: true }
}

/** The swept options: what varies over the runs and what they share. */
function sweepStrategyRows(results: ExperimentResult[]): [string, string][] {
  const list = (f: (r: ExperimentResult) => string) => distinct(results.map(f)).join(', ')
  return [
    ['Schedules', list((r) => SCHEDULE_LABELS[r.spec.schedule])],
    ['Weight duplication', list((r) => DUPLICATION_LABELS[r.spec.duplication])],
    ['Chip size', `network minimum + extra PEs: ${numberList(results.map((r) => extraPes(r.summary)))}`],
    ['Sets', list((r) => (r.spec.granularity === 'pixel' ? 'one output pixel per set' : 'one output row per set'))],
    ['Assignment of sets to copies', list((r) => r.spec.assignment)],
    ['Inferences', list((r) => formatCount(r.summary.inferences))],
    ['Inference rate (for lifetime)', list((r) => `${formatNumber(r.spec.inferenceRate)} inferences/s`)],
    ['Speedup baseline', BASELINE_NAME],
  ]
}

function sweepReport(runs: ReportRun[], experiments: ReportExperiment[]): Body {
  const exp = experiments[0]
  const results = runs.map((r) => r.result)
  const models = distinct(results.map((r) => r.summary.model))
  const chips = distinct(results.map((r) => r.architecture.name))
  const best = <K extends 'latencyNs' | 'speedupVsBaseline' | 'utilizationChip'>(key: K, lower: boolean) =>
    runs.reduce((a, b) => ((lower ? b.result.summary[key] < a.result.summary[key] : b.result.summary[key] > a.result.summary[key]) ? b : a))
  const fastest = best('latencyNs', true)
  const topSpeedup = best('speedupVsBaseline', false)
  const labels = labelsOf(runs)
  const labelOf = (r: ReportRun) => labels.get(r.id)!
  const topUtil = best('utilizationChip', false)
  const front = paretoFront(results.map((r) => ({ pes: r.summary.pesAllocated, latency: r.summary.latencySteps }))).map((i) => runs[i])
  const charts = sweepCharts(runs)
  const wearing = results.filter((r) => r.summary.lifetimeInferences !== null)
  const title = exp ? `Sweep: ${exp.name}` : `Sweep of ${runs.length} runs`
  return {
    title,
    subtitle: `${models.join(', ')} on ${chips.join(', ')} · ${runs.length} runs`,
    meta: [
      ...(exp
        ? ([
            ['Experiment', experimentText(exp)],
            ['Created', formatDate(exp.createdAt)],
          ] as [string, string][])
        : []),
      ['Runs', `${runs.length} finished: #${runs[0].id} – #${runs[runs.length - 1].id}`],
      ['Input hashes', 'one per run, listed under Reproducibility'],
    ],
    sections: [
      section('summary', 'Summary', [
        {
          type: 'keyValues',
          columns: 1,
          rows: [
            ['Fastest run', `${labelOf(fastest)}: ${latencyText(fastest.result.summary)}, ${formatPes(fastest.result.summary.pesAllocated)} allocated`],
            ['Highest speedup', `${formatFactor(topSpeedup.result.summary.speedupVsBaseline)} (${labelOf(topSpeedup)})`],
            ['Highest PE utilization (chip)', `${formatPercent(topUtil.result.summary.utilizationChip)} (${labelOf(topUtil)})`],
            ['Pareto front (PEs used vs latency)', `${front.length} of ${runs.length} runs: ${front.map((r) => `#${r.id}`).join(', ')}`],
          ],
        },
      ]),
      section('notes', 'Notes', notesBlocks(exp ? [exp] : [])),
      networkSection(results),
      architectureSection(results),
      section('strategy', 'Strategy and schedule', [{ type: 'keyValues', rows: sweepStrategyRows(results) }]),
      section('tradeoffs', 'Trade-offs', charts.tradeoffs),
      section('runs', 'Runs', [sweepRunsTable(runs)]),
      section('endurance', 'Endurance', [
        {
          type: 'text',
          text: wearing.length
            ? `${wearing.length} of ${runs.length} runs reload weights during inference and wear the cells; the others write their weights once.`
            : 'Every run writes its weights once: inference does not wear the cells, the lifetime is unlimited. Duplication multiplies the cells written when the chip is programmed.',
        },
        charts.endurance,
        enduranceTable(runs),
      ]),
      section('layers', `Layers of the fastest run, ${labelOf(fastest)}`, [layerTable(fastest.result)], true),
      section('reproducibility', 'Reproducibility', [reproText, reproducibilityTable(runs)]),
    ],
  }
}
