import { validateArchitecture, type Architecture, type ArchitectureInput } from '../../../shared/schemas/architecture'

/**
 * ISAAC's per-event component energies, pJ, from the power figures of Shafiee et al., ISCA 2016, Table 6
 * (32 nm, 100 ns cycle = one input bit-slice, 1.28 GS/s ADCs; mW x ns = pJ, mW / (GS/s) = pJ). Areas are
 * the architecture defaults (the same table, per unit). Per IMA of 8 128x128 crossbars: arrays 2.4 mW,
 * 8x128 DACs 4 mW, 8 ADCs 16 mW, S+H 0.01 mW, S+A 0.2 mW, IR 1.24 mW, OR 0.23 mW; per tile of 12 IMAs:
 * eDRAM 20.7 mW, bus 7 mW, OR 1.68 mW, sigmoid 0.52 mW, S+A 0.05 mW, max-pool 0.4 mW, router 42 mW per
 * 4 tiles; per chip: HyperTransport links 10.4 W, 22.88 mm².
 */
const ISAAC_COMPONENTS = {
  mvmEnergyPj: 0,
  cellReadPj: ((2.4 / 8) * 100) / (128 * 128),
  dacPj: (4 / (8 * 128)) * 100,
  adcPj: (16 + 0.01) / 8 / 1.28,
  shiftAddPj: 0.2 / 8 / 1.28,
  // Buffers, bus and IR/OR of a tile over the bytes its 96 PEs move at full rate: (128 inputs + 16 outputs) x 2 bytes per 1600 ns MVM.
  bufferBytePj: (20.7 + 7 + 12 * (1.24 + 0.23) + 1.68) / ((96 * (128 + 16) * 2) / 1600),
  // Sigmoid, S+A and max-pool of a tile over the outputs its 96 PEs produce at full rate: 16 per 1600 ns MVM.
  digitalOpEnergyPj: (0.52 + 0.05 + 0.4) / ((96 * 16) / 1600),
  routerMw: 42 / 4,
  colsPerAdc: 128,
}

/**
 * What the ISAAC- and PUMA-like presets share: 128x128 crossbars of 2-bit cells, 16-bit weights and
 * 16-bit inputs through 1-bit DACs, a fixed chip (no extra PEs), GPEU latency 0, 50 ns row writes and
 * ISAAC's component figures.
 */
const ISAAC_FAMILY = {
  version: 1,
  crossbarRows: 128,
  crossbarCols: 128,
  cellBits: 2,
  weightBits: 16,
  differential: false,
  inputBits: 16,
  dacBits: 1,
  extraPes: 0,
  gpeuLatencyNs: 0,
  rowWriteNs: 50,
  ...ISAAC_COMPONENTS,
  cellWriteEnergyPj: 10,
  endurance: 1e8,
} satisfies ArchitectureInput

/**
 * Named, versioned chip presets (cim-model.md section 2). Figures are representative of each
 * family, not exact reproductions of the published chips; each comment says where they come from.
 * A field a preset leaves out takes the schema's default.
 */
export const PRESETS: Record<string, ArchitectureInput> = {
  /**
   * CLSA-CIM-like default (Pelke et al., DATE 2024): the architecture schema's defaults. 256x256
   * crossbars, one weight per cell (8-bit cells, 8-bit weights), bit-serial 8-bit inputs with 1-bit
   * DACs, chip sized to the network plus 64 extra PEs, GPEU latency 0 and data movement ignored as
   * in the paper. The paper publishes no component figures: energy stays one lumped figure per MVM
   * (1000 pJ, digital op 1 pJ, cell write 10 pJ), areas are ISAAC's per-unit figures (the schema defaults).
   */
  'clsa-cim': { name: 'clsa-cim', version: 1 },
  /**
   * ISAAC-like (Shafiee et al., ISCA 2016): 16-bit weights in 8 slices at 100 ns per cycle,
   * 12 IMAs x 8 crossbars = 96 PEs per tile, 168 tiles, with its off-chip links. Component energies
   * and areas from the paper's Table 6 (see ISAAC_COMPONENTS); its chip comes out at 65.8 W and
   * 85.4 mm² as published.
   */
  isaac: { ...ISAAC_FAMILY, name: 'isaac', cycleNs: 100, pesPerTile: 96, chipPes: 168 * 96, ioMw: 10_400, ioAreaMm2: 22.88 },
  /**
   * PUMA-like (Ankit et al., ASPLOS 2019): 16-bit weights, 8 cores x 2 MVMUs x 8 crossbars =
   * 128 PEs per tile, 138 tiles. PUMA's own component table could not be checked offline: the
   * components are ISAAC's (the same 32 nm ADC, DAC and crossbar family), without ISAAC's off-chip links.
   */
  puma: { ...ISAAC_FAMILY, name: 'puma', cycleNs: 144, pesPerTile: 128, chipPes: 138 * 128 },
}

export const DEFAULT_PRESET = 'clsa-cim'

/** A named preset with every field; throws naming the presets when the name is unknown. */
export function presetArchitecture(name: string): Architecture {
  const a = PRESETS[name]
  if (!a) throw new Error(`unknown architecture preset "${name}": choose one of ${Object.keys(PRESETS).join(', ')} or give a .json file`)
  return validateArchitecture(a, `preset ${name}`)
}
