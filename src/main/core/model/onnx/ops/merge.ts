/**
 * Elementwise operators with several operands and Concat. Two or more feature maps -> add / mul /
 * concat layers; a map with a per-channel constant (scale, bias, mean) -> fused, no layer; x * f(x)
 * of one map (x * sigmoid(x) = SiLU, hard-swish, mish) -> fused activation; anything else (box decoding
 * with grids and anchors) -> a derived tensor. A Concat of pieces of one map is a rearrangement of
 * that map (issue 12); a Concat of maps on the channel axis is a concat layer.
 */
import type { LayerKind } from '../../ir'
import { irShape } from '../context'
import { concatIndex, once } from '../rearrange'
import { broadcastDims, concatDims, normAxis } from '../shapes'
import { elementCount } from '../tensor'
import { isRuntime, type ConstValue, type MapValue, type RuntimeValue, type Value } from '../values'
import type { Handler } from './common'

/** Closest IR kind of each elementwise operator on two maps (the IR has add and mul only). */
const KIND: Record<string, LayerKind> = { Add: 'add', Sum: 'add', Sub: 'add', Max: 'add', Min: 'add', Mean: 'add', Mul: 'mul', Div: 'mul' }

/** Whether constant c only scales or shifts whole channels of a map of dims `dims` (no growth). */
function channelWise(dims: number[] | null, c: ConstValue): boolean {
  if (!dims || !c.dims || c.dims.length > dims.length) return false
  const padded = [...new Array<number>(dims.length - c.dims.length).fill(1), ...c.dims]
  return padded.every((d, i) => d === 1 || (i === 1 && d === dims[1]))
}

/** Name of the activation x * f(x) when `acts` are the operators f applied to x. */
function gatedName(acts: string[]): string | undefined {
  const key = acts.join(',')
  if (key === 'Sigmoid') return 'silu'
  if (key === 'HardSigmoid' || acts.includes('Clip') || acts.includes('Relu6')) return 'hardswish'
  if (key === 'Softplus,Tanh') return 'mish'
  return undefined
}

/** x op f(x) of one map (e.g. x * sigmoid(x)): fused, returns the alias; else null. */
function sameMap(ctx: Parameters<Handler>[0], op: string, operands: RuntimeValue[]): MapValue | null {
  if (!operands.every((v): v is MapValue => v.kind === 'map')) return null
  const [a, ...rest] = operands
  if (!rest.every((v) => v.base === a.base && v.dims.length === a.dims.length && v.dims.every((d, i) => d === a.dims[i]))) return null
  if (rest.length !== 1) return null
  const [short, long] = rest[0].acts.length > a.acts.length ? [a, rest[0]] : [rest[0], a]
  // Only x op f(x) with f a non-empty chain of pointwise ops; x op x stays a layer.
  if (long.acts.length === short.acts.length || !short.acts.every((x, i) => long.acts[i] === x)) return null
  const name = op === 'Mul' ? gatedName(long.acts.slice(short.acts.length)) : undefined
  return ctx.alias(long, op, name, name !== undefined)
}

function elementwise(op: string): Handler {
  return (ctx, n, inputs) => {
    const present = inputs.filter((v): v is Value => v !== undefined)
    const runtime = present.filter(isRuntime)
    const consts = present.filter((v): v is ConstValue => v.kind === 'const')
    const allDims = present.every((v) => v.dims) ? present.map((v) => v.dims!).reduce((a, b) => broadcastDims(a, b)) : null
    if (runtime.length === 1) {
      const v = runtime[0]
      if (consts.every((c) => channelWise(v.dims, c))) {
        if (v.kind === 'map') {
          // A per-channel Add right after a bias-free MVM layer is its bias (MatMul + Add).
          const layer = v.layer >= 0 ? ctx.layers[v.layer] : undefined
          const c = consts[0]
          if (op === 'Add' && layer && layer.bias === false && v.acts.length === 0 && c?.dims && elementCount(c.dims) === layer.out.c && layer.out.c > 1) {
            layer.bias = true
          }
          return [ctx.alias(v, op)]
        }
        if (consts.every((c) => c.dims && elementCount(c.dims) === 1)) return [ctx.pointwise(n, v)]
      }
      return [ctx.derived(n, allDims, [v])]
    }
    if (consts.length === 0) {
      const fused = sameMap(ctx, op, runtime)
      if (fused) return [fused]
      const out = irShape(allDims)
      if (out && KIND[op] && runtime.every((v) => ctx.mapLike(v))) {
        const maps = runtime.map((v, i) => ctx.asMap(v, n, `operand ${i}`))
        if (op !== 'Add' && op !== 'Sum' && op !== 'Mul') ctx.notes.push(`${ctx.nodeName(n)} (${op}) of two feature maps mapped to kind '${KIND[op]}'`)
        return [ctx.addLayer(n, { kind: KIND[op], inputs: maps.map((m) => m.layer), out }, allDims!)]
      }
    }
    return [ctx.derived(n, allDims, runtime)]
  }
}

const concat: Handler = (ctx, n, inputs, attrs) => {
  const axis = attrs.int('axis', 1)
  // Empty constants (shape [0]) take no part in a concatenation.
  const present = inputs.filter((v): v is Value => v !== undefined && !(v.kind === 'const' && v.dims && elementCount(v.dims) === 0))
  const runtime = present.filter(isRuntime)
  const dims = present.every((v) => v.dims)
    ? concatDims(
        present.map((v) => v.dims!),
        axis,
      )
    : null
  const layouts = runtime.map((v) => ctx.layoutOf(v))
  const of = layouts[0]?.of.layer
  if (dims && runtime.length === present.length && runtime.some((v) => v.kind === 'derived') && layouts.every((l) => l && l.of.layer === of)) {
    // issue 12: pieces of one map put back together (YOLOv5's Focus: strided slices + Concat) stay a rearrangement.
    const parts = layouts.map((l, i) => ({ index: l!.index, dims: runtime[i].dims! }))
    const index = once(() =>
      concatIndex(
        parts.map((p) => ({ index: p.index(), dims: p.dims })),
        axis,
      ),
    )
    return [ctx.derived(n, dims, runtime, { layout: { of: layouts[0]!.of, index } })]
  }
  if (runtime.length === present.length && irShape(dims) && normAxis(axis, dims!.length) === 1 && runtime.every((v) => ctx.mapLike(v))) {
    const maps = runtime.map((v, i) => ctx.asMap(v, n, `input ${i}`))
    if (maps.length === 1) return [ctx.alias(maps[0], 'Concat')]
    return [ctx.addLayer(n, { kind: 'concat', inputs: maps.map((m) => m.layer), out: irShape(dims)! }, dims!)]
  }
  return [ctx.derived(n, dims, runtime)]
}

export const MERGE_HANDLERS: Record<string, Handler> = {
  ...Object.fromEntries(
    ['Add', 'Sum', 'Sub', 'Mul', 'Div', 'Max', 'Min', 'Mean', 'Pow', 'Equal', 'Less', 'Greater', 'Where', 'And', 'Or', 'Mod'].map((op) => [
      op,
      elementwise(op),
    ]),
  ),
  Concat: concat,
}
