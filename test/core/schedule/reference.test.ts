/**
 * simulate() against the brute-force reference scheduler of test/helpers/reference.ts: every set's
 * start time must agree exactly, for both schedules (and the unbounded critical-path mode), pixel and
 * row granularity, interleaved and block assignment, one and three inferences.
 */
import { describe, it, expect } from 'vitest'
import { NetworkBuilder } from '../../../src/main/core/model/builder'
import { isMvm, type Layer, type Network } from '../../../src/main/core/model/ir'
import { zooNetwork } from '../../../src/main/core/model/zoo'
import { presetArchitecture } from '../../../src/main/core/arch/presets'
import { validateArchitecture } from '../../../src/main/core/arch/spec'
import { mapLayers, minimumPes } from '../../../src/main/core/mapping/pes'
import { duplicate } from '../../../src/main/core/mapping/duplication'
import { placeCopies } from '../../../src/main/core/mapping/placement'
import { meshOf, OnChipNetwork } from '../../../src/main/core/schedule/noc'
import { buildSets } from '../../../src/main/core/schedule/sets'
import { simulate } from '../../../src/main/core/schedule/simulate'
import { referenceSchedule, refDeps, type RefInput, type RefNetwork } from '../../helpers/reference'
import { simulateNet } from '../../helpers/sim'
import { mulberry32, pick, randInt, randomNetwork } from '../../helpers/random'

const MODES = ['clsa', 'layer-by-layer', 'unbounded'] as const

/** Runs both schedulers and asserts identical start times for every set of every layer. */
function agree(input: RefInput): void {
  const { net } = input
  const sim = simulateNet(net, { ...input, copies: Int32Array.from(input.copies) })
  const ref = referenceSchedule(input)
  const tag = `${net.name} ${input.mode} ${input.granularity} ${input.assignment} n=${input.inferences} copies=${Array.from(input.copies).join(',')}`
  net.layers.forEach((layer, l) => {
    const got = Array.from(sim.starts![l])
    const i = got.findIndex((v, j) => v !== ref.starts[l][j])
    expect(i, `${tag}: ${layer.name} set ${i}: simulate ${got[i]}, reference ${ref.starts[l][i]}`).toBe(-1)
    expect(got.length).toBe(ref.starts[l].length)
  })
  expect(sim.makespan, tag).toBe(ref.makespan)
}

/** Every combination of mode, granularity, assignment and inferences on one network. */
function agreeEverywhere(net: Network, copies: number[], extra: Partial<RefInput> = {}): void {
  for (const mode of MODES) {
    for (const granularity of ['pixel', 'row'] as const) {
      for (const assignment of ['interleaved', 'block'] as const) {
        for (const inferences of [1, 3]) {
          agree({ net, granularity, copies, assignment, inferences, mode, digitalSteps: 0, ...extra })
        }
      }
    }
  }
}

/** Copies: `d` for every MVM layer, 1 for digital layers. */
const allCopies = (net: Network, d: number) => net.layers.map((l) => (isMvm(l) ? d : 1))

/** A manual layer (kinds the builder has no method for). */
function push(b: NetworkBuilder, layer: Layer): number {
  b.layers.push(layer)
  return b.last
}

