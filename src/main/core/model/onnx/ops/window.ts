/**
 * Digital operators over the spatial axes: MaxPool / AveragePool -> maxpool / avgpool, global pooling
 * (and ReduceMean / ReduceMax over H and W) -> globalpool, Pad -> pad, Resize / Upsample -> upsample.
 */
import { normAxis, reduceDims } from '../shapes'
import { isRuntime } from '../values'
import { need4d, windowFromAttrs, type Handler } from './common'

function pool(kind: 'maxpool' | 'avgpool'): Handler {
  return (ctx, n, [x], attrs) => {
    const input = ctx.asMap(x, n)
    const [, c, h, w] = need4d(ctx, n, input.dims)
    const ks = attrs.ints('kernel_shape')
    if (!ks || ks.length !== 2) return ctx.fail(n, `kernel_shape [${ks ?? ''}] is not a 2-D window`)
    const ceil = attrs.int('ceil_mode', 0) === 1
    const { window, oh, ow } = windowFromAttrs(ctx, n, attrs, [ks[0], ks[1]], h, w, { ceil, dilations: kind === 'maxpool' })
    return [ctx.addLayer(n, { kind, inputs: [input.layer], out: { c, h: oh, w: ow }, window }, [1, c, oh, ow])]
  }
}

const globalPool: Handler = (ctx, n, [x]) => {
  const input = ctx.asMap(x, n)
  const [, c] = need4d(ctx, n, input.dims)
  return [ctx.addLayer(n, { kind: 'globalpool', inputs: [input.layer], out: { c, h: 1, w: 1 } }, [1, c, 1, 1])]
}

/** ReduceMean / ReduceMax over exactly H and W of a map is global pooling; other reductions are not layers. */
function reduce(op: string): Handler {
  return (ctx, n, inputs, attrs) => {
    const [x, axesIn] = inputs
    const axesVals = axesIn ? ctx.needValues(axesIn, n, 'axes') : attrs.ints('axes')
    const keep = attrs.int('keepdims', 1) === 1
    if (x?.kind === 'map' && x.dims.length === 4 && axesVals && axesVals.length === 2) {
      const set = new Set(axesVals.map((a) => normAxis(a, 4)))
      if (set.has(2) && set.has(3)) {
        const c = x.dims[1]
        return [ctx.addLayer(n, { kind: 'globalpool', inputs: [x.layer], out: { c, h: 1, w: 1 } }, keep ? [1, c, 1, 1] : [1, c])]
      }
    }
    // Any other reduction: a tensor that depends on the whole map (a 'flatten' layer if a layer reads it).
    if (!isRuntime(x)) return ctx.fail(n, `${op} of a constant should have been folded`)
    return [ctx.derived(n, x.dims ? reduceDims(x.dims, axesVals, keep) : null, [x])]
  }
}

const pad: Handler = (ctx, n, inputs, attrs) => {
  const input = ctx.asMap(inputs[0], n)
  const dims = need4d(ctx, n, input.dims)
  let pads = inputs[1] ? ctx.needValues(inputs[1], n, 'pads') : (attrs.ints('pads') ?? attrs.ints('paddings'))
  if (!pads) return ctx.fail(n, 'pads are missing')
  const axesIn = inputs[3]
  if (axesIn) {
    const axes = ctx.needValues(axesIn, n, 'axes').map((a) => normAxis(a, 4))
    const full = new Array<number>(8).fill(0)
    const given = pads
    axes.forEach((a, i) => {
      full[a] = given[i]
      full[a + 4] = given[i + axes.length]
    })
    pads = full
  }
  if (pads.length !== 8) ctx.fail(n, `pads [${pads}] do not fit a rank-4 tensor`)
  if (pads[0] || pads[1] || pads[4] || pads[5]) ctx.fail(n, `padding the batch or channel axis (pads [${pads}]) is not supported`)
  const [t, l, b, r] = [pads[2], pads[3], pads[6], pads[7]]
  if (!t && !l && !b && !r) return [ctx.alias(input, 'Pad')]
  const h = dims[2] + t + b
  const w = dims[3] + l + r
  const window = { kh: 1, kw: 1, strideH: 1, strideW: 1, pads: [t, l, b, r] as [number, number, number, number], dilationH: 1, dilationW: 1 }
  return [ctx.addLayer(n, { kind: 'pad', inputs: [input.layer], out: { c: dims[1], h, w }, window }, [1, dims[1], h, w])]
}

