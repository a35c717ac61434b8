/**
 * ONNX importer, operator by operator and error by error, on small graphs built by the test itself.
 */
import { describe, expect, it } from 'vitest'
import { NETWORK_INPUT, networkStats, type Layer, type Network } from '../../../src/main/core/model/ir'
import { importOnnx, OnnxImportError } from '../../../src/main/core/model/onnx'
import { OnnxGraph } from '../../fixtures/onnx/graph'

function load(g: OnnxGraph, input?: number[]): Network {
  return importOnnx(g.bytes(), { fileName: 'model.onnx', input })
}

function layer(net: Network, name: string): Layer {
  const l = net.layers.find((x) => x.name === name)
  if (!l) throw new Error(`no layer ${name}: ${net.layers.map((x) => x.name).join(', ')}`)
  return l
}

/** The error importOnnx throws (fails the test if it does not throw). */
function importError(g: OnnxGraph | Uint8Array, input?: number[]): OnnxImportError {
  try {
    importOnnx(g instanceof OnnxGraph ? g.bytes() : g, { fileName: 'model.onnx', input })
  } catch (e) {
    expect(e).toBeInstanceOf(OnnxImportError)
    return e as OnnxImportError
  }
  throw new Error('importOnnx did not throw')
}

/** A graph with input x of [1, c, h, w]. */
function graph(c = 3, h = 8, w = 8, opset = 13): OnnxGraph {
  return new OnnxGraph(opset).input('x', [1, c, h, w])
}

function conv(g: OnnxGraph, x: string, cout: number, cin: number, k: number, attrs: Record<string, number | number[] | string> = {}, name?: string): string {
  const groups = typeof attrs.group === 'number' ? attrs.group : 1
  const w = g.weight(`${name ?? `w${cout}_${cin}_${k}`}_${Math.random().toString(36).slice(2, 6)}`, [cout, cin / groups, k, k])
  return g.node('Conv', [x, w], { kernel_shape: [k, k], ...attrs }, { name })
}