const HAND: Record<string, () => Network> = {
  'conv chain': () => {
    const b = new NetworkBuilder('chain', { c: 1, h: 6, w: 6 })
    b.conv(2, 3, { pad: 1 })
    b.conv(3, 3, { pad: 0 })
    b.conv(2, 1)
    return b.build()
  },
  'strided, padded and asymmetric convs': () => {
    const b = new NetworkBuilder('strided', { c: 2, h: 9, w: 9 })
    b.conv(4, 3, { stride: 2, pad: 1 }) // 5x5
    b.conv(4, 5, { pad: 2 }) // 5x5
    b.conv(2, 2, { stride: 2, pads: [0, 0, 1, 1] }) // 3x3
    b.conv(2, 3, { pads: [2, 0, 0, 1] }) // 3x2
    return b.build()
  },
  'pools with stride 1 and 2': () => {
    const b = new NetworkBuilder('pools', { c: 1, h: 8, w: 8 })
    b.conv(2, 3, { pad: 1 })
    b.maxpool(2) // stride 2: 4x4
    b.conv(2, 3, { pad: 1 })
    b.maxpool(3, { stride: 1, pad: 1 }) // 4x4
    b.avgpool(2, { stride: 1, pads: [0, 0, 1, 1] }) // Darknet size-2 stride-1 pool: 4x4
    b.conv(2, 3, { pad: 0 }) // 2x2
    return b.build()
  },
  'upsample + concat branch (TinyYOLO neck)': () => {
    const b = new NetworkBuilder('neck', { c: 2, h: 8, w: 8 })
    const c1 = b.conv(4, 3, { pad: 1 }) // 8x8
    b.maxpool(2) // 4x4
    const c2 = b.conv(4, 3, { pad: 1 })
    b.conv(2, 3, { pad: 1 }) // head 1
    b.conv(2, 1, { from: c2 })
    b.upsample(2) // 8x8
    b.concat([b.last, c1])
    b.conv(2, 3, { pad: 1 }) // head 2
    return b.build()
  },
  'residual add': () => {
    const b = new NetworkBuilder('residual', { c: 2, h: 6, w: 6 })
    const c1 = b.conv(3, 3, { pad: 1 })
    b.conv(3, 3, { pad: 1 })
    const c3 = b.conv(3, 3, { pad: 1 })
    b.add([c3, c1])
    b.conv(2, 3, { pad: 1, stride: 2 })
    const d = b.conv(2, 1, { from: c1, stride: 2 })
    b.add([b.last - 1, d])
    return b.build()
  },
  'dense after flatten, dense after globalpool': () => {
    const b = new NetworkBuilder('dense', { c: 1, h: 7, w: 7 })
    const c = b.conv(3, 3, { pad: 0 }) // 5x5
    b.maxpool(2, { stride: 2, ceil: true }) // 3x3
    b.flatten()
    b.dense(8)
    b.dense(4)
    b.globalpool({ from: c })
    b.dense(3)
    return b.build()
  },
  depthwise: () => {
    const b = new NetworkBuilder('depthwise', { c: 2, h: 7, w: 7 })
    b.conv(4, 1)
    b.conv(4, 3, { groups: 4, stride: 2, pad: 1 }) // 4x4
    b.conv(2, 1)
    b.conv(2, 3, { groups: 2, pad: 1 })
    return b.build()
  },
  'channel slice (route groups) and concat': () => {
    const b = new NetworkBuilder('csp', { c: 1, h: 6, w: 6 })
    const c = b.conv(4, 3, { pad: 1 })
    b.slice(c, 2, 2)
    const a = b.conv(2, 3, { pad: 1 })
    const a2 = b.conv(2, 3, { pad: 1 })
    b.concat([a2, a])
    const d = b.conv(4, 1)
    b.concat([c, d])
    b.maxpool(2)
    return b.build()
  },
  'squeeze-excite: 1x1 map broadcast by mul': () => {
    const b = new NetworkBuilder('se', { c: 2, h: 5, w: 5 })
    const c = b.conv(4, 3, { pad: 1 })
    b.globalpool()
    const s = b.conv(4, 1) // 4x1x1
    push(b, { name: 'scale', kind: 'mul', inputs: [c, s], out: { c: 4, h: 5, w: 5 } })
    b.conv(2, 3, { pad: 1 })
    return b.build()
  },
  'pad layer and transposed conv': () => {
    const b = new NetworkBuilder('manual', { c: 1, h: 4, w: 4 })
    b.conv(2, 3, { pad: 1 }) // 4x4
    const win = { kh: 1, kw: 1, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1 }
    push(b, { name: 'pad', kind: 'pad', inputs: [0], out: { c: 2, h: 7, w: 6 }, window: { ...win, pads: [2, 1, 1, 1] } })
    b.conv(2, 3, { pad: 0 }) // 5x4
    // stride-2 3x3 transposed conv, pad 1: out = (in - 1) * 2 - 2 + 3 = 2 * in - 1
    const t = { kh: 3, kw: 3, strideH: 2, strideW: 2, pads: [1, 1, 1, 1] as [number, number, number, number], dilationH: 1, dilationW: 1 }
    push(b, { name: 'deconv', kind: 'convtranspose', inputs: [2], out: { c: 2, h: 9, w: 7 }, window: t, groups: 1 })
    b.conv(1, 3, { pad: 1 })
    return b.build()
  },
  'layout layers: channel shuffle, space-to-depth, depth-to-space (issue 12)': () => {
    const b = new NetworkBuilder('layouts', { c: 2, h: 8, w: 8 })
    const c = b.conv(4, 3, { pad: 1 }) // 8x8
    push(b, { name: 'shuffle', kind: 'shuffle', inputs: [c], out: { c: 4, h: 8, w: 8 } })
    b.conv(4, 3, { pad: 1 })
    push(b, { name: 's2d', kind: 'spacetodepth', inputs: [b.last], out: { c: 16, h: 4, w: 4 }, block: 2 })
    b.conv(8, 3, { pad: 1 }) // 4x4
    push(b, { name: 'd2s', kind: 'depthtospace', inputs: [b.last], out: { c: 2, h: 8, w: 8 }, block: 2 })
    b.concat([b.last, 1])
    push(b, { name: 's2d3', kind: 'spacetodepth', inputs: [b.last], out: { c: 54, h: 2, w: 2 }, block: 3 }) // a 6x6 corner of 8x8
    b.conv(2, 1)
    return b.build()
  },
}

