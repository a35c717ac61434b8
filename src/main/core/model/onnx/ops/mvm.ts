/**
 * Operators that run on crossbars: Conv -> conv, ConvTranspose -> convtranspose, Gemm and MatMul with
 * a constant weight -> dense. Weights are read for their dims only.
 */
import { irShape, type ImportContext } from '../context'
import { elementCount } from '../tensor'
import type { Value } from '../values'
import { need4d, windowFromAttrs, type Handler } from './common'

/** The optional bias operand: present (true) or absent (false), checked against `cout`. */
function biasOf(ctx: ImportContext, n: number, v: Value | undefined, cout: number): boolean {
  if (!v) return false
  const b = ctx.needConst(v, n, 'bias')
  if (elementCount(b.dims) !== cout) ctx.fail(n, `bias of shape [${b.dims}] does not match ${cout} output channels`)
  return true
}

const conv: Handler = (ctx, n, [x, w, b], attrs) => {
  const weight = ctx.needConst(w, n, 'weight')
  const input = ctx.asMap(x, n)
  const [, cin, h, wd] = need4d(ctx, n, input.dims)
  if (weight.dims.length !== 4) ctx.fail(n, `weight of shape [${weight.dims}] is not a 2-D convolution kernel (Cout, Cin/groups, kh, kw)`)
  const [cout, cinPerGroup, kh, kw] = weight.dims
  const groups = attrs.int('group', 1)
  if (cinPerGroup * groups !== cin) {
    ctx.fail(n, `weight [${weight.dims}] with group ${groups} expects ${cinPerGroup * groups} input channels, the input has ${cin}`)
  }
  if (cout % groups !== 0) ctx.fail(n, `${cout} output channels are not divisible by group ${groups}`)
  const ks = attrs.ints('kernel_shape')
  if (ks && (ks[0] !== kh || ks[1] !== kw)) ctx.fail(n, `kernel_shape [${ks}] does not match the weight [${weight.dims}]`)
  const { window, oh, ow } = windowFromAttrs(ctx, n, attrs, [kh, kw], h, wd)
  const bias = biasOf(ctx, n, b, cout)
  return [ctx.addLayer(n, { kind: 'conv', inputs: [input.layer], out: { c: cout, h: oh, w: ow }, window, groups, bias }, [1, cout, oh, ow])]
}

const convTranspose: Handler = (ctx, n, [x, w, b], attrs) => {
  const weight = ctx.needConst(w, n, 'weight')
  const input = ctx.asMap(x, n)
  const [, cin, h, wd] = need4d(ctx, n, input.dims)
  if (weight.dims.length !== 4) ctx.fail(n, `weight of shape [${weight.dims}] is not a 2-D kernel (Cin, Cout/groups, kh, kw)`)
  const [wcin, coutPerGroup, kh, kw] = weight.dims
  const groups = attrs.int('group', 1)
  if (wcin !== cin) ctx.fail(n, `weight [${weight.dims}] expects ${wcin} input channels, the input has ${cin}`)
  if (cin % groups !== 0) ctx.fail(n, `${cin} input channels are not divisible by group ${groups}`)
  const cout = coutPerGroup * groups
  const [sh, sw] = attrs.ints('strides') ?? [1, 1]
  const [dh, dw] = attrs.ints('dilations') ?? [1, 1]
  const [oph, opw] = attrs.ints('output_padding') ?? [0, 0]
  const auto = attrs.string('auto_pad', 'NOTSET')
  const full = (size: number, k: number, s: number, d: number, op: number) => s * (size - 1) + op + (k - 1) * d + 1
  let pads = attrs.ints('pads') ?? [0, 0, 0, 0]
  const outShape = attrs.ints('output_shape')
  if (outShape || auto === 'SAME_UPPER' || auto === 'SAME_LOWER') {
    const [th, tw] = outShape ? outShape.slice(-2) : [h * sh, wd * sw]
    const split = (total: number): [number, number] =>
      auto === 'SAME_UPPER' ? [Math.floor(total / 2), total - Math.floor(total / 2)] : [total - Math.floor(total / 2), Math.floor(total / 2)]
    const [t, bo] = split(full(h, kh, sh, dh, oph) - th)
    const [l, r] = split(full(wd, kw, sw, dw, opw) - tw)
    pads = [t, l, bo, r]
  } else if (auto === 'VALID') pads = [0, 0, 0, 0]
  const oh = full(h, kh, sh, dh, oph) - pads[0] - pads[2]
  const ow = full(wd, kw, sw, dw, opw) - pads[1] - pads[3]
  const window = {
    kh,
    kw,
    strideH: sh,
    strideW: sw,
    pads: [pads[0], pads[1], pads[2], pads[3]] as [number, number, number, number],
    dilationH: dh,
    dilationW: dw,
  }
  const bias = biasOf(ctx, n, b, cout)
  return [ctx.addLayer(n, { kind: 'convtranspose', inputs: [input.layer], out: { c: cout, h: oh, w: ow }, window, groups, bias }, [1, cout, oh, ow])]
}

