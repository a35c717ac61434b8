/**
 * Operators that only rearrange or describe data: Reshape, Flatten, Squeeze, Unsqueeze, Transpose,
 * SpaceToDepth, DepthToSpace, Expand, Tile, Shape, Size. They make no layer: a reshape of a map
 * remembers the map (a dense layer reads it directly; reshaping back gives the map again), a transpose
 * remembers its permutation (a transpose that undoes it gives the map again), and every rearrangement
 * keeps its layout (which map element each element is) for a local layer later (issue 12); Shape of a
 * runtime tensor is a constant.
 */
import { known, constant, isRuntime, type RuntimeValue, type Value } from '../values'
import { shapeOfDims } from '../fold'
import { broadcastDims, composePerm, flattenDims, isIdentityPerm, reshapeDims, squeezeDims, transposeDims, unsqueezeDims } from '../shapes'
import { DT, elementCount } from '../tensor'
import type { ImportContext } from '../context'
import { blockRearrangement, transposeIndex } from '../rearrange'
import { need4d, type Handler } from './common'

function sameDims(a: number[] | null, b: number[] | null): boolean {
  return !!a && !!b && a.length === b.length && a.every((d, i) => d === b[i])
}

/** x with new dims and the same element order. */
function reshapeTo(ctx: ImportContext, n: number, x: RuntimeValue, dims: number[] | null, why?: string): Value {
  if (!dims) {
    const unsupported = why ? { node: ctx.nodeName(n), opType: ctx.nodes[n].op_type, reason: why } : undefined
    return ctx.derived(n, null, [x], unsupported ? { unsupported } : {})
  }
  if (sameDims(dims, x.dims)) return x
  const of = x.kind === 'map' ? x : x.reshapeOf
  if (of && !(x.kind === 'derived' && x.unsupported))
    return sameDims(dims, of.dims) ? ctx.markUsed(x, of) : ctx.rearranged(n, x, dims, undefined, { reshapeOf: of })
  return ctx.rearranged(n, x, dims)
}

/** Axes from the second input (opset 13+) or the `axes` attribute. */
function axes(ctx: ImportContext, n: number, inputs: (Value | undefined)[], attr: number[] | undefined): number[] | undefined {
  return inputs[1] ? ctx.needValues(inputs[1], n, 'axes') : attr
}

function runtimeInput(ctx: ImportContext, n: number, v: Value | undefined): RuntimeValue {
  if (!isRuntime(v)) return ctx.fail(n, 'its data input is a constant while the node was not folded')
  return v
}

const reshape: Handler = (ctx, n, inputs, attrs) => {
  const x = runtimeInput(ctx, n, inputs[0])
  const shape = inputs[1]?.kind === 'const' ? inputs[1].values() : null
  if (!shape) return [reshapeTo(ctx, n, x, null, 'its target shape is computed at run time and could not be folded')]
  return [reshapeTo(ctx, n, x, x.dims ? reshapeDims(x.dims, shape, attrs.int('allowzero', 0) === 1) : null)]
}

const flatten: Handler = (ctx, n, [v], attrs) => {
  const x = runtimeInput(ctx, n, v)
  return [reshapeTo(ctx, n, x, x.dims ? flattenDims(x.dims, attrs.int('axis', 1)) : null)]
}

const squeeze: Handler = (ctx, n, inputs, attrs) => {
  const x = runtimeInput(ctx, n, inputs[0])
  return [reshapeTo(ctx, n, x, x.dims ? squeezeDims(x.dims, axes(ctx, n, inputs, attrs.ints('axes'))) : null)]
}

const unsqueeze: Handler = (ctx, n, inputs, attrs) => {
  const x = runtimeInput(ctx, n, inputs[0])
  const ax = axes(ctx, n, inputs, attrs.ints('axes'))
  if (!ax) return ctx.fail(n, 'axes are missing')
  return [reshapeTo(ctx, n, x, x.dims ? unsqueezeDims(x.dims, ax) : null)]
}

