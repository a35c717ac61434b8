/**
 * How the architecture editor shows each field, derived from the vocabulary's ARCH_FIELDS (label,
 * unit, hint and allowed range; cim-model.md section 2). Values are checked in main (architectures.validate).
 */
import { formatNs } from '../../../shared/charts/format'
import type { Architecture } from '../../../shared/experiment'
import { mvmLatencyNs } from '../../../shared/formulas'
import { ARCH_FIELDS, rangeText, type ArchGroup, type ArchNumberField } from '../../../shared/schemas/architecture'

export type NumericField = ArchNumberField

export interface FieldInfo {
  key: NumericField
  label: string
  unit: string
  /** What the field means, and the values allowed. */
  hint: string
}

const GROUP_TITLES: Record<ArchGroup, string> = {
  crossbar: 'Crossbar and precision',
  chip: 'Chip and timing',
  energy: 'Energy and endurance',
  components: 'Components: energy and area',
}

export const ARCH_FIELD_GROUPS: { title: string; fields: FieldInfo[] }[] = Object.entries(GROUP_TITLES).map(([group, title]) => ({
  title,
  fields: Object.entries(ARCH_FIELDS)
    .filter(([, f]) => f.group === group)
    .map(([key, f]) => ({ key: key as NumericField, label: f.label, unit: f.unit, hint: `${f.hint} Allowed: ${rangeText(f)}.` })),
}))

/** A one-line description of a chip: "256×256 crossbars · 8-bit cells · ...". */
export function archSummary(a: Architecture): string {
  const chip = a.chipPes === null ? `chip: network minimum + ${a.extraPes} PEs` : `chip: ${a.chipPes} PEs`
  return `${a.crossbarRows}×${a.crossbarCols} crossbars · ${a.cellBits}-bit cells · ${a.weightBits}-bit weights · MVM ${formatNs(mvmLatencyNs(a))} · ${a.pesPerTile} PEs/tile · ${chip}`
}
