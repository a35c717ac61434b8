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

/**
 * First PE of each segment of a reload-mode run, balancing writes over the chip: each segment in turn takes the
 * window of its PEs whose most-programmed PE so far is least programmed (then the fewest programmings in the
 * window, then the lowest PE). Segments that together fill the chip k times are then spread so that no PE is
 * programmed by more than about k of them per batch, instead of PE 0 by every one.
 */
export function balanceSegments(segmentPes: number[], chipPes: number): number[] {
  const load = new Int32Array(chipPes)
  return segmentPes.map((pes) => {
    const first = leastLoadedWindow(load, pes)
    for (let pe = first; pe < first + pes; pe++) load[pe]++
    return first
  })
}

/** Start of the window of `width` PEs with the lowest maximum load, then the lowest total load, then the lowest start. */
function leastLoadedWindow(load: Int32Array, width: number): number {
  const deque: number[] = [] // PEs of the window by decreasing load: its front is the window's most-loaded PE
  let total = 0
  let best = 0
  let bestMax = Infinity
  let bestTotal = Infinity
  for (let pe = 0; pe < load.length; pe++) {
    while (deque.length && load[deque[deque.length - 1]] <= load[pe]) deque.pop()
    deque.push(pe)
    total += load[pe]
    const start = pe - width + 1
    if (start < 0) continue
    if (deque[0] < start) deque.shift()
    if (start > 0) total -= load[start - 1]
    const max = load[deque[0]]
    if (max < bestMax || (max === bestMax && total < bestTotal)) {
      best = start
      bestMax = max
      bestTotal = total
    }
  }
  return best
}
