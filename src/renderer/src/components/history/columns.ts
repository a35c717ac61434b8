/** The columns of the run table: title, width, sort key in main, and how a row's cell reads. */
import { formatCompact, formatEnergyNj, formatFactor, formatLifetime, formatNs, formatPercent } from '../../../../shared/charts/format'
import { SCHEDULE_LABELS } from '../../../../shared/charts/labels'
import type { RunListItem } from '../../../../shared/ipc'
import type { RunSortKey } from '../../stores/runs'

export interface RunColumn {
  key: string
  title: string
  width: number
  sort?: RunSortKey
  numeric?: boolean
  hint?: string
  cell: (r: RunListItem) => string
}

const metric = (r: RunListItem, f: (s: NonNullable<RunListItem['summary']>) => string) => (r.summary ? f(r.summary) : '')
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' })

export const RUN_COLUMNS: RunColumn[] = [
  { key: 'id', title: '#', width: 56, sort: 'id', numeric: true, cell: (r) => String(r.id) },
  { key: 'network', title: 'Network', width: 110, sort: 'network', cell: (r) => r.networkName },
  { key: 'arch', title: 'Chip', width: 96, cell: (r) => r.archName },
  { key: 'schedule', title: 'Schedule', width: 104, cell: (r) => SCHEDULE_LABELS[r.schedule] },
  { key: 'strategy', title: 'Duplication', width: 104, hint: 'Weight duplication strategy', cell: (r) => r.strategy },
  { key: 'status', title: 'Status', width: 80, sort: 'status', cell: (r) => r.status },
  {
    key: 'latencySteps',
    title: 'Latency',
    width: 104,
    sort: 'latencySteps',
    numeric: true,
    hint: 'Makespan, MVM steps',
    cell: (r) => metric(r, (s) => `${formatCompact(s.latencySteps)} steps`),
  },
  {
    key: 'latencyNs',
    title: 'Time',
    width: 84,
    sort: 'latencyNs',
    numeric: true,
    hint: 'Makespan in time',
    cell: (r) => metric(r, (s) => formatNs(s.latencyNs)),
  },
  {
    key: 'speedup',
    title: 'Speedup',
    width: 90,
    sort: 'speedupVsBaseline',
    numeric: true,
    hint: 'Against layer-by-layer without duplication',
    cell: (r) => metric(r, (s) => formatFactor(s.speedupVsBaseline)),
  },
  {
    key: 'utilChip',
    title: 'Util. chip',
    width: 84,
    sort: 'utilizationChip',
    numeric: true,
    hint: 'PE utilization over chip PEs',
    cell: (r) => metric(r, (s) => formatPercent(s.utilizationChip)),
  },
  {
    key: 'utilAlloc',
    title: 'Util. alloc.',
    width: 90,
    sort: 'utilizationAllocated',
    numeric: true,
    hint: 'PE utilization over allocated PEs',
    cell: (r) => metric(r, (s) => formatPercent(s.utilizationAllocated)),
  },
  {
    key: 'bound',
    title: 'Lower bound',
    width: 104,
    sort: 'lowerBoundSteps',
    numeric: true,
    hint: 'Lower bound of the latency, MVM steps',
    cell: (r) => metric(r, (s) => `${formatCompact(s.lowerBoundSteps)} steps`),
  },
  { key: 'pesChip', title: 'Chip PEs', width: 84, sort: 'pesChip', numeric: true, cell: (r) => metric(r, (s) => `${formatCompact(s.pesChip)} PEs`) },
  {
    key: 'pesAllocated',
    title: 'Alloc. PEs',
    width: 88,
    sort: 'pesAllocated',
    numeric: true,
    cell: (r) => metric(r, (s) => `${formatCompact(s.pesAllocated)} PEs`),
  },
  { key: 'energy', title: 'Energy', width: 84, sort: 'energyNj', numeric: true, cell: (r) => metric(r, (s) => formatEnergyNj(s.energyNj)) },
  {
    key: 'writes',
    title: 'Cell writes',
    width: 96,
    sort: 'totalCellWrites',
    numeric: true,
    cell: (r) => metric(r, (s) => `${formatCompact(s.totalCellWrites)} cells`),
  },
  {
    key: 'lifetime',
    title: 'Lifetime',
    width: 120,
    sort: 'lifetimeInferences',
    numeric: true,
    hint: 'Inferences until the most-written cell wears out',
    cell: (r) => metric(r, (s) => formatLifetime(s.lifetimeInferences)),
  },
  { key: 'experiment', title: 'Experiment', width: 170, cell: (r) => r.experimentName },
  { key: 'created', title: 'Created', width: 150, sort: 'created', cell: (r) => dateTime.format(new Date(r.createdAt)) },
]

const texts = new WeakMap<RunListItem, string[]>()

/** The cell texts of a run's row, formatted once per fetched row (rows scroll in and out often). */
export function rowTexts(r: RunListItem): string[] {
  let t = texts.get(r)
  if (!t) texts.set(r, (t = RUN_COLUMNS.map((c) => c.cell(r))))
  return t
}

/** Width of the selection column plus every column, px. */
export const RUN_TABLE_WIDTH = 32 + RUN_COLUMNS.reduce((a, c) => a + c.width, 0)

/** The CSS grid columns of a row: selection, then every column. */
export const RUN_GRID_COLUMNS = ['32px', ...RUN_COLUMNS.map((c) => `${c.width}px`)].join(' ')
