/**
 * The on-chip network worked out by hand (cim-model.md section 10): MVMs take one step, a set's output
 * is `bytes` bytes, links move `linkBytesPerStep` bytes per step and a router hop takes `hopSteps`.
 * A 2 x 2 mesh: tile 0 (0, 0), tile 1 (1, 0), tile 2 (0, 1), tile 3 (1, 1).
 */
import { describe, expect, it } from 'vitest'
import { NetworkBuilder } from '../../../src/main/core/model/builder'
import type { Network } from '../../../src/main/core/model/ir'
import { linkEnds, meshLinks, meshOf, OnChipNetwork, xyRoute } from '../../../src/main/core/schedule/noc'
import { buildSets } from '../../../src/main/core/schedule/sets'
import { simulate } from '../../../src/main/core/schedule/simulate'

/** conv1 1x1 -> conv2 1x1 on a 1 x 1 x w input: w sets each, conv2 set i reads conv1 set i. */
function chain(w: number): Network {
  const b = new NetworkBuilder('chain', { c: 1, h: 1, w })
  b.conv(1, 1, { name: 'conv1' })
  b.conv(1, 1, { name: 'conv2' })
  return b.build()
}

interface Case {
  net: Network
  /** Tile of each copy of conv1 and conv2. */
  tiles: [number[], number[]]
  bytes: number
  linkBytesPerStep: number
  hopSteps: number
}

/** The CLSA-CIM schedule input of a two-layer chain with the given copies, one inference, no reload. */
function twoLayerInput(sets: ReturnType<typeof buildSets>, copies: Int32Array) {
  return {
    sets,
    copies,
    pes: new Int32Array(2),
    digitalSteps: 0,
    assignment: 'interleaved' as const,
    inferences: 1,
    segments: [{ firstLayer: 0, writeSteps: 0 }],
    mode: 'clsa' as const,
  }
}

function run(c: Case) {
  const sets = buildSets(c.net, 'pixel')
  const copyTile = c.tiles.map((t) => Int32Array.from(t))
  const network = new OnChipNetwork(
    { mesh: meshOf(4), copyTile, setBytes: [c.bytes, c.bytes], linkBytesPerStep: c.linkBytesPerStep, hopSteps: c.hopSteps },
    sets,
  )
  const input = { ...twoLayerInput(sets, Int32Array.from(c.tiles.map((t) => t.length))), record: true }
  const free = simulate(input)
  const r = simulate({ ...input, network })
  return { conv2: Array.from(r.starts![1]), makespan: r.makespan, free: free.makespan, traffic: network.traffic }
}

describe('mesh geometry', () => {
  it('lays tiles out near-square in chip-map order and routes X then Y', () => {
    expect(meshOf(4)).toEqual({ cols: 2, rows: 2 })
    expect(meshOf(12)).toEqual({ cols: 4, rows: 3 })
    expect(meshOf(1)).toEqual({ cols: 1, rows: 1 })
    expect(meshLinks(meshOf(4))).toBe(8)
    expect(meshLinks({ cols: 4, rows: 3 })).toBe(34)
    // link id = router x 4 + direction (0 east, 1 west, 2 south, 3 north)
    expect(xyRoute(meshOf(4), 0, 1)).toEqual([0])
    expect(xyRoute(meshOf(4), 0, 3)).toEqual([0, 6]) // east from tile 0, then south from tile 1
    expect(xyRoute(meshOf(4), 3, 0)).toEqual([13, 11]) // west from tile 3, then north from tile 2
    expect(xyRoute(meshOf(4), 2, 2)).toEqual([])
    expect([0, 6, 13, 11].map((link) => linkEnds(meshOf(4), link))).toEqual([
      [0, 1],
      [1, 3],
      [3, 2],
      [2, 0],
    ])
  })
})