describe('reference scheduler: its dependency enumeration', () => {
  it('lists the receptive field tap by tap', () => {
    const net = HAND['strided, padded and asymmetric convs']()
    // conv2 (5x5 kernel, pad 2) output (0, 4) reads conv1 rows -2..2 and columns 2..6, clipped to 0..2 x 2..4
    const deps = refDeps(net, 1, 4, 'pixel').map((d) => d.set)
    expect(deps).toEqual([2, 3, 4, 7, 8, 9, 12, 13, 14])
    // conv3 (2x2 stride 2, pads bottom/right 1) output (2, 2) reads conv2 (4, 4) only
    expect(refDeps(net, 2, 8, 'pixel')).toEqual([{ producer: 1, set: 24 }])
    // row granularity: conv2 output row 4 reads conv1 rows 2..4
    expect(refDeps(net, 1, 4, 'row').map((d) => d.set)).toEqual([2, 3, 4])
  })

  it('handles upsample, concat, transposed conv and whole-map layers', () => {
    const neck = HAND['upsample + concat branch (TinyYOLO neck)']()
    // upsample (layer 5) output (5, 3) reads conv4 (2, 1) of a 4x4 map: set 9
    expect(refDeps(neck, 5, 5 * 8 + 3, 'pixel')).toEqual([{ producer: 4, set: 9 }])
    // concat (layer 6) output (5, 3): same position in both operands
    expect(refDeps(neck, 6, 43, 'pixel')).toEqual([
      { producer: 5, set: 43 },
      { producer: 0, set: 43 },
    ])
    const manual = HAND['pad layer and transposed conv']()
    // transposed conv output (4, 4): taps ky with (4 + 1 - ky) even -> ky = 1 -> input 2; same for x
    expect(refDeps(manual, 3, 4 * 7 + 4, 'pixel')).toEqual([{ producer: 2, set: 2 * 4 + 2 }])
    // output (3, 3): ky in {0, 2} -> inputs 2 and 1 on both axes
    expect(refDeps(manual, 3, 3 * 7 + 3, 'pixel').map((d) => d.set)).toEqual([5, 6, 9, 10])
    const dense = HAND['dense after flatten, dense after globalpool']()
    expect(refDeps(dense, 5, 0, 'pixel')).toHaveLength(25) // globalpool reads all of conv1's 5x5
    expect(refDeps(dense, 2, 0, 'pixel')).toHaveLength(9) // flatten reads the 3x3 pool
  })

  it('handles the layout layers: the same pixel, the k x k block, the pixel spread from', () => {
    const net = HAND['layout layers: channel shuffle, space-to-depth, depth-to-space (issue 12)']()
    expect(refDeps(net, 1, 29, 'pixel')).toEqual([{ producer: 0, set: 29 }]) // shuffle (3, 5) <- conv (3, 5)
    // s2d (1, 2) <- conv2 rows 2..3, columns 4..5; by rows: s2d row 1 <- conv2 rows 2..3
    expect(refDeps(net, 3, 6, 'pixel').map((d) => d.set)).toEqual([20, 21, 28, 29])
    expect(refDeps(net, 3, 1, 'row').map((d) => d.set)).toEqual([2, 3])
    expect(refDeps(net, 5, 7 * 8 + 2, 'pixel')).toEqual([{ producer: 4, set: 3 * 4 + 1 }]) // d2s (7, 2) <- (3, 1)
    // s2d by 3 (1, 1) <- concat rows 3..5, columns 3..5
    expect(refDeps(net, 7, 3, 'pixel').map((d) => d.set)).toEqual([27, 28, 29, 35, 36, 37, 43, 44, 45])
  })
})

