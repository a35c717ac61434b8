/** Display names of the run options, in the domain's words (cim-model.md sections 5 and 6). */
import type { DuplicationStrategy, ScheduleKind } from '../experiment'

export const SCHEDULE_LABELS: Record<ScheduleKind, string> = {
  clsa: 'CLSA-CIM',
  'layer-by-layer': 'layer-by-layer',
}

export const DUPLICATION_LABELS: Record<DuplicationStrategy, string> = {
  none: 'no duplication',
  greedy: 'greedy duplication',
  optimal: 'optimal duplication',
}

/** "CLSA-CIM, greedy duplication": how a (schedule, strategy) pair is named in legends. */
export function strategyLabel(schedule: ScheduleKind, duplication: DuplicationStrategy): string {
  return `${SCHEDULE_LABELS[schedule]}, ${DUPLICATION_LABELS[duplication]}`
}
