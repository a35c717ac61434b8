import type { CopyPlacement } from '../../../shared/schemas/result'
import type { Placement } from '../../../shared/schemas/spec'
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
 * segments that each fit, every segment starting again at PE 0. `contiguous` puts each layer's copies
 * side by side; `spread` keeps the segments but deals a segment's copies round by round (copy 0 of every
 * layer, then copy 1 of the layers that have one, ...), so a layer's copies sit apart on the chip.
 */
export function placeCopies(maps: LayerMapping[], copies: number[], chipPes: number, order: Placement = 'contiguous'): PlacementSegment[] {
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
  if (order === 'spread') segments.forEach(spread)
  return segments
}

/** Re-places a segment's copies round by round, in layer order within a round; the copies keep their order in the list. */
function spread(segment: PlacementSegment): void {
  const rounds = [...segment.copies].sort((a, b) => a.copy - b.copy) // stable: layer order within a round
  let next = 0
  for (const c of rounds) {
    c.firstPe = next
    next += c.pes
  }
}