describe('simulate() agrees exactly with the brute-force reference', () => {
  for (const [name, make] of Object.entries(HAND)) {
    it(`${name}: one copy, and 2-3 copies per layer`, () => {
      const net = make()
      agreeEverywhere(net, allCopies(net, 1))
      agreeEverywhere(
        net,
        net.layers.map((l, i) => (isMvm(l) ? 2 + (i % 2) : 1)),
      )
    })
  }

  it('with digital latency and integer reload segments', () => {
    const net = HAND['upsample + concat branch (TinyYOLO neck)']()
    const segments = [
      { firstLayer: 0, writeSteps: 3 },
      { firstLayer: 2, writeSteps: 5 },
      { firstLayer: 4, writeSteps: 1 },
    ]
    for (const digitalSteps of [1, 2]) agreeEverywhere(net, allCopies(net, 2), { digitalSteps })
    agreeEverywhere(net, allCopies(net, 1), { segments, digitalSteps: 1 })
  })

  it('dilated and strided convs read only their taps', () => {
    const b = new NetworkBuilder('dilated', { c: 1, h: 9, w: 9 })
    b.conv(2, 3, { pad: 1 })
    b.conv(2, 3, { pad: 2, dilation: 2 }) // 9x9
    b.conv(2, 3, { pad: 1, dilation: 2, stride: 2 }) // 4x4
    const net = b.build()
    agreeEverywhere(net, allCopies(net, 1))
    agreeEverywhere(net, allCopies(net, 3))
  })

  // A dilated window reads only its taps. conv1 (3x3, pad 1, 5x5) finishes pixel (y, x) at 5y + x + 1;
  // conv2 (3x3, dilation 2, pad 1, 3x3 output, 9 copies so no copy waits):
  //   output (0, 2) reads rows {1, 3} x columns {1, 3} (taps at row -1 and column 5 are outside): its
  //   last input (3, 3) is done at 19, so it starts at 19 (the interval [1, 4] would wait for (3, 4): 20);
  //   output (2, 2) reads only (3, 3), done at 19 (not (4, 4), done at 25).
  it('dilated convs, with the exact (tap by tap) receptive field', () => {
    const b = new NetworkBuilder('dilated-exact', { c: 1, h: 5, w: 5 })
    b.conv(1, 3, { pad: 1 })
    b.conv(1, 3, { pad: 1, dilation: 2 }) // 3x3
    const net = b.build()
    const ref = referenceSchedule({ net, granularity: 'pixel', copies: [1, 9], assignment: 'interleaved', inferences: 1, mode: 'clsa', digitalSteps: 0 })
    expect(ref.starts[1][8]).toBe(19)
    agree({ net, granularity: 'pixel', copies: [1, 9], assignment: 'interleaved', inferences: 1, mode: 'clsa', digitalSteps: 0 })
  })

  it('on 300 random networks, architectures and duplications (seed 20240607)', () => {
    const rnd = mulberry32(20240607)
    const base = presetArchitecture('clsa-cim')
    let reloads = 0
    let duplicated = 0
    for (let trial = 0; trial < 300; trial++) {
      const net = randomNetwork(rnd, { layers: randInt(rnd, 3, 10), dilation: false })
      const arch = validateArchitecture({
        ...base,
        crossbarRows: pick(rnd, [8, 16, 32, 64]),
        crossbarCols: pick(rnd, [16, 32, 64]),
        cellBits: pick(rnd, [1, 2, 4]),
        weightBits: pick(rnd, [2, 4, 8]),
        differential: rnd() < 0.3,
      })
      const maps = mapLayers(net, arch)
      if (!maps.length) continue
      const granularity = pick(rnd, ['pixel', 'row'] as const)
      const setsOf = (l: number) => net.layers[l].out.h * (granularity === 'pixel' ? net.layers[l].out.w : 1)
      const reload = rnd() < 0.25
      const minimum = minimumPes(maps)
      const budget = reload ? Math.max(...maps.map((m) => m.pes)) + randInt(rnd, 0, minimum) : minimum + randInt(rnd, 0, 3 * minimum)
      const dup = duplicate(
        pick(rnd, ['none', 'greedy', 'optimal'] as const),
        maps,
        maps.map((m) => setsOf(m.layer)),
        budget,
      )
      const copies = net.layers.map(() => 1)
      maps.forEach((m, i) => (copies[m.layer] = dup[i]))
      const placed = placeCopies(maps, dup, budget)
      const writeSteps = placed.length > 1 ? randInt(rnd, 0, 4) : 0
      const segments = placed.map((s, g) => ({ firstLayer: g === 0 ? 0 : maps[s.firstMap].layer, writeSteps }))
      const common = {
        net,
        granularity,
        copies,
        assignment: pick(rnd, ['interleaved', 'block'] as const),
        inferences: pick(rnd, [1, 3]),
        digitalSteps: pick(rnd, [0, 0, 1]),
        segments,
      }
      for (const mode of MODES) agree({ ...common, mode })
      if (placed.length > 1) reloads++
      if (dup.some((d) => d > 1)) duplicated++
    }
    // the random cases do exercise reload segments and duplication
    expect(reloads).toBeGreaterThan(20)
    expect(duplicated).toBeGreaterThan(100)
  })

  const ZOO_SMALL: Array<[string, number]> = [
    ['lenet5', 32],
    ['tinyyolov4', 64],
    ['resnet18', 32],
    ['mobilenetv2', 32],
  ]
  for (const [name, size] of ZOO_SMALL) {
    it(`zoo ${name} at ${size}x${size}`, () => {
      const net = zooNetwork(name, { h: size, w: size })
      const copies = net.layers.map((l, i) => (isMvm(l) ? 1 + (i % 3) : 1))
      for (const mode of ['clsa', 'layer-by-layer'] as const) {
        agree({ net, granularity: 'pixel', copies, assignment: 'interleaved', inferences: 1, mode, digitalSteps: 0 })
        agree({ net, granularity: 'row', copies, assignment: 'block', inferences: 3, mode, digitalSteps: 0 })
      }
    })
  }
})

