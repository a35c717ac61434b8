/**
 * Local layout ops (issue 12, cim-model.md section 4): channel shuffles and splits are channel-local,
 * space-to-depth reads its k x k block, depth-to-space the pixel it was spread from; only what needs the
 * whole map stays a barrier. Constructed ONNX graphs with hand-computed dependencies and schedules, the
 * index arithmetic against the ONNX operator definitions, the export round trip, and FastestDet.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { NetworkBuilder } from '../../../src/main/core/model/builder'
import { NETWORK_INPUT, type Layer, type Network } from '../../../src/main/core/model/ir'
import { exportOnnx, importOnnx } from '../../../src/main/core/model/onnx'
import { blockRearrangement, concatIndex, identityIndex, locality, selectIndex, transposeIndex } from '../../../src/main/core/model/onnx/rearrange'
import { buildSets } from '../../../src/main/core/schedule/sets'
import { networkSchema } from '../../../src/shared/schemas/network'
import { runExperiment, withDefaults } from '../../../src/main/core/pipeline'
import { OnnxGraph } from '../../fixtures/onnx/graph'
import { refDeps, referenceSchedule } from '../../helpers/reference'
import { simulateNet, startsOf } from '../../helpers/sim'

function load(g: OnnxGraph): Network {
  return importOnnx(g.bytes(), { fileName: 'model.onnx' })
}

/** name, kind, producer names of every layer. */
function outline(net: Network): [string, string, string[]][] {
  return net.layers.map((l) => [l.name, l.kind, l.inputs.map((i) => (i === NETWORK_INPUT ? 'input' : net.layers[i].name))])
}

function conv(g: OnnxGraph, x: string, cout: number, cin: number, k: number, name: string): string {
  const w = g.weight(`${name}.w`, [cout, cin, k, k])
  return g.node('Conv', [x, w], { kernel_shape: [k, k], pads: new Array(4).fill((k - 1) / 2) }, { name })
}

/** Producer sets (layer name, set index) that set i of layer `name` depends on, per the reference. */
function deps(net: Network, name: string, i: number): [string, number][] {
  const l = net.layers.findIndex((x) => x.name === name)
  return refDeps(net, l, i, 'pixel').map((d) => [net.layers[d.producer].name, d.set])
}

/** Start times of layer `name` from simulate(), after checking the brute-force reference agrees on every layer. */
function starts(net: Network, name: string): { starts: number[]; makespan: number } {
  const o = { granularity: 'pixel', copies: net.layers.map(() => 1), assignment: 'interleaved', inferences: 1, mode: 'clsa', digitalSteps: 0 } as const
  const sim = simulateNet(net, o)
  const ref = referenceSchedule({ net, ...o })
  net.layers.forEach((_, l) => expect(ref.starts[l]).toEqual(Array.from(sim.starts![l])))
  expect(sim.makespan).toBe(ref.makespan)
  return { starts: startsOf(net, sim, name), makespan: sim.makespan }
}

