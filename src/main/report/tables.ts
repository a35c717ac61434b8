/**
 * The report's tables: summary metrics, network, architecture, strategy, endurance and the
 * per-layer table. Labels and units follow cim-model.md; numbers use the UI's formatters.
 */
import type { ExperimentResult, LayerResult, RunSummary } from '../../shared/experiment'
import {
  DUPLICATION_LABELS,
  SCHEDULE_LABELS,
  formatCompact,
  formatCount,
  formatLifetime,
  formatLifespan,
  formatNs,
  formatNumber,
  formatPercent,
  formatPes,
  formatSteps,
  tileCount,
} from '../../shared/charts'
import type { Network } from '../../shared/experiment'
import { mvmCycles, slicesPerWeight } from '../../shared/formulas'
import { METRICS, formatMetric, metricValue } from '../../shared/metrics'
import { networkStats } from '../core/model/ir'
import type { ReportBlock, ReportRun, TableColumn } from './model'
import { formatDate, formatShape, shortHash, stepsCell } from './text'

type Rows = [string, string][]

/** Latency in steps and time: "3,170 steps (2.54 ms)". */
export function latencyText(s: Pick<RunSummary, 'latencySteps' | 'latencyNs'>): string {
  return `${formatSteps(s.latencySteps)} (${formatNs(s.latencyNs)})`
}

/** Speedup against the named baseline (cim-model.md section 7). */
export const BASELINE_NAME = 'layer-by-layer without duplication on the same chip'

/** Every figure of the metric catalog for one run, with its unit. */
export function summaryRows(r: ExperimentResult): Rows {
  return METRICS.map((m) => [m.label, formatMetric(m, metricValue(m, r))])
}

/** Where a network came from, in words. */
export function sourceText(net: Network): string {
  const src = net.source
  const file = src.file ? ` ${src.file}` : ''
  const hash = src.sha256 ? ` (sha256 ${shortHash(src.sha256)})` : ''
  if (src.kind === 'zoo') return 'built-in zoo'
  if (src.kind === 'onnx') return `ONNX file${file}${src.opset ? `, opset ${src.opset}` : ''}${src.producer ? `, ${src.producer}` : ''}${hash}`
  return `Darknet .cfg file${file}${hash}`
}

export function networkRows(net: Network): Rows {
  const st = networkStats(net)
  return [
    ['Name', net.name],
    ['Source', sourceText(net)],
    ['Input (C×H×W)', formatShape(net.input)],
    ['Layers', `${formatCount(st.layers)} (${formatCount(st.mvmLayers)} MVM, ${formatCount(st.layers - st.mvmLayers)} digital)`],
    ['Parameters', formatCount(st.params)],
    ['MACs per inference', `${formatCount(st.macs)} (${formatCompact(st.macs)})`],
  ]
}

/** One row per distinct network (comparisons and sweeps over several models). */
export function networksTable(nets: Network[]): ReportBlock {
  const columns: TableColumn[] = [
    { label: 'network' },
    { label: 'source', wrap: true },
    { label: 'input C×H×W' },
    { label: 'layers', numeric: true },
    { label: 'MVM layers', numeric: true },
    { label: 'parameters', numeric: true },
    { label: 'MACs', numeric: true },
  ]
  const rows = nets.map((n) => {
    const st = networkStats(n)
    return [n.name, sourceText(n), formatShape(n.input), formatCount(st.layers), formatCount(st.mvmLayers), formatCount(st.params), formatCount(st.macs)]
  })
  return { type: 'table', columns, rows }
}

/** Importer notes of a network (what was folded or dropped), when there are any. */
export function importerNotes(net: Network): ReportBlock[] {
  if (!net.notes.length) return []
  return [{ type: 'text', muted: true, text: `Importer notes for ${net.name}: ${net.notes.join('; ')}` }]
}

type RunArch = ExperimentResult['architecture']

