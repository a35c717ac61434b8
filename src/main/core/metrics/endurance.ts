import { SECONDS_PER_YEAR, tileOf } from '../../../shared/formulas'
import type { EnduranceResult, TileResult } from '../../../shared/experiment'
import type { LayerMapping } from '../mapping/pes'
import type { PlacementSegment } from '../mapping/placement'

/**
 * Cell writes and lifetime (cim-model.md section 8). When the network fits, weights are written
 * once (one write per used cell of every copy). In reload mode every segment is programmed once
 * per batch of `batch` inferences, so a PE is rewritten once per segment that uses it. The writes
 * of a layer are the used cells of each of its copies, once per segment that programs the copy.
 */
export function endurance(
  maps: LayerMapping[],
  segments: PlacementSegment[],
  pesPerTile: number,
  batch: number,
  cellEndurance: number,
  inferenceRate: number,
): { result: EnduranceResult; tiles: TileResult[]; layerCellWrites: Map<number, number> } {
  const cellsOf = new Map(maps.map((m) => [m.layer, m.usedCells / m.pes]))
  const programmings = new Map<number, number>() // PE -> times programmed in one batch
  const peCells = new Map<number, number>() // PE -> cells written per batch
  const usedCells = new Map(maps.map((m) => [m.layer, m.usedCells]))
  const layerCellWrites = new Map<number, number>() // MVM layer -> cells written per batch, over its copies
  for (const seg of segments) {
    for (const c of seg.copies) {
      layerCellWrites.set(c.layer, (layerCellWrites.get(c.layer) ?? 0) + usedCells.get(c.layer)!)
      for (let pe = c.firstPe; pe < c.firstPe + c.pes; pe++) {
        programmings.set(pe, (programmings.get(pe) ?? 0) + 1)
        peCells.set(pe, (peCells.get(pe) ?? 0) + cellsOf.get(c.layer)!)
      }
    }
  }
  const reloadMode = segments.length > 1
  const totalCellWrites = Math.round([...peCells.values()].reduce((a, b) => a + b, 0))
  let mostWrittenPe = 0
  for (const [pe, n] of programmings) if (n > (programmings.get(mostWrittenPe) ?? 0)) mostWrittenPe = pe
  const maxProgrammings = programmings.get(mostWrittenPe) ?? 0
  const tileMap = new Map<number, TileResult>()
  for (const [pe, cells] of peCells) {
    const tile = tileOf(pe, pesPerTile)
    const t = tileMap.get(tile) ?? { tile, pesUsed: 0, cellWrites: 0 }
    t.pesUsed++
    t.cellWrites += cells
    tileMap.set(tile, t)
  }
  const tiles = [...tileMap.values()].sort((a, b) => a.tile - b.tile).map((t) => ({ ...t, cellWrites: Math.round(t.cellWrites) }))
  const mostWrittenTile = tiles.reduce((best, t) => (t.cellWrites > best.cellWrites ? t : best), tiles[0]).tile
  const perInference = reloadMode ? maxProgrammings / batch : 0
  const lifetimeInferences = reloadMode ? cellEndurance / perInference : null
  return {
    result: {
      segments: segments.length,
      reloadMode,
      totalCellWrites,
      writesPerInference: reloadMode ? totalCellWrites / batch : 0,
      maxWritesPerCellPerInference: perInference,
      mostWrittenPe,
      mostWrittenTile,
      endurance: cellEndurance,
      lifetimeInferences,
      lifetimeYears: lifetimeInferences === null ? null : lifetimeInferences / inferenceRate / SECONDS_PER_YEAR,
    },
    tiles,
    layerCellWrites,
  }
}