describe('index arithmetic follows the ONNX operator definitions', () => {
  it('DepthToSpace DCR and CRD: y[c, Y, X] = x[(Y%2*2 + X%2) * C/4 + c, Y/2, X/2] and x[4c + Y%2*2 + X%2, Y/2, X/2]', () => {
    // x: [1, 8, 2, 3]; y: [1, 2, 4, 6]
    const at = (c: number, y: number, x: number) => c * 6 + y * 3 + x
    const dcr: number[] = []
    const crd: number[] = []
    for (let c = 0; c < 2; c++) {
      for (let y = 0; y < 4; y++) {
        for (let x = 0; x < 6; x++) {
          dcr.push(at(((y % 2) * 2 + (x % 2)) * 2 + c, y >> 1, x >> 1))
          crd.push(at(c * 4 + (y % 2) * 2 + (x % 2), y >> 1, x >> 1))
        }
      }
    }
    const d = blockRearrangement('DepthToSpace', 'DCR', [1, 8, 2, 3], 2)
    const r = blockRearrangement('DepthToSpace', 'CRD', [1, 8, 2, 3], 2)
    expect(Array.from(transposeIndex(identityIndex(48), d.dims, d.perm))).toEqual(dcr)
    expect(Array.from(transposeIndex(identityIndex(48), r.dims, r.perm))).toEqual(crd)
    expect(dcr.slice(0, 6)).toEqual([0, 12, 1, 13, 2, 14])
  })

  it('SpaceToDepth stacks each 2x2 block into channels (dy, dx, c order) and undoes DepthToSpace DCR', () => {
    // [1,1,4,4]: output channel dy*2+dx at pixel (y, x) is input (2y+dy, 2x+dx)
    const s = blockRearrangement('SpaceToDepth', '', [1, 1, 4, 4], 2)
    const s2d = transposeIndex(identityIndex(16), s.dims, s.perm)
    expect(Array.from(s2d)).toEqual([0, 2, 8, 10, 1, 3, 9, 11, 4, 6, 12, 14, 5, 7, 13, 15])
    const d = blockRearrangement('DepthToSpace', 'DCR', [1, 4, 2, 2], 2)
    expect(Array.from(transposeIndex(s2d, d.dims, d.perm))).toEqual(Array.from(identityIndex(16)))
  })

  it('a ShuffleNetV2 split (reshape, permute, reshape, x[0] and x[1]) takes the even and the odd channels', () => {
    // x: [1, 8, 2, 2] -> reshape [4, 2, 4] -> transpose [1, 0, 2] -> reshape [2, 1, 4, 2, 2] -> gather axis 0
    const t = transposeIndex(identityIndex(32), [4, 2, 4], [1, 0, 2])
    const first = selectIndex(t, [2, 1, 4, 2, 2], [[0], [0], [0, 1, 2, 3], [0, 1], [0, 1]])
    const second = selectIndex(t, [2, 1, 4, 2, 2], [[1], [0], [0, 1, 2, 3], [0, 1], [0, 1]])
    const channelsAtPixel0 = (idx: Int32Array) => Array.from({ length: 4 }, (_, c) => idx[c * 4] / 4)
    expect(channelsAtPixel0(first)).toEqual([0, 2, 4, 6])
    expect(channelsAtPixel0(second)).toEqual([1, 3, 5, 7])
    const map = { c: 8, h: 2, w: 2 }
    expect(locality(() => first, map, { c: 4, h: 2, w: 2 })).toEqual({ kind: 'shuffle' })
    expect(locality(() => concatIndex([{ index: second, dims: [1, 4, 2, 2] }], 1), map, { c: 4, h: 2, w: 2 })).toEqual({ kind: 'shuffle' })
  })

  it('locality: the map itself, a slice, space/depth blocks and the barriers with their reasons', () => {
    const map = { c: 2, h: 4, w: 4 }
    const x = () => identityIndex(32)
    expect(locality(x, map, map)).toEqual({ kind: 'same' })
    expect(locality(() => selectIndex(x(), [1, 2, 4, 4], [[0], [1], [0, 1, 2, 3], [0, 1, 2, 3]]), map, { c: 1, h: 4, w: 4 })).toEqual({
      kind: 'slice',
      channelStart: 1,
    })
    const s = blockRearrangement('SpaceToDepth', '', [1, 2, 4, 4], 2)
    expect(locality(() => transposeIndex(x(), s.dims, s.perm), map, { c: 8, h: 2, w: 2 })).toEqual({ kind: 'spacetodepth', block: 2 })
    // one strided slice (rows 1, 3 and columns 0, 2) stays inside each output pixel's 2x2 block
    expect(locality(() => selectIndex(x(), [1, 2, 4, 4], [[0], [0, 1], [1, 3], [0, 2]]), map, { c: 2, h: 2, w: 2 })).toEqual({
      kind: 'spacetodepth',
      block: 2,
    })
    const d = blockRearrangement('DepthToSpace', 'CRD', [1, 4, 2, 2], 2)
    expect(locality(() => transposeIndex(identityIndex(16), d.dims, d.perm), { c: 4, h: 2, w: 2 }, { c: 1, h: 4, w: 4 })).toEqual({
      kind: 'depthtospace',
      block: 2,
    })
    expect(locality(() => transposeIndex(x(), [1, 2, 4, 4], [0, 1, 3, 2]), map, map)).toEqual({
      kind: 'barrier',
      reason: 'moves elements between pixels: output pixel (0, 1) reads pixel (1, 0)',
    })
    expect(locality(x, map, { c: 32, h: 1, w: 1 })).toEqual({ kind: 'barrier', reason: 'flattens the 4x4 map into a vector' })
    expect(locality(x, map, { c: 8, h: 1, w: 4 })).toEqual({ kind: 'barrier', reason: 'changes the map from 4x4 to 1x4 pixels' })
  })
})