describe('Conv', () => {
  it('groups, depthwise, dilation, strides and asymmetric pads', () => {
    const g = graph(8, 16, 16)
    const a = conv(g, 'x', 16, 8, 3, { group: 2, pads: [1, 1, 1, 1] }, 'grouped')
    const b = conv(g, a, 16, 16, 3, { group: 16, pads: [1, 1, 1, 1], strides: [2, 2] }, 'depthwise')
    const c = conv(g, b, 4, 16, 3, { dilations: [2, 2], pads: [2, 1, 2, 1] }, 'dilated')
    conv(g, c, 4, 4, 2, { pads: [0, 0, 1, 1] }, 'asym')
    const net = load(g)
    expect(layer(net, 'grouped')).toMatchObject({ kind: 'conv', groups: 2, out: { c: 16, h: 16, w: 16 }, bias: false, inputs: [NETWORK_INPUT] })
    expect(layer(net, 'depthwise')).toMatchObject({ groups: 16, out: { c: 16, h: 8, w: 8 }, window: { strideH: 2, strideW: 2 } })
    // dilation 2, pads top 2 left 1: H = 8 + 4 - 5 + 1 = 8, W = 8 + 2 - 5 + 1 = 6
    expect(layer(net, 'dilated')).toMatchObject({ out: { c: 4, h: 8, w: 6 }, window: { dilationH: 2, dilationW: 2, pads: [2, 1, 2, 1] } })
    expect(layer(net, 'asym')).toMatchObject({ out: { c: 4, h: 8, w: 6 }, window: { kh: 2, pads: [0, 0, 1, 1] } })
    expect(networkStats(net).params).toBe(16 * 4 * 9 + 16 * 9 + 4 * 16 * 9 + 4 * 4 * 4)
  })

  it('auto_pad SAME_UPPER, SAME_LOWER and VALID', () => {
    const g = graph(3, 9, 9)
    conv(g, 'x', 4, 3, 4, { auto_pad: 'SAME_UPPER', strides: [2, 2] }, 'upper')
    conv(g, 'x', 4, 3, 4, { auto_pad: 'SAME_LOWER', strides: [2, 2] }, 'lower')
    conv(g, 'x', 4, 3, 3, { auto_pad: 'VALID', pads: [1, 1, 1, 1] }, 'valid')
    const net = load(g)
    // out = ceil(9 / 2) = 5; total pad = 4 * 2 + 4 - 9 = 3: upper puts the extra pixel at the end.
    expect(layer(net, 'upper')).toMatchObject({ out: { h: 5, w: 5 }, window: { pads: [1, 1, 2, 2] } })
    expect(layer(net, 'lower')).toMatchObject({ out: { h: 5, w: 5 }, window: { pads: [2, 2, 1, 1] } })
    expect(layer(net, 'valid')).toMatchObject({ out: { h: 7, w: 7 }, window: { pads: [0, 0, 0, 0] } })
  })

  it('bias present or absent, weights from ConstantOfShape and initializers listed as inputs', () => {
    const g = graph()
    const shape = g.ints('w_shape', [8, 3, 3, 3])
    const w = g.node('ConstantOfShape', [shape], { value: { t: { dims: [1], values: [0.02] } } })
    const b = g.init('b', { dims: [8] }, true)
    g.node('Conv', ['x', w, b], { pads: [1, 1, 1, 1] }, { name: 'c' })
    const net = load(g)
    expect(net.layers).toHaveLength(1)
    expect(layer(net, 'c')).toMatchObject({ bias: true, out: { c: 8, h: 8, w: 8 } })
    expect(net.notes.join('\n')).toMatch(/folded 1 constant .*ConstantOfShape/)
  })

  it('weights stored as external data: only their dims are read', () => {
    const g = graph()
    const w = g.init('w', { dims: [5, 3, 1, 1], external: true })
    g.node('Conv', ['x', w], {}, { name: 'c' })
    const net = load(g)
    expect(layer(net, 'c').out).toEqual({ c: 5, h: 8, w: 8 })
    expect(net.notes.join('\n')).toMatch(/1 initializers are stored in external data/)
  })

  it('ConvTranspose: stride, pads, output_padding, output_shape and groups', () => {
    const g = graph(4, 5, 5)
    const w1 = g.weight('w1', [4, 3, 4, 4])
    g.node('ConvTranspose', ['x', w1], { strides: [2, 2], pads: [1, 1, 1, 1] }, { name: 'up' })
    const w2 = g.weight('w2', [4, 1, 3, 3])
    g.node('ConvTranspose', ['x', w2], { strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1], group: 2 }, { name: 'grouped' })
    const w3 = g.weight('w3', [4, 2, 3, 3])
    g.node('ConvTranspose', ['x', w3], { strides: [2, 2], output_shape: [10, 10] }, { name: 'shaped' })
    const net = load(g)
    expect(layer(net, 'up')).toMatchObject({ kind: 'convtranspose', out: { c: 3, h: 10, w: 10 } })
    expect(layer(net, 'grouped')).toMatchObject({ out: { c: 2, h: 10, w: 10 }, groups: 2 })
    // full output 2 * 4 + 3 = 11, one pixel cut: pads split as begin 1, end 0 (not SAME_UPPER)
    expect(layer(net, 'shaped')).toMatchObject({ out: { c: 2, h: 10, w: 10 }, window: { pads: [1, 1, 0, 0] } })
  })
})

describe('dense layers', () => {
  it('Gemm with transB, and Flatten of an HxW map as a flatten layer', () => {
    const g = graph(4, 2, 2)
    const f = g.node('Flatten', ['x'], { axis: 1 }, { name: 'flat' })
    const h = g.node('Gemm', [f, g.weight('w1', [16, 10]), g.weight('b1', [10])], {}, { name: 'fc1' })
    g.node('Gemm', [h, g.weight('w2', [7, 10])], { transB: 1 }, { name: 'fc2' })
    const net = load(g)
    expect(net.layers.map((l) => l.kind)).toEqual(['flatten', 'dense', 'dense'])
    expect(layer(net, 'flat')).toMatchObject({ out: { c: 16, h: 1, w: 1 }, inputs: [NETWORK_INPUT] })
    expect(layer(net, 'fc1')).toMatchObject({ out: { c: 10, h: 1, w: 1 }, bias: true, inputs: [0] })
    expect(layer(net, 'fc2')).toMatchObject({ out: { c: 7, h: 1, w: 1 }, bias: false, inputs: [1] })
    expect(networkStats(net).params).toBe(16 * 10 + 10 + 10 * 7)
  })

  it('MatMul with a constant weight; a following per-channel Add is its bias', () => {
    const g = new OnnxGraph(13).input('x', [1, 12])
    const m = g.node('MatMul', ['x', g.weight('w', [12, 6])], {}, { name: 'mm' })
    g.node('Add', [m, g.floats('b', [0, 0, 0, 0, 0, 0])])
    const net = load(g)
    expect(net.input).toEqual({ c: 12, h: 1, w: 1 })
    expect(net.layers).toEqual([{ name: 'mm', kind: 'dense', inputs: [NETWORK_INPUT], out: { c: 6, h: 1, w: 1 }, bias: true }])
  })

  it('Reshape with a shape computed from Shape -> Gather -> Unsqueeze -> Concat is folded', () => {
    const g = graph(8, 1, 1)
    const p = g.node('GlobalAveragePool', ['x'], {}, { name: 'gap' })
    const s = g.node('Shape', [p])
    const n = g.node('Gather', [s, g.ints('zero', [0], [])], { axis: 0 })
    const u = g.node('Unsqueeze', [n, g.ints('axes0', [0])])
    const shape = g.node('Concat', [u, g.ints('minus1', [-1])], { axis: 0 })
    const r = g.node('Reshape', [p, shape])
    g.node('Gemm', [r, g.weight('w', [5, 8])], { transB: 1 }, { name: 'fc' })
    const net = load(g)
    expect(net.layers.map((l) => l.kind)).toEqual(['globalpool', 'dense'])
    expect(layer(net, 'fc').inputs).toEqual([0])
    expect(net.notes.join('\n')).toMatch(/folded 4 constant and shape-computation nodes \(Shape, Gather, Unsqueeze, Concat\)/)
  })
})

