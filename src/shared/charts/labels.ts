/** Display names of the run options in legends, from the registry (src/shared/strategies.ts). */
import { DUPLICATIONS, SCHEDULE_INFO, type DuplicationStrategy, type ScheduleKind, type StrategyInfo } from '../strategies'

const legends = <K extends string>(registry: Record<K, StrategyInfo>) =>
  Object.fromEntries(Object.entries<StrategyInfo>(registry).map(([k, v]) => [k, v.legend])) as Record<K, string>

export const SCHEDULE_LABELS = legends(SCHEDULE_INFO)
export const DUPLICATION_LABELS = legends(DUPLICATIONS)

/** "CLSA-CIM, greedy duplication": how a (schedule, strategy) pair is named in legends. */
export function strategyLabel(schedule: ScheduleKind, duplication: DuplicationStrategy): string {
  return `${SCHEDULE_LABELS[schedule]}, ${DUPLICATION_LABELS[duplication]}`
}