describe('imported layout chains are local layers', () => {
  // conv a (1x1, 8 channels, 4x4) -> ShuffleNetV2 channel split -> x[0] -> conv b (1x1), x[1] -> conv c (3x3, pad 1)
  function shuffleSplit(): Network {
    const g = new OnnxGraph(13).input('x', [1, 4, 4, 4])
    const a = conv(g, 'x', 8, 4, 1, 'a')
    const r1 = g.node('Reshape', [a, g.ints('s1', [4, 2, 16])])
    const t = g.node('Transpose', [r1], { perm: [1, 0, 2] })
    const r2 = g.node('Reshape', [t, g.ints('s2', [2, -1, 4, 4, 4])])
    conv(g, g.node('Gather', [r2, g.ints('i0', [0], [])], { axis: 0 }, { name: 'x0' }), 4, 4, 1, 'b')
    conv(g, g.node('Gather', [r2, g.ints('i1', [1], [])], { axis: 0 }, { name: 'x1' }), 4, 4, 3, 'c')
    return load(g)
  }

  it('channel shuffle + split by Reshape, Transpose, Reshape and Gather on axis 0: two channel-local shuffles', () => {
    const net = shuffleSplit()
    expect(outline(net)).toEqual([
      ['a', 'conv', ['input']],
      ['x0', 'shuffle', ['a']],
      ['b', 'conv', ['x0']],
      ['x1', 'shuffle', ['a']],
      ['c', 'conv', ['x1']],
    ])
    expect(net.layers[1].out).toEqual({ c: 4, h: 4, w: 4 })
    // set (2, 3) of a shuffle reads set (2, 3) of conv a only; c's set (0, 0) reads x1's (0..1, 0..1)
    expect(deps(net, 'x0', 11)).toEqual([['a', 11]])
    expect(deps(net, 'x1', 5)).toEqual([['a', 5]])
    expect(deps(net, 'c', 0)).toEqual([
      ['x1', 0],
      ['x1', 1],
      ['x1', 4],
      ['x1', 5],
    ])
    const x0 = buildSets(net, 'pixel')[1].deps[0]
    expect([x0.whole, x0.rowLo[2], x0.rowHi[2], x0.colLo[3], x0.colHi[3]]).toEqual([false, 2, 2, 3, 3])
  })

  // conv a runs set i at step i (done at i + 1). b (1x1) follows one step behind: 1..16. c (3x3, pad 1) needs
  // x1 = a at (min(y+1, 3), min(x+1, 3)), so set (y, x) is ready at 4 min(y+1, 3) + min(x+1, 3) + 1, one set
  // per step: 6 7 8 9 | 10 11 12 13 | 14 15 16 17 | 18 19 20 21 (a whole-map barrier would start b and c at 16).
  it('the schedule: consumers of a shuffle follow their producer pixel by pixel', () => {
    const net = shuffleSplit()
    expect(starts(net, 'b').starts).toEqual(Array.from({ length: 16 }, (_, i) => i + 1))
    const c = starts(net, 'c')
    expect(c.starts).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21])
    expect(c.makespan).toBe(22)
  })

  it('channel split by Split and Slice of a shuffled map, Slice with a channel step, Gather of channels', () => {
    const g = new OnnxGraph(13).input('x', [1, 4, 4, 4])
    const a = conv(g, 'x', 8, 4, 1, 'a')
    const r1 = g.node('Reshape', [a, g.ints('s1', [1, 2, 4, 4, 4])])
    const shuffled = g.node('Reshape', [g.node('Transpose', [r1], { perm: [0, 2, 1, 3, 4] }), g.ints('s2', [1, 8, 4, 4])])
    // the shuffled channels are a0 a4 a1 a5 a2 a6 a3 a7: the halves and [2, 6) are not contiguous blocks of a
    g.node('Split', [shuffled, g.ints('sizes', [4, 4])], { axis: 1 }, { name: 'half', outputs: ['h0', 'h1'] })
    conv(g, 'h0', 2, 4, 1, 'p')
    conv(g, 'h1', 2, 4, 1, 'q')
    conv(g, g.node('Slice', [shuffled, g.ints('b', [2]), g.ints('e', [6]), g.ints('ax', [1])], {}, { name: 'mid' }), 2, 4, 1, 'r')
    const even = g.node('Slice', [a, g.ints('b2', [0]), g.ints('e2', [8]), g.ints('ax2', [1]), g.ints('st2', [2])], {}, { name: 'even' })
    conv(g, even, 2, 4, 1, 's')
    conv(g, g.node('Gather', [a, g.ints('idx', [5, 1])], { axis: 1 }, { name: 'pick' }), 2, 2, 1, 't')
    // a contiguous block of the shuffle's channels that is also one of a's: a4 a1 -> no; a0 alone -> a slice
    conv(g, g.node('Slice', [shuffled, g.ints('b3', [0]), g.ints('e3', [1]), g.ints('ax3', [1])], {}, { name: 'first' }), 2, 1, 1, 'u')
    const net = load(g)
    expect(outline(net)).toEqual([
      ['a', 'conv', ['input']],
      ['half:0', 'shuffle', ['a']],
      ['p', 'conv', ['half:0']],
      ['half:1', 'shuffle', ['a']],
      ['q', 'conv', ['half:1']],
      ['mid', 'shuffle', ['a']],
      ['r', 'conv', ['mid']],
      ['even', 'shuffle', ['a']],
      ['s', 'conv', ['even']],
      ['pick', 'shuffle', ['a']],
      ['t', 'conv', ['pick']],
      ['first', 'slice', ['a']],
      ['u', 'conv', ['first']],
    ])
    expect(net.layers.map((l) => l.out.c)).toEqual([8, 4, 2, 4, 2, 4, 2, 4, 2, 2, 2, 1, 2])
    expect(net.layers[11].channelStart).toBe(0)
    for (const name of ['half:0', 'half:1', 'mid', 'even', 'pick', 'first'] as const) expect(deps(net, name, 6)).toEqual([['a', 6]])
    expect(net.notes.join('\n')).not.toMatch(/barrier/)
  })

  // conv stem (1x1, 4 channels, 8x8) -> x[::2, ::2], x[1::2, ::2], x[::2, 1::2], x[1::2, 1::2] -> Concat -> conv after (3x3, pad 1)
  it('a YOLOv5 Focus stem (four strided slices + Concat) is one space-to-depth layer reading 2x2 blocks', () => {
    const g = new OnnxGraph(13).input('x', [1, 3, 8, 8])
    const stem = conv(g, 'x', 4, 3, 1, 'stem')
    const part = (y: number, x: number) =>
      g.node('Slice', [stem, g.ints(`b${y}${x}`, [y, x]), g.ints(`e${y}${x}`, [100, 100]), g.ints(`a${y}${x}`, [2, 3]), g.ints(`s${y}${x}`, [2, 2])])
    const focus = g.node('Concat', [part(0, 0), part(1, 0), part(0, 1), part(1, 1)], { axis: 1 }, { name: 'focus' })
    conv(g, focus, 4, 16, 3, 'after')
    const net = load(g)
    expect(outline(net)).toEqual([
      ['stem', 'conv', ['input']],
      ['focus', 'spacetodepth', ['stem']],
      ['after', 'conv', ['focus']],
    ])
    expect(net.layers[1]).toMatchObject({ out: { c: 16, h: 4, w: 4 }, block: 2 })
    // focus set (1, 2) reads stem rows 2..3, columns 4..5
    expect(deps(net, 'focus', 6)).toEqual([
      ['stem', 20],
      ['stem', 21],
      ['stem', 28],
      ['stem', 29],
    ])
    // stem pixel (r, c) is done at 8r + c + 1: focus (y, x) when its block's last pixel is, (2y+1)*8 + 2x + 2.
    expect(starts(net, 'focus').starts).toEqual([10, 12, 14, 16, 26, 28, 30, 32, 42, 44, 46, 48, 58, 60, 62, 64])
    // after (y, x) is ready when focus (min(y+1, 3), min(x+1, 3)) is, one set per step.
    const after = starts(net, 'after')
    expect(after.starts).toEqual([28, 30, 32, 33, 44, 46, 48, 49, 60, 62, 64, 65, 66, 67, 68, 69])
    expect(after.makespan).toBe(70)
    expect(net.notes).toContain(
      '1 layout chain (reshape, transpose, slice, gather, concat, space/depth of one map) became local layers, each output pixel reading its own pixel or block: spacetodepth (focus)',
    )
  })

  it('SpaceToDepth and DepthToSpace nodes; DepthToSpace (DCR) right after SpaceToDepth is the map itself', () => {
    const g = new OnnxGraph(13).input('x', [1, 2, 4, 4])
    const p = conv(g, 'x', 2, 2, 1, 'p')
    const s2d = g.node('SpaceToDepth', [p], { blocksize: 2 }, { name: 's2d' })
    const mid = conv(g, s2d, 8, 8, 1, 'mid')
    conv(g, g.node('DepthToSpace', [mid], { blocksize: 2, mode: 'CRD' }, { name: 'd2s' }), 2, 2, 1, 'q')
    conv(g, g.node('DepthToSpace', [s2d], { blocksize: 2 }, { name: 'back' }), 2, 2, 1, 'same')
    const net = load(g)
    expect(outline(net)).toEqual([
      ['p', 'conv', ['input']],
      ['s2d', 'spacetodepth', ['p']],
      ['mid', 'conv', ['s2d']],
      ['d2s', 'depthtospace', ['mid']],
      ['q', 'conv', ['d2s']],
      ['same', 'conv', ['p']],
    ])
    expect(net.layers[1]).toMatchObject({ out: { c: 8, h: 2, w: 2 }, block: 2 })
    expect(net.layers[3]).toMatchObject({ out: { c: 2, h: 4, w: 4 }, block: 2 })
    // the stored-document schema (history, exchange files) takes the new kinds and their block
    expect(networkSchema.safeParse(net).success).toBe(true)
    expect(networkSchema.safeParse({ ...net, layers: net.layers.map((l) => ({ ...l, block: l.block && 1 })) }).success).toBe(false)
    expect(deps(net, 's2d', 3)).toEqual([
      ['p', 10],
      ['p', 11],
      ['p', 14],
      ['p', 15],
    ])
    expect(deps(net, 'd2s', 13)).toEqual([['mid', 2]]) // (3, 1) from (1, 0)
  })

  it('bad SpaceToDepth / DepthToSpace / Gather input is a one-line error naming the node', () => {
    const g = new OnnxGraph(13).input('x', [1, 3, 5, 4])
    g.node('SpaceToDepth', [conv(g, 'x', 3, 3, 1, 'c')], { blocksize: 2 }, { name: 'odd' })
    g.output('odd')
    expect(() => load(g)).toThrow('model.onnx: node "odd" (SpaceToDepth): the 5x4 map is not divisible into 2x2 blocks')
    const h = new OnnxGraph(13).input('x', [1, 3, 4, 4])
    h.node('DepthToSpace', [conv(h, 'x', 6, 3, 1, 'c')], { blocksize: 2 }, { name: 'few' })
    h.output('few')
    expect(() => load(h)).toThrow('model.onnx: node "few" (DepthToSpace): 6 channels are not divisible by blocksize^2 = 4')
    const k = new OnnxGraph(13).input('x', [1, 3, 4, 4])
    k.node('Gather', [conv(k, 'x', 4, 3, 1, 'c'), k.ints('idx', [0, 9])], { axis: 1 }, { name: 'pick' })
    k.output('pick')
    expect(() => load(k)).toThrow('model.onnx: node "pick" (Gather): index 9 is out of range for axis 1 of size 4')
  })

  it('what needs the whole map stays a barrier, and the notes say why', () => {
    const g = new OnnxGraph(13).input('x', [1, 2, 4, 4])
    const a = conv(g, 'x', 2, 2, 1, 'a')
    conv(g, g.node('Transpose', [a], { perm: [0, 1, 3, 2] }, { name: 'swap' }), 2, 2, 1, 'b')
    conv(g, g.node('Softmax', [a], { axis: 2 }, { name: 'spatial' }), 2, 2, 1, 'c')
    g.node('Gemm', [g.node('Flatten', [a], { axis: 1 }, { name: 'flat' }), g.weight('fc.w', [32, 3])], {}, { name: 'fc' })
    const net = load(g)
    expect(outline(net).map(([n, k]) => `${n}:${k}`)).toEqual(['a:conv', 'swap:flatten', 'b:conv', 'spatial:flatten', 'c:conv', 'flat:flatten', 'fc:dense'])
    expect(deps(net, 'swap', 0)).toHaveLength(16)
    expect(net.notes).toContain(
      "3 barriers, layers whose sets each wait for a whole input map: swap ('flatten': moves elements between pixels: output pixel (0, 1) reads pixel (1, 0)); " +
        `spatial ('flatten': it is computed by "spatial" (Softmax), which does more than move the elements of one map); flat ('flatten': flattens the 4x4 map into a vector)`,
    )
  })
})