/** Resize (opset 10+) and Upsample: nearest-neighbour upsampling by integer factors. */
const resize: Handler = (ctx, n, inputs, attrs) => {
  const node = ctx.nodes[n]
  const input = ctx.asMap(inputs[0], n)
  const [, c, h, w] = need4d(ctx, n, input.dims)
  const isUpsample = node.op_type === 'Upsample'
  const scalesIn = isUpsample || ctx.opset < 11 ? inputs[1] : inputs[2]
  const sizesIn = isUpsample || ctx.opset < 11 ? undefined : inputs[3]
  const axes = attrs.ints('axes')?.map((a) => normAxis(a, 4))
  const expand = (vals: number[], fill: (a: number) => number) => {
    if (!axes) return vals
    const full = [0, 1, 2, 3].map(fill)
    axes.forEach((a, i) => (full[a] = vals[i]))
    return full
  }
  let fh: number
  let fw: number
  const sizes = sizesIn && sizesIn.kind === 'const' && sizesIn.dims && sizesIn.dims[0] === 0 ? undefined : sizesIn
  if (sizes) {
    const s = expand(ctx.needValues(sizes, n, 'sizes'), (a) => input.dims[a])
    if (s.length !== 4 || s[0] !== 1 || s[1] !== c) ctx.fail(n, `sizes [${s}] change the batch or channel count of a [${input.dims}] map`)
    fh = s[2] / h
    fw = s[3] / w
  } else {
    const scalesAttr = attrs.floats('scales')
    const sc = scalesIn ? ctx.needValues(scalesIn, n, 'scales') : scalesAttr
    if (!sc || sc.length === 0) return ctx.fail(n, 'neither scales nor sizes are given')
    const s = expand(sc, () => 1)
    if (s.length !== 4 || s[0] !== 1 || s[1] !== 1) ctx.fail(n, `scales [${s}] change the batch or channel axis`)
    fh = s[2]
    fw = s[3]
  }
  const round = (f: number) => (Math.abs(f - Math.round(f)) < 1e-6 ? Math.round(f) : f)
  fh = round(fh)
  fw = round(fw)
  if (!Number.isInteger(fh) || !Number.isInteger(fw) || fh < 1 || fw < 1) {
    ctx.fail(n, `scale ${fh}x${fw} is not an integer upsampling factor (only nearest upsampling by integer factors is supported)`)
  }
  const mode = attrs.string('mode', 'nearest')
  if (mode !== 'nearest') ctx.notes.push(`${ctx.nodeName(n)} (${node.op_type}): mode "${mode}" treated as nearest-neighbour upsampling (same output size)`)
  if (fh === 1 && fw === 1) return [ctx.alias(input, node.op_type)]
  return [ctx.addLayer(n, { kind: 'upsample', inputs: [input.layer], out: { c, h: h * fh, w: w * fw }, scaleH: fh, scaleW: fw }, [1, c, h * fh, w * fw])]
}

export const WINDOW_HANDLERS: Record<string, Handler> = {
  MaxPool: pool('maxpool'),
  AveragePool: pool('avgpool'),
  GlobalAveragePool: globalPool,
  GlobalMaxPool: globalPool,
  ReduceMean: reduce('ReduceMean'),
  ReduceMax: reduce('ReduceMax'),
  Pad: pad,
  Resize: resize,
  Upsample: resize,
}
