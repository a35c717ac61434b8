import { validateArchitecture, type Architecture, type ArchitectureInput } from '../../../shared/schemas/architecture'

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
   * in the paper.
   */
  'clsa-cim': { name: 'clsa-cim', version: 1 },
  /**
   * ISAAC-like (Shafiee et al., ISCA 2016): 128x128 crossbars of 2-bit cells, 16-bit weights
   * in 8 slices, 16-bit inputs with 1-bit DACs at 100 ns per cycle, 12 IMAs x 8 crossbars =
   * 96 PEs per tile, 168 tiles.
   */
  isaac: {
    name: 'isaac',
    version: 1,
    crossbarRows: 128,
    crossbarCols: 128,
    cellBits: 2,
    weightBits: 16,
    differential: false,
    inputBits: 16,
    dacBits: 1,
    cycleNs: 100,
    pesPerTile: 96,
    chipPes: 168 * 96,
    extraPes: 0,
    gpeuLatencyNs: 0,
    rowWriteNs: 50,
    mvmEnergyPj: 300,
    digitalOpEnergyPj: 1,
    cellWriteEnergyPj: 10,
    endurance: 1e8,
  },
  /**
   * PUMA-like (Ankit et al., ASPLOS 2019): 128x128 crossbars of 2-bit cells, 16-bit weights,
   * 16-bit inputs through 1-bit DACs, 8 cores x 2 MVMUs x 8 crossbars = 128 PEs per tile,
   * 138 tiles.
   */
  puma: {
    name: 'puma',
    version: 1,
    crossbarRows: 128,
    crossbarCols: 128,
    cellBits: 2,
    weightBits: 16,
    differential: false,
    inputBits: 16,
    dacBits: 1,
    cycleNs: 144,
    pesPerTile: 128,
    chipPes: 138 * 128,
    extraPes: 0,
    gpeuLatencyNs: 0,
    rowWriteNs: 50,
    mvmEnergyPj: 300,
    digitalOpEnergyPj: 1,
    cellWriteEnergyPj: 10,
    endurance: 1e8,
  },
}

export const DEFAULT_PRESET = 'clsa-cim'

/** A named preset with every field; throws naming the presets when the name is unknown. */
export function presetArchitecture(name: string): Architecture {
  const a = PRESETS[name]
  if (!a) throw new Error(`unknown architecture preset "${name}": choose one of ${Object.keys(PRESETS).join(', ')} or give a .json file`)
  return validateArchitecture(a, `preset ${name}`)
}