describe('symbolic batch dimension', () => {
  it('[N,3,8,8] and [batch_size,1,28,28] import with batch 1 and a note', () => {
    for (const [dims, note] of [
      [['N', 3, 8, 8], 'input "x" [N,3,8,8] has a symbolic batch dimension "N": imported with batch 1 as [1,3,8,8]'],
      [['batch_size', 1, 28, 28], 'input "x" [batch_size,1,28,28] has a symbolic batch dimension "batch_size": imported with batch 1 as [1,1,28,28]'],
    ] as const) {
      const g = new OnnxGraph(13).input('x', [...dims])
      conv(g, 'x', 4, dims[1], 3, 'c')
      const net = load(g)
      expect(net.input).toEqual({ c: dims[1], h: dims[2], w: dims[3] })
      expect(net.notes[0]).toBe(note)
    }
  })
})

describe('exportOnnx -> importOnnx keeps layout layers', () => {
  // Layout layers next to each other come back as one (the importer composes rearrangements of a map),
  // so each here reads a conv.
  it('shuffle, spacetodepth and depthtospace, with their channel counts and blocks', () => {
    const b = new NetworkBuilder('layouts', { c: 3, h: 8, w: 8 })
    const c = b.conv(8, 3)
    const push = (from: number, l: Omit<Layer, 'inputs'>) => {
      b.layers.push({ ...l, inputs: [from] })
      return b.conv(4, 1)
    }
    push(c, { name: 'shuffle', kind: 'shuffle', out: { c: 6, h: 8, w: 8 } })
    push(c, { name: 'shuffle-wide', kind: 'shuffle', out: { c: 12, h: 8, w: 8 } })
    push(c, { name: 's2d', kind: 'spacetodepth', out: { c: 32, h: 4, w: 4 }, block: 2 })
    push(c, { name: 's2d-part', kind: 'spacetodepth', out: { c: 5, h: 4, w: 4 }, block: 2 })
    push(c, { name: 's2d-4', kind: 'spacetodepth', out: { c: 128, h: 2, w: 2 }, block: 4 })
    push(c, { name: 'd2s', kind: 'depthtospace', out: { c: 2, h: 16, w: 16 }, block: 2 })
    push(c, { name: 'd2s-wrap', kind: 'depthtospace', out: { c: 3, h: 16, w: 16 }, block: 2 })
    const net = b.build()
    const back = importOnnx(exportOnnx(net), { fileName: 'layouts.onnx' })
    const summary = (n: Network) => n.layers.map((l) => [l.name, l.kind, l.inputs, l.out, l.block])
    expect(summary(back)).toEqual(summary(net))
  })
})

const ONNX_DIR = path.resolve(__dirname, '../../../../shared/onnx')
const haveModels = existsSync(ONNX_DIR)
if (!haveModels) console.warn(`skipping the FastestDet layout test: ${ONNX_DIR} is absent`)

describe.skipIf(!haveModels)('FastestDet (ShuffleNetV2 backbone) at the defaults', () => {
  it('CLSA-CIM + greedy: latency 1,612 steps against the lower bound 968 (1.67x; 7,799 steps with barrier shuffles)', async () => {
    const network = importOnnx(readFileSync(path.join(ONNX_DIR, 'FastestDet.onnx')), { fileName: 'FastestDet.onnx' })
    const r = await runExperiment(withDefaults({ network: { network }, arch: { preset: 'clsa-cim' } }))
    expect(r.summary.latencySteps).toBe(1612)
    expect(r.summary.lowerBoundSteps).toBe(968)
    expect(r.summary.latencySteps / r.summary.lowerBoundSteps).toBeLessThanOrEqual(2)
  })
})