const transpose: Handler = (ctx, n, [v], attrs) => {
  const x = runtimeInput(ctx, n, v)
  if (!x.dims) return [ctx.derived(n, null, [x])]
  const perm = attrs.ints('perm') ?? x.dims.map((_, i) => x.dims!.length - 1 - i)
  const dims = transposeDims(x.dims, perm)
  if (isIdentityPerm(perm)) return [x]
  const move = (index: Int32Array) => transposeIndex(index, x.dims!, perm)
  if (x.kind === 'map') return [ctx.rearranged(n, x, dims, move, { view: { of: x, perm } })]
  if (x.view && !x.unsupported) {
    const composed = composePerm(x.view.perm, perm)
    return [isIdentityPerm(composed) ? ctx.markUsed(x, x.view.of) : ctx.rearranged(n, x, dims, move, { view: { of: x.view.of, perm: composed } })]
  }
  return [ctx.rearranged(n, x, dims, move)]
}

/** issue 12. SpaceToDepth / DepthToSpace: a reshape and a transpose of a (N,C,H,W) map (ONNX definitions). */
function blocks(op: 'SpaceToDepth' | 'DepthToSpace'): Handler {
  return (ctx, n, [v], attrs) => {
    const x = runtimeInput(ctx, n, v)
    const k = attrs.int('blocksize', 0)
    if (k < 1) return ctx.fail(n, `blocksize ${k} is not a positive integer`)
    if (!x.dims) return [ctx.derived(n, null, [x])]
    const [b, c, h, w] = need4d(ctx, n, x.dims)
    const mode = attrs.string('mode', 'DCR')
    if (op === 'SpaceToDepth' && (h % k || w % k)) return ctx.fail(n, `the ${h}x${w} map is not divisible into ${k}x${k} blocks`)
    if (op === 'DepthToSpace' && c % (k * k)) return ctx.fail(n, `${c} channels are not divisible by blocksize^2 = ${k * k}`)
    if (op === 'DepthToSpace' && mode !== 'DCR' && mode !== 'CRD') return ctx.fail(n, `mode "${mode}" is not DCR or CRD`)
    const { dims, perm } = blockRearrangement(op, mode, x.dims, k)
    const out = op === 'SpaceToDepth' ? [b, c * k * k, h / k, w / k] : [b, c / (k * k), h * k, w * k]
    return [ctx.rearranged(n, x, out, (index) => transposeIndex(index, dims, perm))]
  }
}

const expand: Handler = (ctx, n, [v, shape]) => {
  const x = runtimeInput(ctx, n, v)
  const s = shape?.kind === 'const' ? shape.values() : null
  return [ctx.derived(n, x.dims && s ? broadcastDims(x.dims, s) : null, [x])]
}

const tile: Handler = (ctx, n, [v, repeats]) => {
  const x = runtimeInput(ctx, n, v)
  const r = repeats?.kind === 'const' ? repeats.values() : null
  return [ctx.derived(n, x.dims && r ? x.dims.map((d, i) => d * r[i]) : null, [x])]
}

const shape: Handler = (ctx, n, [v], attrs) => {
  const x = runtimeInput(ctx, n, v)
  if (x.dims) return [shapeOfDims(x.dims, attrs)]
  return [constant(null, DT.INT64, () => null, `the shape of the output of node "${ctx.nodeName(x.kind === 'derived' ? x.node : n)}" is unknown`)]
}

const size: Handler = (ctx, n, [v]) => {
  const x = runtimeInput(ctx, n, v)
  return [x.dims ? known([], [elementCount(x.dims)], DT.INT64) : constant(null, DT.INT64, () => null)]
}

export const LAYOUT_HANDLERS: Record<string, Handler> = {
  Reshape: reshape,
  Flatten: flatten,
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  Transpose: transpose,
  SpaceToDepth: blocks('SpaceToDepth'),
  DepthToSpace: blocks('DepthToSpace'),
  Expand: expand,
  Tile: tile,
  Shape: shape,
  Size: size,
}