describe('pooling, pad, resize', () => {
  it('MaxPool and AveragePool with pads and ceil_mode, global pooling, ReduceMean over H and W', () => {
    const g = graph(4, 7, 7)
    const a = g.node('MaxPool', ['x'], { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1 }, { name: 'maxceil' })
    g.node('MaxPool', ['x'], { kernel_shape: [3, 3], strides: [2, 2] }, { name: 'maxfloor' })
    g.node('AveragePool', [a], { kernel_shape: [2, 2], pads: [0, 0, 1, 1], strides: [1, 1] }, { name: 'avg' })
    g.node('GlobalAveragePool', ['x'], {}, { name: 'gap' })
    g.node('ReduceMean', ['x'], { axes: [2, 3], keepdims: 0 }, { name: 'mean' })
    const net = load(g)
    expect(layer(net, 'maxceil')).toMatchObject({ kind: 'maxpool', out: { c: 4, h: 3, w: 3 } })
    expect(layer(net, 'maxfloor').out).toEqual({ c: 4, h: 3, w: 3 })
    expect(layer(net, 'avg')).toMatchObject({ kind: 'avgpool', out: { c: 4, h: 3, w: 3 }, window: { pads: [0, 0, 1, 1] } })
    expect(layer(net, 'gap')).toMatchObject({ kind: 'globalpool', out: { c: 4, h: 1, w: 1 } })
    expect(layer(net, 'mean')).toMatchObject({ kind: 'globalpool', out: { c: 4, h: 1, w: 1 } })
  })

  it('ceil_mode matters when the window does not fit', () => {
    const g = graph(2, 8, 8)
    g.node('MaxPool', ['x'], { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1 }, { name: 'ceil' })
    g.node('MaxPool', ['x'], { kernel_shape: [3, 3], strides: [2, 2] }, { name: 'floor' })
    const net = load(g)
    expect(layer(net, 'ceil').out).toEqual({ c: 2, h: 4, w: 4 })
    expect(layer(net, 'floor').out).toEqual({ c: 2, h: 3, w: 3 })
  })

  it('Pad (pads as input, opset 11+, or attribute) becomes a pad layer', () => {
    const g = graph(2, 5, 5)
    const p = g.node('Pad', ['x', g.ints('pads', [0, 0, 1, 2, 0, 0, 3, 0])], { mode: 'constant' }, { name: 'pad' })
    g.node('AveragePool', [p], { kernel_shape: [3, 3], strides: [2, 2] }, { name: 'pool' })
    const net = load(g)
    expect(layer(net, 'pad')).toMatchObject({ kind: 'pad', out: { c: 2, h: 9, w: 7 }, window: { pads: [1, 2, 3, 0] } })
    expect(layer(net, 'pool').out).toEqual({ c: 2, h: 4, w: 3 })

    const old = graph(2, 5, 5, 9)
    old.node('Pad', ['x'], { pads: [0, 0, 1, 1, 0, 0, 1, 1], mode: 'reflect' }, { name: 'pad' })
    expect(layer(load(old), 'pad').out).toEqual({ c: 2, h: 7, w: 7 })
  })

  it('Resize with scales, with sizes computed from Shape, and Upsample (opset 9 and 7)', () => {
    const g = graph(3, 4, 5)
    g.node('Resize', ['x', '', g.floats('scales', [1, 1, 2, 3])], { mode: 'nearest' }, { name: 'scaled' })
    const s = g.node('Shape', ['x'])
    const sizes = g.node('Mul', [s, g.ints('two', [1, 1, 2, 2])])
    g.node('Resize', ['x', '', '', sizes], { mode: 'nearest' }, { name: 'sized' })
    const net = load(g)
    expect(layer(net, 'scaled')).toMatchObject({ kind: 'upsample', scaleH: 2, scaleW: 3, out: { c: 3, h: 8, w: 15 } })
    expect(layer(net, 'sized')).toMatchObject({ kind: 'upsample', scaleH: 2, scaleW: 2, out: { c: 3, h: 8, w: 10 } })

    const v9 = graph(3, 4, 4, 9)
    v9.node('Upsample', ['x', v9.floats('scales', [1, 1, 2, 2])], { mode: 'nearest' }, { name: 'up' })
    expect(layer(load(v9), 'up').out).toEqual({ c: 3, h: 8, w: 8 })
    const v7 = graph(3, 4, 4, 7)
    v7.node('Upsample', ['x'], { mode: 'nearest', scales: { floats: [1, 1, 4, 4] } }, { name: 'up' })
    expect(layer(load(v7), 'up')).toMatchObject({ scaleH: 4, out: { c: 3, h: 16, w: 16 } })
  })

  it('Resize sizes from Shape -> Slice -> Cast -> Mul -> Cast -> Concat (PyTorch interpolate), Squeeze folded', () => {
    const g = graph(3, 5, 7, 11)
    const hw = g.node('Slice', [g.node('Shape', ['x']), g.ints('from', [2]), g.ints('to', [4])])
    const scaled = g.node('Cast', [g.node('Mul', [g.node('Cast', [hw], { to: 1 }), g.floats('f', [2])])], { to: 7 })
    const nc = g.node('Squeeze', [g.node('Unsqueeze', [g.node('Slice', [g.node('Shape', ['x']), g.ints('a', [0]), g.ints('b', [2])])], { axes: [0] })], {
      axes: [0],
    })
    const sizes = g.node('Concat', [nc, scaled], { axis: 0 })
    g.node('Resize', ['x', g.floats('roi', [], [0]), g.floats('scales', [], [0]), sizes], { mode: 'nearest' }, { name: 'up' })
    const net = load(g)
    expect(net.layers).toEqual([{ name: 'up', kind: 'upsample', inputs: [NETWORK_INPUT], out: { c: 3, h: 10, w: 14 }, scaleH: 2, scaleW: 2 }])
    expect(net.notes[0]).toBe('folded 10 constant and shape-computation nodes (Shape x2, Slice x2, Cast x2, Mul, Unsqueeze, Squeeze, Concat)')
  })

  it('Resize by a non-integer factor is an error naming the node', () => {
    const g = graph(3, 4, 4)
    g.node('Resize', ['x', '', g.floats('scales', [1, 1, 1.5, 1.5])], { mode: 'nearest' }, { name: 'odd' })
    const e = importError(g)
    expect(e.message).toBe(
      'model.onnx: node "odd" (Resize): scale 1.5x1.5 is not an integer upsampling factor (only nearest upsampling by integer factors is supported)',
    )
    expect(e).toMatchObject({ file: 'model.onnx', node: 'odd', opType: 'Resize' })
  })
})

