/**
 * The registry of weight-duplication strategies and schedules (cim-model.md sections 5 and 6): name,
 * label, legend and description. The IPC schema, the CLI's choices and help, the UI's choices and the
 * chart legends all come from here; the core keys its functions by the same names, so a name without
 * a function is a type error.
 */

export interface StrategyInfo {
  /** Short name on buttons and in the CLI help. */
  label: string
  /** How charts and reports name it. */
  legend: string
  /** One line: what it does. */
  description: string
}

export const DUPLICATIONS = {
  none: { label: 'None', legend: 'no duplication', description: 'One copy of every layer.' },
  greedy: {
    label: 'Greedy',
    legend: 'greedy duplication',
    description: 'CLSA-CIM: copy the layer with the most steps again while its PEs fit on the chip.',
  },
  // The key stays `optimal` (stored runs use it); it is the min-max strategy of cim-model.md section 6.
  optimal: {
    label: 'Min-max',
    legend: 'min-max duplication',
    description: 'The least bottleneck (max steps of any layer) within the chip, with the fewest copies; exact for the bottleneck, not for the latency.',
  },
} as const satisfies Record<string, StrategyInfo>

export const SCHEDULE_INFO = {
  'layer-by-layer': { label: 'Layer-by-layer', legend: 'layer-by-layer', description: 'The baseline: one layer at a time, in topological order.' },
  clsa: { label: 'CLSA-CIM', legend: 'CLSA-CIM', description: 'Cross-layer: every copy of every layer runs a set as soon as its dependencies are done.' },
} as const satisfies Record<string, StrategyInfo>

/** Weight-duplication strategies (cim-model.md section 6). */
export type DuplicationStrategy = keyof typeof DUPLICATIONS
/** The schedules a run can use (cim-model.md section 5). */
export type ScheduleKind = keyof typeof SCHEDULE_INFO

const names = <K extends string>(registry: Record<K, StrategyInfo>) => Object.keys(registry) as [K, ...K[]]
export const DUPLICATION_STRATEGIES = names(DUPLICATIONS)
export const SCHEDULES = names(SCHEDULE_INFO)