/**
 * simulate() over the mesh against the reference's mesh: with 0-byte outputs a transfer holds no link,
 * so an input arrives hops x hopSteps after it is done in both; the bytes sent (each output once to each
 * other tile that needs it) do not depend on timing and are compared with real sizes.
 */
function agreeOnMesh(input: RefInput & { network: RefNetwork; mode: 'clsa' | 'layer-by-layer' }, tiles: number): void {
  const { net, network } = input
  const sets = buildSets(net, input.granularity)
  const mesh = { cols: network.cols, rows: Math.ceil(tiles / network.cols) }
  const onChip = (setBytes: number[]) =>
    new OnChipNetwork(
      { mesh, copyTile: network.copyTile.map((t) => Int32Array.from(t)), setBytes, linkBytesPerStep: 1, hopSteps: network.hopSteps },
      sets,
      input.inferences,
    )
  const common = {
    sets,
    copies: Int32Array.from(input.copies),
    pes: new Int32Array(net.layers.length),
    digitalSteps: input.digitalSteps,
    assignment: input.assignment,
    inferences: input.inferences,
    segments: input.segments ?? [{ firstLayer: 0, writeSteps: 0 }],
    mode: input.mode,
  }
  const sim = simulate({ ...common, record: true, network: onChip(net.layers.map(() => 0)) })
  const ref = referenceSchedule(input)
  const tag = `${net.name} ${input.mode} ${input.granularity} ${input.assignment} n=${input.inferences} tiles=${JSON.stringify(network.copyTile)}`
  net.layers.forEach((layer, l) => {
    const got = Array.from(sim.starts![l])
    const i = got.findIndex((v, j) => v !== ref.starts[l][j])
    expect(i, `${tag}: ${layer.name} set ${i}: simulate ${got[i]}, reference ${ref.starts[l][i]}`).toBe(-1)
  })
  expect(sim.makespan, tag).toBe(ref.makespan)
  const sized = onChip(network.setBytes)
  simulate({ ...common, network: sized })
  expect(sized.traffic.bytes, tag).toBe(ref.nocBytes)
  expect(sized.traffic.byteHops, tag).toBe(ref.nocByteHops)
}

