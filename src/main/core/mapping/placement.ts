import type { CopyPlacement } from '../../../shared/schemas/result'
import type { LayerMapping } from './pes'

/** A run of consecutive MVM layers whose copies are on the chip at the same time. */
export interface PlacementSegment {
  /** Index into the mapping list of its first and one-past-last MVM layer. */
  firstMap: number
  endMap: number
  copies: CopyPlacement[]
}

/**
 * Places copies on the chip's PEs in layer order, a copy spanning tiles where needed. When the
 * copies do not all fit (reload mode, cim-model.md section 8) the layers are cut into consecutive
 * segments that each fit, every segment starting again at PE 0.
 */
export function placeCopies(maps: LayerMapping[], copies: number[], chipPes: number): PlacementSegment[] {
  const segments: PlacementSegment[] = []
  let current: PlacementSegment = { firstMap: 0, endMap: 0, copies: [] }
  let next = 0
  maps.forEach((m, i) => {
    const need = m.pes * copies[i]
    if (next + need > chipPes && current.copies.length) {
      segments.push(current)
      current = { firstMap: i, endMap: i, copies: [] }
      next = 0
    }
    for (let c = 0; c < copies[i]; c++) {
      current.copies.push({ layer: m.layer, copy: c, firstPe: next, pes: m.pes })
      next += m.pes
    }
    current.endMap = i + 1
  })
  segments.push(current)
  return segments
}