/**
 * The producer layer of a dense layer reading K values: a map directly (dense depends on the whole
 * map), a reshape of a 1x1 map directly, anything else through a whole-map 'flatten' layer.
 */
function denseInput(ctx: ImportContext, n: number, v: Value | undefined, k: number): number {
  if (!v) ctx.fail(n, 'input is missing')
  if (v.kind === 'const') ctx.fail(n, 'input is a constant, expected a tensor computed from the network input')
  const dims = v.dims
  if (dims && elementCount(dims) !== k) ctx.fail(n, `input of shape [${dims}] (${elementCount(dims)} values) does not match a weight with ${k} inputs`)
  if (dims && dims[dims.length - 1] !== k) {
    ctx.fail(n, `input of shape [${dims}] is multiplied along its last axis only; only a single row vector of ${k} values can be mapped`)
  }
  if (v.kind === 'map') return v.layer
  if (v.reshapeOf && !v.unsupported) {
    const s = irShape(v.reshapeOf.dims)
    if (s && s.h * s.w === 1) return ctx.markUsed(v, v.reshapeOf.layer)
  }
  return ctx.materialize(v, n, 'input', { c: k, h: 1, w: 1 }).layer
}

const gemm: Handler = (ctx, n, [a, bw, c], attrs) => {
  if (attrs.int('transA', 0) !== 0) ctx.fail(n, 'transA=1 is not supported (the input must be a row vector)')
  const weight = ctx.needConst(bw, n, 'weight')
  if (weight.dims.length !== 2) ctx.fail(n, `weight of shape [${weight.dims}] is not a matrix`)
  const [k, nOut] = attrs.int('transB', 0) ? [weight.dims[1], weight.dims[0]] : weight.dims
  const input = denseInput(ctx, n, a, k)
  const bias = biasOf(ctx, n, c, nOut)
  return [ctx.addLayer(n, { kind: 'dense', inputs: [input], out: { c: nOut, h: 1, w: 1 }, bias }, [1, nOut])]
}

const matmul: Handler = (ctx, n, [a, bw]) => {
  if (a?.kind === 'const' && bw && bw.kind !== 'const')
    ctx.fail(n, 'a constant matrix times a feature map is not supported (the weight must be the second operand)')
  if (bw && bw.kind !== 'const') ctx.fail(n, 'both operands are computed at run time (dynamic weights); only a constant weight can be mapped to crossbars')
  const weight = ctx.needConst(bw, n, 'weight')
  if (weight.dims.length !== 2) ctx.fail(n, `weight of shape [${weight.dims}] is not a matrix`)
  const [k, nOut] = weight.dims
  const input = denseInput(ctx, n, a, k)
  return [ctx.addLayer(n, { kind: 'dense', inputs: [input], out: { c: nOut, h: 1, w: 1 }, bias: false }, [1, nOut])]
}

/** Operators that need crossbar weights but cannot be mapped: always an error. */
export const UNSUPPORTED_MVM = new Set([
  'LSTM',
  'GRU',
  'RNN',
  'ConvInteger',
  'QLinearConv',
  'MatMulInteger',
  'QLinearMatMul',
  'Einsum',
  'DeformConv',
  'Attention',
  'MultiHeadAttention',
  'FusedConv',
  'FusedGemm',
  'QGemm',
  'DynamicQuantizeLSTM',
])

export const MVM_HANDLERS: Record<string, Handler> = {
  Conv: conv,
  ConvTranspose: convTranspose,
  Gemm: gemm,
  MatMul: matmul,
}
