/** Placement of copies on PEs and reload segments (cim-model.md sections 3 and 8). */
import { describe, it, expect } from 'vitest'
import { placeCopies, type PlacementSegment } from '../../../src/main/core/mapping/placement'
import { mapLayers, minimumPes, type LayerMapping } from '../../../src/main/core/mapping/pes'
import { zooNetwork } from '../../../src/main/core/model/zoo'
import { presetArchitecture } from '../../../src/main/core/arch/presets'

/** Mappings of layers 10, 11, ... with the given PEs per copy. */
const maps = (pes: number[]): LayerMapping[] => pes.map((p, i) => ({ layer: 10 + i, k: 1, n: 1, groups: 1, pes: p, usedCells: p, cellUtilization: 1 }))
const brief = (segs: PlacementSegment[]) =>
  segs.map((s) => ({ maps: [s.firstMap, s.endMap], at: s.copies.map((c) => `${c.layer}.${c.copy}@${c.firstPe}+${c.pes}`) }))

describe('placeCopies', () => {
  it('packs copies in layer order from PE 0 when everything fits', () => {
    expect(brief(placeCopies(maps([3, 4, 2]), [1, 2, 1], 20))).toEqual([{ maps: [0, 3], at: ['10.0@0+3', '11.0@3+4', '11.1@7+4', '12.0@11+2'] }])
    // exactly full is still one segment
    expect(placeCopies(maps([3, 4, 2]), [1, 2, 1], 13)).toHaveLength(1)
  })

  it('spread deals copies round by round: copy 0 of every layer, then copy 1, ...; segments stay the same', () => {
    expect(brief(placeCopies(maps([3, 4, 2]), [1, 3, 2], 40, 'spread'))).toEqual([
      { maps: [0, 3], at: ['10.0@0+3', '11.0@3+4', '11.1@9+4', '11.2@15+4', '12.0@7+2', '12.1@13+2'] },
    ])
    const cut = (order: 'contiguous' | 'spread') => placeCopies(maps([3, 4, 2, 5]), [1, 1, 1, 1], 7, order)
    expect(brief(cut('spread'))).toEqual(brief(cut('contiguous'))) // one copy each: the same places
  })

  it('cuts consecutive layers into segments that each fit, every segment from PE 0', () => {
    // chip 7: 3 + 4 = 7 fits; +2 = 9 does not -> new segment: 2 + 5 = 7
    expect(brief(placeCopies(maps([3, 4, 2, 5]), [1, 1, 1, 1], 7))).toEqual([
      { maps: [0, 2], at: ['10.0@0+3', '11.0@3+4'] },
      { maps: [2, 4], at: ['12.0@0+2', '13.0@2+5'] },
    ])
    // a layer filling the chip alone gets its own segment
    expect(brief(placeCopies(maps([7, 7, 1]), [1, 1, 1], 7)).map((s) => s.maps)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ])
  })

  it('reload segments of a real network on a small chip: in order, each fits, every copy once', () => {
    const m = mapLayers(zooNetwork('resnet18'), presetArchitecture('clsa-cim'))
    const chip = Math.max(...m.map((x) => x.pes)) + 5
    expect(minimumPes(m)).toBeGreaterThan(chip)
    const segs = placeCopies(
      m,
      m.map(() => 1),
      chip,
    )
    expect(segs.length).toBeGreaterThan(1)
    expect(segs[0].firstMap).toBe(0)
    expect(segs[segs.length - 1].endMap).toBe(m.length)
    segs.forEach((s, g) => {
      if (g > 0) expect(s.firstMap).toBe(segs[g - 1].endMap)
      const used = s.copies.reduce((a, c) => a + c.pes, 0)
      expect(used).toBeLessThanOrEqual(chip)
      // a segment is cut only because the next layer does not fit
      if (g + 1 < segs.length) expect(used + m[s.endMap].pes).toBeGreaterThan(chip)
      let next = 0
      for (const c of s.copies) {
        expect(c.firstPe).toBe(next)
        next += c.pes
      }
    })
    expect(segs.flatMap((s) => s.copies.map((c) => c.layer))).toEqual(m.map((x) => x.layer))
  })
})
