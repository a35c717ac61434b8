/** Component energy of a run (cim-model.md sections 7 and 10). */
import type { EnergyBreakdown } from '../../../shared/energy'
import { mvmCycles, slicesPerWeight } from '../../../shared/formulas'
import type { Architecture } from '../arch/spec'
import type { LayerMapping } from '../mapping/pes'

/** What one set of an MVM layer does on one copy (all its PEs), per input bit-slice unless said otherwise. */
export interface CopyMvm {
  /** Crossbar cells holding the copy's weights: each is read. */
  cells: number
  /** Rows driven over the copy's PEs: every column block sees all K rows of each group. */
  rows: number
  /** ADC conversions over the copy's PEs: every row block converts all its used columns. */
  conversions: number
  /** Activation elements read from and written to the buffers per MVM (inputs K + outputs N per group). */
  elements: number
}

/** One copy-MVM of a mapped layer (cim-model.md section 3): groups x K rows, groups x N x s columns. */
export function copyMvm(m: LayerMapping, arch: Architecture): CopyMvm {
  const cols = m.n * slicesPerWeight(arch)
  return {
    cells: m.usedCells,
    rows: m.groups * m.k * Math.ceil(cols / arch.crossbarCols),
    conversions: m.groups * cols * Math.ceil(m.k / arch.crossbarRows),
    elements: m.groups * (m.k + m.n),
  }
}

/** A run's activity: what the energy components are charged for. */
export interface Activity {
  /** MVMs on single PEs (a copy-MVM of a P-PE copy counts P). */
  mvms: number
  /** Copy-MVMs of each mapped layer, with the work of one. */
  copyMvms: { count: number; work: CopyMvm }[]
  /** Output elements of digital layers. */
  digitalOps: number
  cellWrites: number
  tiles: number
  latencyNs: number
  /** Bits moved over on-chip links, times the hops each takes (0 without a network). */
  bitHops: number
}

/** A run's energy: per component and in total, nJ. */
export interface Energy {
  componentsNj: EnergyBreakdown
  /** Sum of the components, added in pJ in component order. */
  totalNj: number
}

/**
 * Energy per component: the lumped MVM energy per PE-MVM; crossbar, DAC, ADC and shift-and-add energies
 * per input bit-slice (ceil(inputBits / dacBits) per MVM) by cells, rows and conversions used; buffers per
 * activation byte (inputBits / 8 per element); the digital unit per output element; routers (per tile) and
 * off-chip links as static power over the latency (mW x ns = pJ); on-chip network traffic per bit and hop; programming per cell write. With only the
 * lumped, digital and programming terms the total is exactly (MVMs x mvmEnergyPj + ops x opPj + writes x writePj) / 1000.
 */
export function runEnergy(a: Activity, arch: Architecture): Energy {
  const slices = mvmCycles(arch)
  const per = (f: (w: CopyMvm) => number) => a.copyMvms.reduce((sum, l) => sum + l.count * f(l.work), 0)
  const pj: EnergyBreakdown = {
    mvm: a.mvms * arch.mvmEnergyPj,
    crossbar: per((w) => w.cells) * slices * arch.cellReadPj,
    dac: per((w) => w.rows) * slices * arch.dacPj,
    adc: per((w) => w.conversions) * slices * arch.adcPj,
    shiftAdd: per((w) => w.conversions) * slices * arch.shiftAddPj,
    buffers: ((per((w) => w.elements) * arch.inputBits) / 8) * arch.bufferBytePj,
    digital: a.digitalOps * arch.digitalOpEnergyPj,
    router: a.tiles * arch.routerMw * a.latencyNs,
    noc: a.bitHops * arch.linkEnergyPjPerBit,
    io: arch.ioMw * a.latencyNs,
    programming: a.cellWrites * arch.cellWriteEnergyPj,
  }
  const values = Object.values(pj)
  return {
    componentsNj: Object.fromEntries(Object.entries(pj).map(([k, v]) => [k, v / 1000])) as EnergyBreakdown,
    totalNj: values.reduce((sum, v) => sum + v, 0) / 1000,
  }
}
