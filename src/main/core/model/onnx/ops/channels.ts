/**
 * Split, Slice and Gather. A contiguous block of whole channels of a map becomes a 'slice' layer.
 * Other selections with constant bounds (a channel split of a reshaped / transposed map, as in
 * ShuffleNet's Reshape -> Transpose -> Reshape -> Gather, strided slices over H and W, as in YOLOv5's
 * Focus) are rearrangements that keep their layout (issue 12): the layer that reads them decides
 * whether they are local. The rest are derived tensors.
 */
import { irShape, type ImportContext } from '../context'
import { splitSizes, sliceParams } from '../fold'
import { selectIndex } from '../rearrange'
import { gatherDims, normAxis, ShapeError, sliceSpec } from '../shapes'
import { elementCount } from '../tensor'
import { isRuntime, type ConstValue, type MapValue, type RuntimeValue, type Value } from '../values'
import type { Handler } from './common'

/**
 * Elements [start, start + count) along `axis` of x as a slice layer, when they are whole channels
 * of a (C,H,W) view of x and the result is a map `outDims`; null otherwise.
 */
function channelBlock(
  ctx: ImportContext,
  n: number,
  x: RuntimeValue,
  axis: number,
  start: number,
  count: number,
  outDims: number[],
  suffix = '',
): MapValue | null {
  const dims = x.dims
  const out = irShape(outDims)
  if (!dims || !out || (x.kind === 'derived' && (x.unsupported || x.layout))) return null
  const a = normAxis(axis, dims.length)
  if (elementCount(dims.slice(0, a)) !== 1) return null
  const inner = elementCount(dims.slice(a + 1))
  const hw = out.h * out.w
  const first = start * inner
  const size = count * inner
  const total = elementCount(dims)
  if (first % hw !== 0 || size % hw !== 0 || total % hw !== 0) return null
  let parent: MapValue
  if (x.kind === 'map') {
    const s = ctx.shapeOf(x.layer)
    if (s.h !== out.h || s.w !== out.w) return null
    parent = x
  } else {
    // The derived tensor's trailing axes must be the map's H and W, and the block must not cut them.
    if (hw > 1 && (dims.length < 3 || dims[dims.length - 2] !== out.h || dims[dims.length - 1] !== out.w || a >= dims.length - 2)) return null
    parent = ctx.materialize(x, n, 'input', { c: total / hw, h: out.h, w: out.w })
  }
  const c = ctx.shapeOf(parent.layer).c
  if (first === 0 && size / hw === c) return { ...ctx.alias(parent, 'Slice'), dims: outDims }
  return ctx.addLayer(n, { kind: 'slice', inputs: [parent.layer], out: { c: size / hw, h: out.h, w: out.w }, channelStart: first / hw }, outDims, suffix)
}

function constInputs(inputs: (Value | undefined)[]): (ConstValue | undefined)[] {
  return inputs.map((v) => (v?.kind === 'const' ? v : undefined))
}

const split: Handler = (ctx, n, inputs, attrs) => {
  const x = inputs[0]
  const outputs = ctx.nodes[n].output.length
  if (!isRuntime(x)) return ctx.fail(n, 'its input is a constant while the node was not folded')
  if (!x.dims) return Array.from({ length: outputs }, () => ctx.derived(n, null, [x]))
  const a = normAxis(attrs.int('axis', 0), x.dims.length)
  const sizes = splitSizes(x.dims[a], outputs, constInputs(inputs), attrs)
  let start = 0
  return sizes.map((size, k) => {
    const outDims = x.dims!.map((d, i) => (i === a ? size : d))
    const first = start
    const picks = x.dims!.map((d, i) => range(i === a ? first : 0, i === a ? size : d))
    const v =
      channelBlock(ctx, n, x, a, start, size, outDims, sizes.length > 1 ? `:${k}` : '') ??
      ctx.rearranged(n, x, outDims, (idx) => selectIndex(idx, x.dims!, picks), sizes.length > 1 ? { part: k } : {})
    start += size
    return v
  })
}

const slice: Handler = (ctx, n, inputs, attrs) => {
  const x = inputs[0]
  if (!isRuntime(x)) return ctx.fail(n, 'its data input is a constant while the node was not folded')
  if (!x.dims) return [ctx.derived(n, null, [x])]
  let p: ReturnType<typeof sliceParams>
  try {
    p = sliceParams(constInputs(inputs), attrs)
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e
    return [
      ctx.derived(n, null, [x], { unsupported: { node: ctx.nodeName(n), opType: 'Slice', reason: `its bounds are computed at run time (${e.message})` } }),
    ]
  }
  const spec = sliceSpec(x.dims, p.starts, p.ends, p.axes, p.steps)
  const outDims = spec.map((s) => s.count)
  const cut = spec.map((_, i) => i).filter((i) => !(spec[i].start === 0 && spec[i].step === 1 && spec[i].count === x.dims![i]))
  if (cut.length === 0) return [x]
  if (cut.length === 1 && spec[cut[0]].step === 1) {
    const a = cut[0]
    const m = channelBlock(ctx, n, x, a, spec[a].start, spec[a].count, outDims)
    if (m) return [m]
  }
  const picks = spec.map((s) => Array.from({ length: s.count }, (_, i) => s.start + i * s.step))
  return [ctx.rearranged(n, x, outDims, (idx) => selectIndex(idx, x.dims!, picks))]
}

const gather: Handler = (ctx, n, [x, idx], attrs) => {
  const axis = attrs.int('axis', 0)
  const runtime = [x, idx].filter(isRuntime)
  const dims = x?.dims && idx?.dims ? gatherDims(x.dims, axis, idx.dims) : null
  if (isRuntime(x) && idx?.kind === 'const' && dims) {
    const k = idx.values()
    const size = x.dims![normAxis(axis, x.dims!.length)]
    const norm = k?.map((i) => (i < 0 ? i + size : i))
    if (norm && norm.length > 0 && norm.every((v, i) => v === norm[0] + i)) {
      const m = channelBlock(ctx, n, x, axis, norm[0], norm.length, dims)
      if (m) return [m]
    }
    if (norm) {
      const bad = norm.findIndex((i) => i < 0 || i >= size)
      if (bad >= 0) return ctx.fail(n, `index ${k![bad]} is out of range for axis ${axis} of size ${size}`)
      const a = normAxis(axis, x.dims!.length)
      const picks = x.dims!.map((d, i) => (i === a ? norm : range(0, d)))
      return [ctx.rearranged(n, x, dims, (index) => selectIndex(index, x.dims!, picks))]
    }
  }
  return [ctx.derived(n, dims, runtime)]
}

/** start, start + 1, ..., start + count - 1. */
function range(start: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start + i)
}

export const CHANNEL_HANDLERS: Record<string, Handler> = {
  Split: split,
  Slice: slice,
  Gather: gather,
}
