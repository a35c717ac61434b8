/**
 * The filters and sort keys of run listings, as fixed SQL over runs r and results res (left-joined).
 */
import type { DuplicationStrategy, ScheduleKind } from '../../shared/experiment'
import { STORED_METRICS, type StoredMetricKey } from '../../shared/metrics'
import type { RunStatus } from '../../shared/records'
import { containsPattern } from './sql-filter'

export interface RunFilter {
  /** Part of the experiment name, the network name or the result's model (case-insensitive). */
  text?: string
  experimentId?: number
  /** Part of the experiment's name (case-insensitive). */
  experimentName?: string
  /** Network name as in the spec (zoo name or the imported network's name). */
  network?: string
  /** Architecture name (preset name or the architecture document's name). */
  architecture?: string
  /** Duplication strategy. */
  strategy?: DuplicationStrategy
  schedule?: ScheduleKind
  /** A tag of the run's experiment. */
  tag?: string
  status?: RunStatus | RunStatus[]
  /** Created at or after this ISO time. */
  createdFrom?: string
  /** Created before this ISO time. */
  createdTo?: string
}

/** Sort keys: the run's own fields, then the stored figures of the metric catalog. */
export type RunSortKey = 'id' | 'created' | 'finished' | 'model' | 'network' | 'status' | 'extraPes' | StoredMetricKey

/** SQL of each sort key (only these ever reach ORDER BY). */
export const RUN_SORT: Record<RunSortKey, string> = {
  id: 'r.id',
  created: 'r.created_at',
  finished: 'r.finished_at',
  model: 'res.model',
  network: 'r.network_name',
  status: 'r.status',
  extraPes: '(res.pes_chip - res.pes_minimum)',
  ...(Object.fromEntries(STORED_METRICS.map((m) => [m.key, `res.${m.column}`])) as Record<StoredMetricKey, string>),
}

export const RUN_SORT_KEYS = Object.keys(RUN_SORT) as RunSortKey[]

/** The WHERE fragments (joined with AND) and their parameters for a run filter. */
export function runMatch(f: RunFilter): { fragments: string[]; params: unknown[] } {
  const fragments: string[] = []
  const params: unknown[] = []
  const add = (sql: string, ...values: unknown[]) => {
    fragments.push(sql)
    params.push(...values)
  }
  if (f.text) {
    const p = containsPattern(f.text)
    add(
      `(r.network_name LIKE ? ESCAPE '\\' OR res.model LIKE ? ESCAPE '\\' OR r.experiment_id IN (SELECT id FROM experiments WHERE name LIKE ? ESCAPE '\\'))`,
      p,
      p,
      p,
    )
  }
  if (f.experimentId !== undefined) add('r.experiment_id = ?', f.experimentId)
  if (f.experimentName) add(`r.experiment_id IN (SELECT id FROM experiments WHERE name LIKE ? ESCAPE '\\')`, containsPattern(f.experimentName))
  if (f.network !== undefined) add('r.network_name = ?', f.network)
  if (f.architecture !== undefined) add('r.arch_name = ?', f.architecture)
  if (f.strategy !== undefined) add('r.strategy = ?', f.strategy)
  if (f.schedule !== undefined) add('r.schedule = ?', f.schedule)
  if (f.tag !== undefined) add('EXISTS (SELECT 1 FROM experiment_tags t WHERE t.experiment_id = r.experiment_id AND t.tag = ?)', f.tag)
  if (f.status !== undefined) {
    const list = Array.isArray(f.status) ? f.status : [f.status]
    add(list.length ? `r.status IN (${list.map(() => '?').join(', ')})` : '0', ...list)
  }
  if (f.createdFrom !== undefined) add('r.created_at >= ?', f.createdFrom)
  if (f.createdTo !== undefined) add('r.created_at < ?', f.createdTo)
  return { fragments, params }
}