describe('merges and channel selections', () => {
  it('Add, Sum, Mul of maps; Concat on channels; constant scales are fused', () => {
    const g = graph(4, 6, 6)
    const a = conv(g, 'x', 4, 4, 1, {}, 'a')
    const b = conv(g, 'x', 4, 4, 1, {}, 'b')
    const sum = g.node('Add', [a, b], {}, { name: 'add' })
    const s3 = g.node('Sum', [a, b, sum], {}, { name: 'sum3' })
    const m = g.node('Mul', [s3, a], {}, { name: 'mul' })
    const scaled = g.node('Mul', [m, g.floats('scale', [1, 2, 3, 4], [4, 1, 1])])
    const shifted = g.node('Sub', [scaled, g.floats('mean', [0.5], [])])
    g.node('Concat', [shifted, 'x', b], { axis: 1 }, { name: 'cat' })
    const net = load(g)
    expect(net.layers.map((l) => l.kind)).toEqual(['conv', 'conv', 'add', 'add', 'mul', 'concat'])
    expect(layer(net, 'sum3').inputs).toEqual([0, 1, 2])
    expect(layer(net, 'cat')).toMatchObject({ out: { c: 12, h: 6, w: 6 }, inputs: [4, NETWORK_INPUT, 1] })
    expect(net.notes.join('\n')).toMatch(/fused 2 nodes .*\(Mul, Sub\)/)
  })

  it('x * sigmoid(x) is SiLU fused into the producer; HardSwish, Clip(0,6), LeakyRelu, PRelu, BN are fused', () => {
    const g = graph(4, 6, 6)
    const a = conv(g, 'x', 4, 4, 1, {}, 'silu')
    const s = g.node('Sigmoid', [a])
    const y = g.node('Mul', [a, s])
    const b = conv(g, y, 4, 4, 1, {}, 'relu6')
    const bn = g.node('BatchNormalization', [b, g.weight('s', [4]), g.weight('bb', [4]), g.weight('m', [4]), g.weight('v', [4])])
    const c6 = g.node('Clip', [bn, g.floats('lo', [0], []), g.floats('hi', [6], [])])
    const c = conv(g, c6, 4, 4, 1, {}, 'hs')
    const hs = g.node('HardSwish', [c])
    const d = conv(g, hs, 4, 4, 1, {}, 'leaky')
    const lr = g.node('LeakyRelu', [d], { alpha: { f: 0.1 } })
    const e = conv(g, lr, 4, 4, 1, {}, 'prelu')
    const pr = g.node('PRelu', [e, g.floats('slope', [0.25], [1])])
    const t = g.node('Tanh', [pr])
    const drop = g.node('Dropout', [t], {}, { outputs: 2 })
    g.node('Identity', [g.node('Cast', [drop], { to: 1 })])
    const net = load(g)
    expect(net.layers.map((l) => [l.name, l.activation])).toEqual([
      ['silu', 'silu'],
      ['relu6', 'relu6'],
      ['hs', 'hardswish'],
      ['leaky', 'leaky'],
      ['prelu', 'prelu'],
    ])
  })

  it('Split and Slice on channels become slice layers; opset 11 split attribute and opset 18 num_outputs', () => {
    const g = graph(6, 4, 4)
    g.node('Split', ['x', g.ints('sizes', [2, 4])], { axis: 1 }, { name: 'split', outputs: ['s0', 's1'] })
    g.node('Slice', ['x', g.ints('st', [1]), g.ints('en', [3]), g.ints('ax', [1])], {}, { name: 'slice' })
    g.node('Slice', ['x', g.ints('st2', [0, 2]), g.ints('en2', [100, 100]), g.ints('ax2', [0, 1])], {}, { name: 'tail' })
    const net = load(g)
    expect(net.layers).toEqual([
      { name: 'split:0', kind: 'slice', inputs: [NETWORK_INPUT], out: { c: 2, h: 4, w: 4 }, channelStart: 0 },
      { name: 'split:1', kind: 'slice', inputs: [NETWORK_INPUT], out: { c: 4, h: 4, w: 4 }, channelStart: 2 },
      { name: 'slice', kind: 'slice', inputs: [NETWORK_INPUT], out: { c: 2, h: 4, w: 4 }, channelStart: 1 },
      { name: 'tail', kind: 'slice', inputs: [NETWORK_INPUT], out: { c: 4, h: 4, w: 4 }, channelStart: 2 },
    ])
    const v11 = graph(6, 4, 4, 11)
    v11.node('Split', ['x'], { axis: 1, split: [1, 5] }, { name: 'split', outputs: 2 })
    expect(load(v11).layers.map((l) => l.out.c)).toEqual([1, 5])
    const v18 = graph(6, 4, 4, 18)
    v18.node('Split', ['x'], { axis: 1, num_outputs: 3 }, { name: 'split', outputs: 3 })
    expect(load(v18).layers.map((l) => l.channelStart)).toEqual([0, 2, 4])
  })

  it('a channel shuffle (Reshape -> Transpose -> Reshape) is one channel-local shuffle layer', () => {
    const g = graph(8, 4, 4)
    const a = conv(g, 'x', 8, 8, 1, {}, 'a')
    const r1 = g.node('Reshape', [a, g.ints('s1', [1, 2, 4, 4, 4])])
    const t = g.node('Transpose', [r1], { perm: [0, 2, 1, 3, 4] })
    const r2 = g.node('Reshape', [t, g.ints('s2', [1, 8, 4, 4])], {}, { name: 'shuffle' })
    conv(g, r2, 8, 8, 1, {}, 'b')
    const net = load(g)
    expect(net.layers.map((l) => l.kind)).toEqual(['conv', 'shuffle', 'conv'])
    expect(layer(net, 'shuffle')).toEqual({ name: 'shuffle', kind: 'shuffle', inputs: [0], out: { c: 8, h: 4, w: 4 } })
    expect(layer(net, 'b').inputs).toEqual([1])
    expect(net.notes.join('\n')).toMatch(/^1 layout chain \(.*\) became local layers, each output pixel reading its own pixel or block: shuffle \(shuffle\)$/m)
    expect(net.notes.join('\n')).not.toMatch(/barrier/)
  })

  it('YOLOv5 Focus (strided slices), decomposed hard-swish and a squeeze-excitation block', () => {
    const g = graph(4, 8, 8)
    const s0 = g.node('Slice', ['x', g.ints('a', [0, 0]), g.ints('b', [100, 100]), g.ints('c', [2, 3]), g.ints('d', [2, 2])], {}, { name: 'even' })
    const s1 = g.node('Slice', ['x', g.ints('a1', [1, 1]), g.ints('b1', [100, 100]), g.ints('c1', [2, 3]), g.ints('d1', [2, 2])], {}, { name: 'odd' })
    const focus = g.node('Concat', [s0, s1], { axis: 1 }, { name: 'focus' })
    const c = conv(g, focus, 8, 8, 1, {}, 'conv')
    const gate = g.node('Clip', [g.node('Add', [c, g.floats('three', [3], [])]), g.floats('zero', [0], []), g.floats('six', [6], [])])
    const hs = g.node('Div', [g.node('Mul', [c, gate]), g.floats('six2', [6], [])])
    const p = g.node('GlobalAveragePool', [hs], {}, { name: 'gap' })
    const e = g.node('Relu', [conv(g, p, 2, 8, 1, {}, 'fc1')])
    const sg = g.node('Sigmoid', [conv(g, e, 8, 2, 1, {}, 'fc2')])
    g.node('Mul', [hs, sg], {}, { name: 'scale' })
    const net = load(g)
    // the two strided slices + Concat read pixels (2y, 2x) and (2y+1, 2x+1): one space-to-depth layer by 2
    expect(net.layers.map((l) => [l.name, l.kind, l.inputs, l.out.c, l.out.h, l.activation])).toEqual([
      ['focus', 'spacetodepth', [NETWORK_INPUT], 8, 4, undefined],
      ['conv', 'conv', [0], 8, 4, 'hardswish'],
      ['gap', 'globalpool', [1], 8, 1, undefined],
      ['fc1', 'conv', [2], 2, 1, 'relu'],
      ['fc2', 'conv', [3], 8, 1, 'sigmoid'],
      ['scale', 'mul', [1, 4], 8, 4, undefined],
    ])
    expect(layer(net, 'focus').block).toBe(2)
    expect(net.notes).toContain('1 barrier, layers whose sets each wait for a whole input map: gap (global pooling over the 4x4 map)')
  })

  it('a transpose undone by a transpose is no layer', () => {
    const g = graph(4, 3, 5)
    const t = g.node('Transpose', ['x'], { perm: [0, 3, 2, 1] })
    const s = g.node('Softmax', [t], { axis: 3 })
    const back = g.node('Transpose', [s], { perm: [0, 3, 2, 1] })
    conv(g, back, 2, 4, 1, {}, 'c')
    const net = load(g)
    expect(net.layers).toHaveLength(1)
    expect(layer(net, 'c').inputs).toEqual([NETWORK_INPUT])
  })

  it('Concat of maps with different H x W is an inconsistent shape', () => {
    const g = graph(4, 8, 8)
    const p = g.node('MaxPool', ['x'], { kernel_shape: [2, 2], strides: [2, 2] })
    g.node('Concat', ['x', p], { axis: 1 }, { name: 'cat' })
    expect(importError(g).message).toMatch(/^model\.onnx: node "cat" \(Concat\): cannot concatenate \[\[1,4,8,8\], \[1,4,4,4\]\] on axis 1$/)
  })
})