export function architectureRows(a: RunArch): Rows {
  const cycles = mvmCycles(a)
  const tiles = tileCount({ architecture: a })
  return [
    ['Architecture', `${a.name} v${a.version}`],
    ['Crossbar (PE)', `${a.crossbarRows} × ${a.crossbarCols} cells`],
    ['Weights', `${a.weightBits}-bit weights, ${a.cellBits} bits per cell: ${slicesPerWeight(a)} columns per weight${a.differential ? ' (differential)' : ''}`],
    ['Inputs', `${a.inputBits}-bit activations, ${a.dacBits}-bit DACs: ${cycles} cycles per MVM`],
    ['MVM latency', `${formatNs(a.mvmLatencyNs)} (${cycles} × ${formatNs(a.cycleNs)})`],
    ['Chip', `${formatPes(a.chipPes)} in ${formatCount(tiles)} tiles of ${formatPes(a.pesPerTile)}`],
    ['GPEU latency', `${formatNs(a.gpeuLatencyNs)} per digital set`],
    ['Programming', `${formatNs(a.rowWriteNs)} per row, ${formatNs(a.rowWriteNs * a.crossbarRows)} per crossbar`],
    [
      'Energy',
      `${formatNumber(a.mvmEnergyPj)} pJ per MVM, ${formatNumber(a.digitalOpEnergyPj)} pJ per digital op, ${formatNumber(a.cellWriteEnergyPj)} pJ per cell write`,
    ],
    ['Endurance', `${formatCompact(a.endurance)} write cycles per cell`],
  ]
}

/** The architecture without the chip size: runs of a sweep over extra PEs share it. */
export function archKey(a: RunArch): string {
  const { chipPes: _c, extraPes: _e, ...rest } = a
  return JSON.stringify(rest)
}

/** One row per distinct architecture (chip PEs as a range over the runs that use it). */
export function architecturesTable(runs: ExperimentResult[]): ReportBlock {
  const groups = new Map<string, RunArch[]>()
  for (const r of runs) groups.set(archKey(r.architecture), [...(groups.get(archKey(r.architecture)) ?? []), r.architecture])
  const columns: TableColumn[] = [
    { label: 'architecture' },
    { label: 'crossbar' },
    { label: 'cell / weight bits' },
    { label: 'MVM latency', numeric: true },
    { label: 'PEs per tile', numeric: true },
    { label: 'chip PEs', numeric: true },
    { label: 'row write', numeric: true },
    { label: 'endurance (cycles)', numeric: true },
  ]
  const rows = [...groups.values()].map((archs) => {
    const a = archs[0]
    const pes = archs.map((x) => x.chipPes)
    const lo = Math.min(...pes)
    const hi = Math.max(...pes)
    return [
      `${a.name} v${a.version}`,
      `${a.crossbarRows} × ${a.crossbarCols}`,
      `${a.cellBits} / ${a.weightBits}`,
      formatNs(a.mvmLatencyNs),
      formatCount(a.pesPerTile),
      lo === hi ? formatCount(lo) : `${formatCount(lo)} – ${formatCount(hi)}`,
      formatNs(a.rowWriteNs),
      formatCompact(a.endurance),
    ]
  })
  return { type: 'table', columns, rows }
}

const GRANULARITY_TEXT = { pixel: 'one output pixel (all output channels) per set', row: 'one output row per set' }
const ASSIGNMENT_TEXT = { interleaved: 'interleaved: set i runs on copy i mod d', block: 'contiguous blocks of sets per copy' }

/** How the chip was sized for a run. */
export function chipSizing(r: ExperimentResult): string {
  const chip = r.spec.chip
  if (chip && 'pes' in chip) return `${formatPes(chip.pes)} (fixed)`
  if (chip) return `network minimum + ${formatPes(chip.extraPes)} = ${formatPes(r.summary.pesChip)}`
  return `from the architecture: ${formatPes(r.summary.pesChip)}`
}

/** The run's inferences: streamed back to back, or the reload plan's batch for a lifetime target. */
function inferencesText(r: ExperimentResult): string {
  const n = r.summary.inferences
  if (r.plan) return `${formatCount(n)} per programming (the reload plan's batch for a lifetime of ${formatLifespan(r.plan.target.years)})`
  return n === 1 ? '1' : `${formatCount(n)} back to back (streaming)`
}

export function strategyRows(r: ExperimentResult): Rows {
  const s = r.spec
  return [
    [
      'Schedule',
      s.schedule === 'clsa'
        ? `${SCHEDULE_LABELS.clsa} cross-layer (as soon as possible, event simulation)`
        : `${SCHEDULE_LABELS['layer-by-layer']} (one layer at a time)`,
    ],
    ['Weight duplication', DUPLICATION_LABELS[s.duplication]],
    ['Sets', GRANULARITY_TEXT[s.granularity]],
    ['Assignment of sets to copies', ASSIGNMENT_TEXT[s.assignment]],
    ['Chip size', chipSizing(r)],
    ['Inferences', inferencesText(r)],
    ['Inference rate (for lifetime)', `${formatNumber(s.inferenceRate)} inferences/s`],
    ['Speedup baseline', BASELINE_NAME],
  ]
}

