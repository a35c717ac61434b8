/**
 * The components of a run's energy (cim-model.md sections 7 and 10), in the order breakdowns show
 * them. A run's `energy.breakdownNj` holds one entry per component; they add up to `summary.energyNj`.
 */
import { formatEnergyNj, formatPercent } from './charts/format'

export const ENERGY_COMPONENTS = {
  mvm: 'MVM (lumped)',
  crossbar: 'Crossbar reads',
  dac: 'DACs',
  adc: 'ADCs',
  shiftAdd: 'Shift-and-add',
  buffers: 'Buffers',
  digital: 'Digital unit',
  router: 'Routers (static)',
  noc: 'On-chip network traffic',
  io: 'Off-chip links (static)',
  programming: 'Cell programming',
} as const
export type EnergyComponent = keyof typeof ENERGY_COMPONENTS

/** Energy per component, nJ. */
export type EnergyBreakdown = Record<EnergyComponent, number>

/** The label of a component key (a key this version does not know is shown as is). */
export function energyComponentLabel(key: string): string {
  return (ENERGY_COMPONENTS as Record<string, string>)[key] ?? key
}

/** The components that are not zero as [label, "energy (share of the total)"] rows (CLI and report tables). */
export function energyRows(b: Record<string, number>, totalNj: number): [string, string][] {
  return Object.entries(b)
    .filter(([, nj]) => nj > 0)
    .map(([k, nj]) => [energyComponentLabel(k), `${formatEnergyNj(nj)} (${formatPercent(nj / totalNj)})`])
}