describe('outputs, post-processing and notes', () => {
  it('Softmax at the end and Constant nodes make no layer', () => {
    const g = graph(3, 4, 4)
    const c = conv(g, 'x', 10, 3, 4, {}, 'c')
    const f = g.node('Flatten', [c])
    const k = g.node('Constant', [], { value: { t: { dims: [1], values: [2] } } })
    const d = g.node('Div', [f, k])
    g.node('Softmax', [d], { axis: 1 })
    const net = load(g)
    expect(net.layers).toHaveLength(1)
    expect(net.notes).toContain('folded 1 constant and shape-computation nodes (Constant)')
    expect(net.notes).toContain('dropped post-processing after c: Flatten, Div, Softmax (3 nodes)')
    // On a map (here a dense output) Softmax is fused as the layer's activation.
    const v = new OnnxGraph(13).input('x', [1, 12])
    v.node('Softmax', [v.node('Gemm', ['x', v.weight('w', [12, 4])], {}, { name: 'fc' })], { axis: 1 })
    expect(load(v).layers).toEqual([{ name: 'fc', kind: 'dense', inputs: [NETWORK_INPUT], out: { c: 4, h: 1, w: 1 }, bias: false, activation: 'softmax' }])
  })

  it('box decoding after the last convs is dropped with a note and never blocks the import', () => {
    const g = graph(3, 8, 8)
    const head = conv(g, 'x', 18, 3, 1, {}, 'head')
    const r = g.node('Reshape', [head, g.ints('s', [1, 3, 6, 8, 8])])
    const t = g.node('Transpose', [r], { perm: [0, 1, 3, 4, 2] })
    const sg = g.node('Sigmoid', [t])
    const xy = g.node('Slice', [sg, g.ints('a', [0]), g.ints('b', [2]), g.ints('ax', [4])])
    const grid = g.floats('grid', new Array(128).fill(0), [1, 1, 8, 8, 2])
    const box = g.node('Add', [xy, grid])
    const nms = g.node('NonMaxSuppression', [box, sg], {}, { domain: '' })
    g.output(nms)
    const net = load(g)
    expect(net.layers.map((l) => l.name)).toEqual(['head'])
    expect(net.notes).toContain('dropped post-processing after head: Reshape, Transpose, Sigmoid, Slice, Add, NonMaxSuppression (6 nodes)')
  })

  it('shapes that do not add up after the last layer only make the tensor unusable', () => {
    const g = graph(3, 8, 8)
    const head = conv(g, 'x', 6, 3, 1, {}, 'head')
    const t = g.node('Transpose', [head], { perm: [0, 2, 3, 1] })
    const bad = g.node('Reshape', [t, g.ints('s', [1, -1, 7])])
    g.output(g.node('Sigmoid', [bad]))
    const net = load(g)
    expect(net.layers.map((l) => l.name)).toEqual(['head'])
    expect(net.notes).toContain('dropped post-processing after head: Transpose, Reshape, Sigmoid (3 nodes)')
  })

  it('a map-shaped graph output computed without a layer becomes a flatten layer', () => {
    const g = graph(2, 4, 4)
    const t = g.node('Transpose', ['x'], { perm: [0, 1, 3, 2] })
    const r = g.node('Reshape', [t, g.ints('s', [1, 32])], {}, { name: 'out' })
    g.output(r)
    expect(load(g).layers).toEqual([{ name: 'out', kind: 'flatten', inputs: [NETWORK_INPUT], out: { c: 32, h: 1, w: 1 } }])
  })
})