/** The strategy of several runs side by side. */
export function strategiesTable(runs: ReportRun[]): ReportBlock {
  const columns: TableColumn[] = [
    { label: 'run' },
    { label: 'schedule' },
    { label: 'duplication' },
    { label: 'sets' },
    { label: 'assignment' },
    { label: 'chip size' },
    { label: 'inferences', numeric: true },
  ]
  const rows = runs.map(({ id, result: r }) => [
    `#${id}`,
    SCHEDULE_LABELS[r.spec.schedule],
    DUPLICATION_LABELS[r.spec.duplication],
    r.spec.granularity,
    r.spec.assignment,
    chipSizing(r),
    formatCount(r.summary.inferences),
  ])
  return { type: 'table', columns, rows }
}

export function lifetimeText(r: ExperimentResult): string {
  const e = r.endurance
  if (e.lifetimeInferences === null) return 'unlimited: weights are written once, inference does not wear the cells'
  return `${formatLifetime(e.lifetimeInferences, e.lifetimeYears)} at ${formatNumber(r.spec.inferenceRate)} inferences/s`
}

export function enduranceRows(r: ExperimentResult): Rows {
  const e = r.endurance
  return [
    [
      'Mode',
      e.reloadMode
        ? `reload mode: the network does not fit and runs in ${e.segments} segments, reprogrammed every ${r.summary.inferences === 1 ? 'inference' : `batch of ${r.summary.inferences} inferences`}`
        : 'weight-stationary: the network fits, weights are written once',
    ],
    ['Total cell writes', `${formatCount(e.totalCellWrites)} cells`],
    ['Cell writes per inference', `${formatCount(e.writesPerInference)} cells`],
    ['Writes per cell per inference (most-written PE)', formatNumber(e.maxWritesPerCellPerInference)],
    ['Most-written PE and tile', `PE ${e.mostWrittenPe}, tile ${e.mostWrittenTile}`],
    ['Cell endurance', `${formatCompact(e.endurance)} write cycles`],
    ['Lifetime', lifetimeText(r)],
  ]
}

/** Endurance of several runs side by side. */
export function enduranceTable(runs: ReportRun[]): ReportBlock {
  const columns: TableColumn[] = [
    { label: 'run' },
    { label: 'mode' },
    { label: 'total cell writes', numeric: true },
    { label: 'writes / inference', numeric: true },
    { label: 'writes / cell / inference', numeric: true },
    { label: 'most-written PE (tile)', numeric: true },
    { label: 'lifetime' },
  ]
  const rows = runs.map(({ id, result: r }) => {
    const e = r.endurance
    return [
      `#${id}`,
      e.reloadMode ? `reload, ${e.segments} segments` : 'written once',
      formatCount(e.totalCellWrites),
      formatCount(e.writesPerInference),
      formatNumber(e.maxWritesPerCellPerInference),
      `${e.mostWrittenPe} (${e.mostWrittenTile})`,
      formatLifetime(e.lifetimeInferences, e.lifetimeYears),
    ]
  })
  return { type: 'table', columns, rows }
}

const weightsText = (l: LayerResult) =>
  l.k === null || l.n === null ? '—' : `${formatCount(l.k)}×${formatCount(l.n)}${l.groups && l.groups > 1 ? ` ×${l.groups}` : ''}`

/** The per-layer table of one run: every layer, MVM and digital, in network order; the bottleneck layer's row emphasized. */
export function layerTable(r: ExperimentResult, caption?: string): ReportBlock {
  const reload = r.endurance.reloadMode
  const columns: TableColumn[] = [
    { label: '#', numeric: true },
    { label: 'layer', wrap: true },
    { label: 'kind' },
    { label: 'output C×H×W' },
    { label: 'weights K×N', numeric: true },
    { label: 'PEs / copy', numeric: true },
    { label: 'copies', numeric: true },
    { label: 'cell util.', numeric: true },
    { label: 'sets', numeric: true },
    { label: 'MACs', numeric: true },
    { label: 'start (steps)', numeric: true },
    { label: 'end (steps)', numeric: true },
    ...(reload ? [{ label: 'segment', numeric: true }] : []),
  ]
  const rows = r.layers.map((l, i) => {
    const mvm = l.pes > 0
    return [
      String(i),
      l.name,
      l.kind,
      formatShape(l.out),
      weightsText(l),
      mvm ? formatCount(l.pes) : '—',
      mvm ? formatCount(l.copies) : '—',
      l.cellUtilization === null ? '—' : formatPercent(l.cellUtilization),
      formatCount(l.sets),
      mvm ? formatCount(l.macs) : '—',
      stepsCell(l.startSteps),
      stepsCell(l.endSteps),
      ...(reload ? [String(l.segment + 1)] : []),
    ]
  })
  const hot = r.layers.findIndex((l) => l.name === r.bottleneck?.layer)
  return { type: 'table', caption, columns, rows, dense: true, ...(hot >= 0 ? { highlight: hot } : {}) }
}

