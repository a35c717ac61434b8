import { slicesPerWeight, type Architecture } from '../arch/spec'
import { isMvm, weightMatrix, type Network } from '../model/ir'

/** How one copy of an MVM layer sits on crossbars (cim-model.md section 3). */
export interface LayerMapping {
  /** Index of the layer in the network. */
  layer: number
  /** Weight-matrix rows K and columns N of one group, and the number of groups. */
  k: number
  n: number
  groups: number
  /** PEs one copy needs. */
  pes: number
  /** Cells holding weights in one copy. */
  usedCells: number
  /** usedCells / (pes * R * C). */
  cellUtilization: number
}

/** Error for a mapping that cannot exist on the chip (names layer and numbers). */
export class MappingError extends Error {
  override name = 'MappingError'
}

/**
 * PEs for one copy of each MVM layer: ceil(K/R) * ceil(N*s/C) for dense blocks; grouped and
 * depthwise convolutions pack g_per_pe groups block-diagonally into one crossbar when a group fits.
 */
export function mapLayers(net: Network, arch: Architecture): LayerMapping[] {
  const s = slicesPerWeight(arch)
  const R = arch.crossbarRows
  const C = arch.crossbarCols
  const out: LayerMapping[] = []
  net.layers.forEach((layer, i) => {
    if (!isMvm(layer)) return
    const { k, n, groups } = weightMatrix(net, layer)!
    const cols = n * s
    let pes: number
    if (groups > 1 && k <= R && cols <= C) {
      const perPe = Math.min(Math.floor(R / k), Math.floor(C / cols))
      pes = Math.ceil(groups / perPe)
    } else {
      pes = groups * Math.ceil(k / R) * Math.ceil(cols / C)
    }
    const usedCells = groups * k * cols
    out.push({ layer: i, k, n, groups, pes, usedCells, cellUtilization: usedCells / (pes * R * C) })
  })
  return out
}

/** The least PEs that hold one copy of every MVM layer. */
export function minimumPes(maps: LayerMapping[]): number {
  return maps.reduce((sum, m) => sum + m.pes, 0)
}

/** PEs on the chip: the architecture's, or the network minimum plus extra PEs when the chip is sized to the network. */
export function chipPes(arch: Architecture, minimum: number): number {
  return arch.chipPes ?? minimum + arch.extraPes
}
