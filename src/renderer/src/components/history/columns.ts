/** The columns of the run table: the run's own fields, then every stored figure of the metric catalog. */
import { SCHEDULE_LABELS } from '../../../../shared/charts/labels'
import type { RunListItem } from '../../../../shared/ipc'
import { formatCount } from '../../../../shared/charts/format'
import { STORED_METRICS, extraPes, formatMetric } from '../../../../shared/metrics'
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

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' })

/** A stored figure's column: sortable in main, formatted by the catalog. */
const figureColumn = (m: (typeof STORED_METRICS)[number]): RunColumn => ({
  key: m.key,
  title: m.short ?? m.label,
  width: 112,
  sort: m.key,
  numeric: true,
  hint: `${m.label}: ${m.definition}`,
  cell: (r) => (r.summary ? formatMetric(m, r.summary[m.key]) : ''),
})

export const RUN_COLUMNS: RunColumn[] = [
  { key: 'id', title: '#', width: 56, sort: 'id', numeric: true, cell: (r) => String(r.id) },
  { key: 'network', title: 'Network', width: 110, sort: 'network', cell: (r) => r.networkName },
  { key: 'arch', title: 'Chip', width: 96, cell: (r) => r.archName },
  { key: 'crossbar', title: 'Crossbar', width: 84, hint: 'Crossbar rows × columns of the chip the run ran on', cell: (r) => r.crossbar ?? '' },
  {
    key: 'extraPes',
    title: 'Extra PEs',
    width: 84,
    sort: 'extraPes',
    numeric: true,
    hint: 'Chip PEs beyond the network minimum',
    cell: (r) => (r.summary ? formatCount(extraPes(r.summary)) : ''),
  },
  { key: 'schedule', title: 'Schedule', width: 104, cell: (r) => SCHEDULE_LABELS[r.schedule] },
  { key: 'strategy', title: 'Duplication', width: 104, hint: 'Weight duplication strategy', cell: (r) => r.strategy },
  { key: 'status', title: 'Status', width: 80, sort: 'status', cell: (r) => r.status },
  ...STORED_METRICS.map(figureColumn),
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
