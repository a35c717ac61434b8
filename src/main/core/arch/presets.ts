import { validateArchitecture, type Architecture, type ArchitectureInput } from '../../../shared/schemas/architecture'

/**
 * Named, versioned chip presets (cim-model.md section 2). Figures are representative of each
 * family, not exact reproductions of the published chips; each comment says where they come from.
 * A field a preset leaves out takes the schema's default.
 */
/**
 * What the ISAAC- and PUMA-like presets share: 128x128 crossbars of 2-bit cells, 16-bit weights and
 * 16-bit inputs through 1-bit DACs, a fixed chip (no extra PEs), GPEU latency 0, 50 ns row writes and
 * their energy figures.
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
  mvmEnergyPj: 300,
  digitalOpEnergyPj: 1,
  cellWriteEnergyPj: 10,
  endurance: 1e8,
} satisfies ArchitectureInput

export const PRESETS: Record<string, ArchitectureInput> = {
  /**
   * CLSA-CIM-like default (Pelke et al., DATE 2024): the architecture schema's defaults. 256x256
   * crossbars, one weight per cell (8-bit cells, 8-bit weights), bit-serial 8-bit inputs with 1-bit
   * DACs, chip sized to the network plus 64 extra PEs, GPEU latency 0 and data movement ignored as
   * in the paper.
   */
  'clsa-cim': { name: 'clsa-cim', version: 1 },
  /**
   * ISAAC-like (Shafiee et al., ISCA 2016): 16-bit weights in 8 slices at 100 ns per cycle,
   * 12 IMAs x 8 crossbars = 96 PEs per tile, 168 tiles.
   */
  isaac: { ...ISAAC_FAMILY, name: 'isaac', cycleNs: 100, pesPerTile: 96, chipPes: 168 * 96 },
  /**
   * PUMA-like (Ankit et al., ASPLOS 2019): 16-bit weights, 8 cores x 2 MVMUs x 8 crossbars =
   * 128 PEs per tile, 138 tiles.
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
