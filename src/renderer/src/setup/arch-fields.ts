/**
 * How the architecture editor shows each field: label, unit and what it means (cim-model.md
 * section 2). Allowed ranges are checked in main (architectures.validate), not repeated here.
 */
import { formatNs } from '../../../shared/charts/format'
import type { Architecture } from '../../../shared/experiment'

export type NumericField = Exclude<keyof Architecture, 'name' | 'differential' | 'chipPes'>

export interface FieldInfo {
  key: NumericField
  label: string
  unit: string
  hint: string
}

export const ARCH_FIELD_GROUPS: { title: string; fields: FieldInfo[] }[] = [
  {
    title: 'Crossbar and precision',
    fields: [
      { key: 'crossbarRows', label: 'Crossbar rows R', unit: 'rows', hint: 'Inputs of one crossbar array (one PE).' },
      { key: 'crossbarCols', label: 'Crossbar columns C', unit: 'columns', hint: 'Outputs of one crossbar array (one PE).' },
      { key: 'cellBits', label: 'Cell bits', unit: 'bits', hint: 'Bits stored per RRAM cell.' },
      { key: 'weightBits', label: 'Weight bits', unit: 'bits', hint: 'Weight precision: a weight takes ceil(weight bits / cell bits) columns.' },
      { key: 'inputBits', label: 'Input bits', unit: 'bits', hint: 'Activation precision, fed bit-serially.' },
      { key: 'dacBits', label: 'DAC bits', unit: 'bits', hint: 'Bits fed per cycle: an MVM takes ceil(input bits / DAC bits) cycles.' },
    ],
  },
  {
    title: 'Chip and timing',
    fields: [
      { key: 'pesPerTile', label: 'PEs per tile', unit: 'PEs', hint: 'Crossbars with their periphery on one tile.' },
      { key: 'extraPes', label: 'Extra PEs', unit: 'PEs', hint: 'When the chip is sized to the network: PEs above the network minimum.' },
      { key: 'cycleNs', label: 'Cycle time', unit: 'ns', hint: 'One input-bit cycle of a crossbar read (DAC, array, ADC, shift-and-add).' },
      { key: 'gpeuLatencyNs', label: 'GPEU latency', unit: 'ns', hint: 'Digital-unit time per digital-layer set; 0 as in the paper.' },
      { key: 'rowWriteNs', label: 'Row write time', unit: 'ns', hint: 'Programming one crossbar row; a PE takes rows × this.' },
      { key: 'version', label: 'Version', unit: '', hint: 'Version of this named architecture, stored with results.' },
    ],
  },
  {
    title: 'Energy and endurance',
    fields: [
      { key: 'mvmEnergyPj', label: 'MVM energy', unit: 'pJ', hint: 'One MVM on one PE.' },
      { key: 'digitalOpEnergyPj', label: 'Digital op energy', unit: 'pJ', hint: 'One output element of a digital layer.' },
      { key: 'cellWriteEnergyPj', label: 'Cell write energy', unit: 'pJ', hint: 'Writing one RRAM cell.' },
      { key: 'endurance', label: 'Endurance', unit: 'write cycles', hint: 'Write cycles a cell survives.' },
    ],
  },
]

/** A one-line description of a chip: "256×256 crossbars · 8-bit cells · ...". */
export function archSummary(a: Architecture): string {
  const mvmNs = Math.ceil(a.inputBits / a.dacBits) * a.cycleNs
  const chip = a.chipPes === null ? `chip: network minimum + ${a.extraPes} PEs` : `chip: ${a.chipPes} PEs`
  return `${a.crossbarRows}×${a.crossbarCols} crossbars · ${a.cellBits}-bit cells · ${a.weightBits}-bit weights · MVM ${formatNs(mvmNs)} · ${a.pesPerTile} PEs/tile · ${chip}`
}