describe('errors', () => {
  it('random bytes, a truncated file and an empty buffer are not ONNX', () => {
    const random = new Uint8Array(512).map((_, i) => (i * 7919 + 13) % 256)
    expect(importError(random).message).toMatch(/^model\.onnx: not (a readable ONNX model|an ONNX model)/)
    const g = graph()
    conv(g, 'x', 4, 3, 3, {}, 'c')
    const bytes = g.bytes()
    expect(importError(bytes.subarray(0, bytes.length - 10)).message).toMatch(
      /^model\.onnx: not a readable ONNX model: protobuf decoding failed \(.*\); the file is truncated or not ONNX$/,
    )
    expect(importError(new Uint8Array(0)).message).toBe('model.onnx: not an ONNX model: no graph of operator nodes was found (is this an .onnx file?)')
    expect(importError(new TextEncoder().encode('{"not": "onnx"}')).message).toMatch(/^model\.onnx: not /)
  })

  it('missing input shape names the input and the unknown dims', () => {
    const g = new OnnxGraph(13).input('images', ['N', 3, 'height', 'width'])
    conv(g, 'images', 4, 3, 3, {}, 'c')
    expect(importError(g).message).toBe('model.onnx: input "images" has unknown dims [N, height, width] — give the input shape, e.g. --input 1x3x224x224')
    expect(load(g, [1, 3, 16, 16]).layers[0].out).toEqual({ c: 4, h: 14, w: 14 })
    expect(importError(g, [1, 4, 16, 16]).message).toMatch(/input "images" is declared \[N,3,height,width\]; the given shape \[1,4,16,16\] differs in dim 1/)
    expect(importError(g, [2, 3, 16, 16]).message).toMatch(/is not \[1,C,H,W\] or \[1,N\] \(batch 1\)/)
  })

  it('a Conv whose weight is computed at run time', () => {
    const g = graph(3, 8, 8)
    g.node('Conv', ['x', 'x'], { kernel_shape: [3, 3] }, { name: 'dyn' })
    const e = importError(g)
    expect(e).toMatchObject({ file: 'model.onnx', node: 'dyn', opType: 'Conv' })
    expect(e.message).toBe('model.onnx: node "dyn" (Conv): weight is not a constant (it is computed at run time); only constant weights can be mapped')
  })

  it('a weight whose shape cannot be folded, and a MatMul of two feature maps', () => {
    const g = graph(3, 8, 8)
    const w = g.node('RandomNormal', [], { shape: [4, 3, 3, 3] }, { name: 'rnd' })
    g.node('Conv', ['x', w], {}, { name: 'c' })
    expect(importError(g).message).toBe('model.onnx: node "c" (Conv): the shape of weight is unknown: operator RandomNormal on constants is not folded')

    const m = new OnnxGraph(13).input('x', [1, 8])
    m.node('MatMul', ['x', m.node('Transpose', ['x'])], {}, { name: 'mm' })
    expect(importError(m).message).toBe(
      'model.onnx: node "mm" (MatMul): both operands are computed at run time (dynamic weights); only a constant weight can be mapped to crossbars',
    )
  })

  it('an LSTM, and an unknown operator on the MVM path', () => {
    const g = new OnnxGraph(13).input('x', [1, 8])
    const seq = g.node('Unsqueeze', ['x', g.ints('axes', [0])])
    g.node('LSTM', [seq, g.weight('W', [1, 16, 8]), g.weight('R', [1, 16, 4])], { hidden_size: 4 }, { name: 'lstm' })
    expect(importError(g).message).toBe('model.onnx: node "lstm" (LSTM): operator LSTM is not supported: it needs crossbar weights the importer cannot map')

    const h = graph(3, 8, 8)
    const odd = h.node('FancyNorm', ['x'], {}, { name: 'fancy', domain: 'com.example' })
    conv(h, odd, 4, 3, 3, {}, 'c')
    const e = importError(h)
    expect(e).toMatchObject({ node: 'c', opType: 'Conv' })
    expect(e.message).toBe(
      'model.onnx: node "c" (Conv): input depends on node "fancy" (FancyNorm), which the importer cannot map: operator com.example.FancyNorm is not supported',
    )
  })

  it('inconsistent shapes: weight channels, Add of different maps, Gemm width, Reshape size', () => {
    const a = graph(3, 8, 8)
    conv(a, 'x', 4, 5, 3, {}, 'c')
    expect(importError(a).message).toBe('model.onnx: node "c" (Conv): weight [4,5,3,3] with group 1 expects 5 input channels, the input has 3')

    const b = graph(3, 8, 8)
    const p = b.node('MaxPool', ['x'], { kernel_shape: [2, 2], strides: [2, 2] })
    b.node('Add', ['x', p], {}, { name: 'add' })
    expect(importError(b).message).toBe('model.onnx: node "add" (Add): shapes [1,3,8,8] and [1,3,4,4] cannot be broadcast')

    const c = new OnnxGraph(13).input('x', [1, 12])
    c.node('Gemm', ['x', c.weight('w', [10, 5])], {}, { name: 'fc' })
    expect(importError(c).message).toBe('model.onnx: node "fc" (Gemm): input of shape [1,12] (12 values) does not match a weight with 10 inputs')

    const d = graph(3, 8, 8)
    d.node('Reshape', ['x', d.ints('s', [1, 100])], {}, { name: 'r' })
    expect(importError(d).message).toBe('model.onnx: node "r" (Reshape): cannot reshape [1,3,8,8] (192 elements) to [1,100]')
  })

  it('an input that no node produces, and a graph with two inputs', () => {
    const g = graph()
    g.node('Add', ['x', 'nowhere'], {}, { name: 'add' })
    expect(importError(g).message).toBe('model.onnx: node "add" (Add): input "nowhere" is not produced by any node, initializer or graph input')
    const two = graph().input('y', [1, 3, 8, 8])
    two.node('Add', ['x', 'y'])
    expect(importError(two).message).toBe('model.onnx: the graph has 2 inputs ("x", "y"); only single-input networks are supported')
  })
})