describe('simulate() over the mesh agrees with the brute-force reference (free links)', () => {
  it('on 150 random networks, copies and tiles (seed 20261128)', () => {
    const rnd = mulberry32(20261128)
    let moved = 0
    for (let trial = 0; trial < 150; trial++) {
      const net = randomNetwork(rnd, { layers: randInt(rnd, 3, 9), dilation: rnd() < 0.3 })
      const tiles = randInt(rnd, 1, 9)
      const copies = net.layers.map((l) => (isMvm(l) ? randInt(rnd, 1, 3) : 1))
      const network: RefNetwork = {
        cols: meshOf(tiles).cols,
        copyTile: copies.map((d, l) => (isMvm(net.layers[l]) ? Array.from({ length: d }, () => randInt(rnd, 0, tiles - 1)) : [])),
        hopSteps: randInt(rnd, 0, 3),
        setBytes: net.layers.map((l) => l.out.c * pick(rnd, [1, 2])),
      }
      const input = {
        net,
        granularity: pick(rnd, ['pixel', 'row'] as const),
        copies,
        assignment: pick(rnd, ['interleaved', 'block'] as const),
        inferences: pick(rnd, [1, 2]),
        digitalSteps: pick(rnd, [0, 0, 1]),
        network,
      }
      for (const mode of ['clsa', 'layer-by-layer'] as const) agreeOnMesh({ ...input, mode }, tiles)
      if (tiles > 1) moved++
    }
    expect(moved).toBeGreaterThan(100)
  })

  it('zoo tinyyolov4 at 64x64, copies spread over 9 tiles', () => {
    const net = zooNetwork('tinyyolov4', { h: 64, w: 64 })
    const copies = net.layers.map((l, i) => (isMvm(l) ? 1 + (i % 3) : 1))
    let next = 0
    const network: RefNetwork = {
      cols: 3,
      copyTile: copies.map((d, l) => (isMvm(net.layers[l]) ? Array.from({ length: d }, () => next++ % 9) : [])),
      hopSteps: 2,
      setBytes: net.layers.map((l) => l.out.c),
    }
    agreeOnMesh({ net, granularity: 'pixel', copies, assignment: 'interleaved', inferences: 1, mode: 'clsa', digitalSteps: 0, network }, 9)
  })
})