/**
 * Work and waits of every MVM layer of one run (docs/model-choices.md, "Bottleneck"): copies, work per
 * copy, busy share of the run, copy-steps idle waiting for inputs, set-steps waiting for a free copy;
 * the row of the layer that bounds the latency emphasized. None for results of older versions.
 */
export function layerLoadTable(r: ExperimentResult): ReportBlock[] {
  const rows = r.layers.flatMap((l, i) =>
    l.pes > 0 && l.perCopySteps != null && l.busyFraction != null && l.waitInputsSteps != null && l.waitCopySteps != null
      ? [
          [
            String(i),
            l.name,
            formatCount(l.copies),
            formatCount(l.perCopySteps),
            formatPercent(l.busyFraction),
            formatCount(l.waitInputsSteps),
            formatCount(l.waitCopySteps),
          ],
        ]
      : [],
  )
  if (!rows.length) return []
  const columns: TableColumn[] = [
    { label: '#', numeric: true },
    { label: 'MVM layer', wrap: true },
    { label: 'copies', numeric: true },
    { label: 'work / copy (steps)', numeric: true },
    { label: 'busy in run', numeric: true },
    { label: 'waiting for inputs (copy-steps)', numeric: true },
    { label: 'waiting for a copy (set-steps)', numeric: true },
  ]
  const hot = rows.findIndex((row) => row[1] === r.bottleneck?.layer)
  const caption = `Work and waits per MVM layer${r.bottleneck ? `; ${r.bottleneck.layer} bounds the latency` : ''}`
  return [{ type: 'table', caption, columns, rows, dense: true, ...(hot >= 0 ? { highlight: hot } : {}) }]
}

/**
 * The layers of runs of the same network side by side: PEs of one copy, then each run's copies and
 * the step its last set ends.
 */
export function compareLayerTable(runs: ReportRun[], caption?: string): ReportBlock {
  const first = runs[0].result
  const columns: TableColumn[] = [
    { label: '#', numeric: true },
    { label: 'layer', wrap: true },
    { label: 'kind' },
    { label: 'PEs / copy', numeric: true },
    ...runs.flatMap(({ id }) => [
      { label: `#${id} copies`, numeric: true },
      { label: `#${id} end (steps)`, numeric: true },
    ]),
  ]
  const rows = first.layers.map((l, i) => [
    String(i),
    l.name,
    l.kind,
    l.pes > 0 ? formatCount(l.pes) : '—',
    ...runs.flatMap(({ result }) => {
      const x = result.layers[i]
      return [x.pes > 0 ? formatCount(x.copies) : '—', stepsCell(x.endSteps)]
    }),
  ])
  return { type: 'table', caption, columns, rows, dense: true }
}

/** Whether runs map the same network (same layers by name and kind), so their layers line up. */
export function sameLayers(runs: ReportRun[]): boolean {
  const key = (r: ExperimentResult) => r.layers.map((l) => `${l.name}\u0000${l.kind}`).join('\u0001')
  const k = key(runs[0].result)
  return runs.every((r) => key(r.result) === k)
}

/** The finish date of a run as shown in tables. */
export const finishedText = (run: ReportRun): string => (run.finishedAt ? formatDate(run.finishedAt) : '—')

/** Program version and full input hash of every run (section 9 of cim-model.md: reproducibility). */
export function reproducibilityTable(runs: ReportRun[]): ReportBlock {
  return {
    type: 'table',
    columns: [
      { label: 'run' },
      { label: 'experiment', wrap: true },
      { label: 'finished' },
      { label: 'version' },
      { label: 'input hash (sha256 of network, architecture, options, version)', mono: true },
    ],
    rows: runs.map((r) => [`#${r.id}`, r.experimentName, finishedText(r), r.result.programVersion, r.result.inputHash]),
    dense: true,
  }
}