describe('hand-computed network schedules', () => {
  // conv1 runs set i at step i, done at i + 1; conv2 set i needs it.
  it('two layers on the same tile: no traffic, the free schedule', () => {
    const r = run({ net: chain(4), tiles: [[0], [0]], bytes: 8, linkBytesPerStep: 4, hopSteps: 0.5 })
    expect(r.conv2).toEqual([1, 2, 3, 4])
    expect(r.makespan).toBe(5)
    expect(r.traffic.bytes).toBe(0)
  })

  it('adjacent tiles, links fast enough: each input arrives 1 step (8 B at 8 B/step) + 1 hop later', () => {
    const r = run({ net: chain(4), tiles: [[0], [1]], bytes: 8, linkBytesPerStep: 8, hopSteps: 0.5 })
    expect(r.conv2).toEqual([2.5, 3.5, 4.5, 5.5])
    expect(r.makespan).toBe(6.5)
    expect(r.free).toBe(5)
    expect(r.traffic.bytes).toBe(32)
    expect(r.traffic.byteHops).toBe(32)
  })

  it('adjacent tiles, a slow link: transfers of 2 steps queue on it', () => {
    // Transfer i is ready at i + 1 but the link is busy until 1 + 2i: it holds [1 + 2i, 3 + 2i) and arrives 0.5 later.
    const r = run({ net: chain(4), tiles: [[0], [1]], bytes: 8, linkBytesPerStep: 4, hopSteps: 0.5 })
    expect(r.conv2).toEqual([3.5, 5.5, 7.5, 9.5])
    expect(r.makespan).toBe(10.5)
    expect(r.traffic.linkBusySteps[0]).toBe(8) // east link of tile 0
  })

  it('distant tiles: two hops, both links reserved together', () => {
    const r = run({ net: chain(4), tiles: [[0], [3]], bytes: 8, linkBytesPerStep: 4, hopSteps: 0.5 })
    expect(r.conv2).toEqual([4, 6, 8, 10])
    expect(r.makespan).toBe(11)
    expect(r.traffic.bytes).toBe(32)
    expect(r.traffic.byteHops).toBe(64)
    expect(r.traffic.linkBusySteps[0]).toBe(8)
    expect(r.traffic.linkBusySteps[6]).toBe(8) // south link of tile 1
  })

  it('two copies sharing a link wait for each other; on disjoint routes they do not', () => {
    // conv2 has 2 copies: set 0 on copy 0, set 1 on copy 1. Set 0's input holds link 0->1 over [1, 3), arrives at 3.5.
    // Copy 1 on tile 3: route 0->1->3 shares link 0->1, so set 1's input waits until 3: [3, 5), 2 hops, arrives at 6.
    const shared = run({ net: chain(2), tiles: [[0], [1, 3]], bytes: 8, linkBytesPerStep: 4, hopSteps: 0.5 })
    expect(shared.conv2).toEqual([3.5, 6])
    expect(shared.makespan).toBe(7)
    // Copy 1 on tile 2: route 0->2 (south), free at 2: [2, 4), arrives at 4.5.
    const apart = run({ net: chain(2), tiles: [[0], [1, 2]], bytes: 8, linkBytesPerStep: 4, hopSteps: 0.5 })
    expect(apart.conv2).toEqual([3.5, 4.5])
    expect(apart.makespan).toBe(5.5)
  })

  it('sends an output once to each tile that needs it', () => {
    // conv2 is 3x3 with pad 1 on a 1 x 3 map: set x reads conv1 sets x-1..x+1 (clipped), 7 reads in all.
    const b = new NetworkBuilder('window', { c: 1, h: 1, w: 3 })
    b.conv(1, 1, { name: 'conv1' })
    b.conv(1, 3, { name: 'conv2', pad: 1 })
    const sets = buildSets(b.build(), 'pixel')
    const network = new OnChipNetwork(
      { mesh: meshOf(4), copyTile: [Int32Array.of(0), Int32Array.of(1)], setBytes: [8, 8], linkBytesPerStep: 8, hopSteps: 0 },
      sets,
    )
    simulate({ ...twoLayerInput(sets, Int32Array.of(1, 1)), network })
    expect(network.traffic.bytes).toBe(24) // 3 outputs of 8 B, each once, though conv2 reads 7 of them
  })

  it('fills a gap left on a link before a later reservation', () => {
    const sets = buildSets(chain(3), 'pixel')
    const network = new OnChipNetwork(
      { mesh: meshOf(4), copyTile: [Int32Array.of(0), Int32Array.of(1)], setBytes: [8, 8], linkBytesPerStep: 4, hopSteps: 0 },
      sets,
    )
    network.setTile[0].fill(0)
    expect(network.arrival(0, 0, 0, 5, 1)).toBe(7) // [5, 7)
    expect(network.arrival(0, 0, 1, 1, 1)).toBe(3) // [1, 3): before it
    expect(network.arrival(0, 0, 2, 4, 1)).toBe(9) // [4, 6) overlaps [5, 7): after it, [7, 9)
    expect(network.arrival(0, 0, 1, 1, 1)).toBe(3) // asked again: already there
    expect(network.traffic.linkBusySteps[0]).toBe(6)
  })
})
