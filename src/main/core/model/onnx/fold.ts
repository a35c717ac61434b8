/**
 * Constant folding: evaluates operators whose inputs are all constants (initializers, Constant,
 * ConstantOfShape, and shape arithmetic once the input shape is known: Shape -> Gather -> Unsqueeze ->
 * Concat -> Reshape...). Dims are computed eagerly; element values lazily, and only for tensors of at
 * most MAX_DECODED_ELEMENTS elements (weights are never materialized).
 */
import type { NodeProto } from './proto'
import {
  broadcastDims,
  concatDims,
  flattenDims,
  gatherDims,
  normAxis,
  reduceDims,
  reshapeDims,
  ShapeError,
  sliceSpec,
  squeezeDims,
  strides,
  transposeDims,
  unsqueezeDims,
} from './shapes'
import { Attributes, DT, elementCount, MAX_DECODED_ELEMENTS, tensorDims, tensorValues } from './tensor'
import { constant, known, type ConstValue } from './values'

type Fold = (inputs: (ConstValue | undefined)[], attrs: Attributes, node: NodeProto) => ConstValue[]

const INT_TYPES = new Set<number>([DT.UINT8, DT.INT8, DT.UINT16, DT.INT16, DT.INT32, DT.INT64, DT.BOOL, DT.UINT32, DT.UINT64])

/** Values of a constant operand that a folding step needs, or an error naming it. */
function needValues(v: ConstValue | undefined, what: string): number[] {
  const vals = v?.values()
  if (!vals) throw new ShapeError(`${what} is not a known constant`)
  return vals
}

function needDims(v: ConstValue | undefined, what: string): number[] {
  if (!v) throw new ShapeError(`${what} is missing`)
  if (!v.dims) throw new ShapeError(`the shape of ${what} is unknown${v.unknown ? ` (${v.unknown})` : ''}`)
  return v.dims
}

/** A constant of `dims` whose element i is x's element at flat index source(i) (Expand, Tile, Transpose), computed on first read. */
function rearranged(x: ConstValue, dims: number[], source: (i: number) => number): ConstValue {
  return constant(
    dims,
    x.dtype,
    lazyValues(dims, [x], ([v]) => Array.from({ length: elementCount(dims) }, (_, i) => v[source(i)])),
  )
}

/** Returns f(...) for small outputs, null when too large or an input has no values. */
function lazyValues(dims: number[], inputs: (ConstValue | undefined)[], f: (vals: number[][]) => number[]): () => number[] | null {
  return () => {
    if (elementCount(dims) > MAX_DECODED_ELEMENTS) return null
    const vals: number[][] = []
    for (const v of inputs) {
      const x = v?.values()
      if (!x) return null
      vals.push(x)
    }
    return f(vals)
  }
}

/** Maps each flat index of `out` to the flat index of a broadcast operand of dims `inDims`. */
function broadcastIndex(out: number[], inDims: number[]): (i: number) => number {
  const rank = out.length
  const padded = [...new Array<number>(rank - inDims.length).fill(1), ...inDims]
  const inStrides = strides(padded)
  const outStrides = strides(out)
  return (i) => {
    let j = 0
    for (let a = 0; a < rank; a++) {
      const coord = Math.floor(i / outStrides[a]) % out[a]
      if (padded[a] !== 1) j += coord * inStrides[a]
    }
    return j
  }
}

/** Elementwise n-ary operator with numpy broadcasting. */
function elementwise(f: (...x: number[]) => number, outType?: (inputs: ConstValue[]) => number): Fold {
  return (inputs) => {
    const present = inputs.filter((v): v is ConstValue => v !== undefined)
    const dims = present.map((v, i) => needDims(v, `input ${i}`)).reduce((a, b) => broadcastDims(a, b))
    const dtype = outType ? outType(present) : present[0].dtype
    const isInt = INT_TYPES.has(dtype)
    return [
      constant(
        dims,
        dtype,
        lazyValues(dims, present, (vals) => {
          const idx = present.map((v) => broadcastIndex(dims, v.dims!))
          const n = elementCount(dims)
          const out = new Array<number>(n)
          for (let i = 0; i < n; i++) {
            const r = f(...vals.map((x, k) => x[idx[k](i)]))
            out[i] = isInt ? Math.trunc(r) : r
          }
          return out
        }),
      ),
    ]
  }
}

const bool = () => DT.BOOL

/** Same values, new dims (Reshape, Flatten, Squeeze, Unsqueeze, Identity...). */
function reshaped(v: ConstValue, dims: number[]): ConstValue {
  return constant(dims, v.dtype, () => v.values())
}

/** Axes from the second input (newer opsets) or from the `axes` attribute. */
function axesOf(inputs: (ConstValue | undefined)[], attrs: Attributes, index = 1): number[] | undefined {
  const v = inputs[index]
  if (v) return needValues(v, 'axes')
  return attrs.ints('axes')
}

function fromAttribute(attrs: Attributes): ConstValue {
  const t = attrs.tensor('value')
  if (t) return constant(tensorDims(t), t.data_type, () => tensorValues(t))
  if (attrs.has('value_float')) return known([], [attrs.float('value_float', 0)], DT.FLOAT)
  if (attrs.has('value_int')) return known([], [attrs.int('value_int', 0)], DT.INT64)
  const fs = attrs.floats('value_floats')
  if (fs) return known([fs.length], fs, DT.FLOAT)
  const is = attrs.ints('value_ints')
  if (is) return known([is.length], is, DT.INT64)
  throw new ShapeError('Constant without a numeric value')
}

/** Shape (with the opset-15 start/end attributes) of dims. */
export function shapeOfDims(dims: number[], attrs: Attributes): ConstValue {
  const r = dims.length
  const clamp = (x: number) => Math.min(Math.max(x < 0 ? x + r : x, 0), r)
  const vals = dims.slice(clamp(attrs.int('start', 0)), clamp(attrs.int('end', r)))
  return known([vals.length], vals, DT.INT64)
}

function gatherValues(dims: number[], axis: number, data: number[], idx: number[]): number[] {
  const a = normAxis(axis, dims.length)
  const outer = elementCount(dims.slice(0, a))
  const inner = elementCount(dims.slice(a + 1))
  const out: number[] = []
  for (let o = 0; o < outer; o++) {
    for (const raw of idx) {
      const k = raw < 0 ? raw + dims[a] : raw
      if (k < 0 || k >= dims[a]) throw new ShapeError(`gather index ${raw} out of range for axis of size ${dims[a]}`)
      for (let i = 0; i < inner; i++) out.push(data[(o * dims[a] + k) * inner + i])
    }
  }
  return out
}

/** Values of a Slice given the per-axis spec. */
function sliceValues(dims: number[], spec: { start: number; step: number; count: number }[], data: number[]): number[] {
  const outDims = spec.map((s) => s.count)
  const n = elementCount(outDims)
  const inStrides = strides(dims)
  const outStrides = strides(outDims)
  const out = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    let j = 0
    for (let a = 0; a < dims.length; a++) {
      const c = Math.floor(i / outStrides[a]) % outDims[a]
      j += (spec[a].start + c * spec[a].step) * inStrides[a]
    }
    out[i] = data[j]
  }
  return out
}

/** Reads Slice parameters from inputs (opset >= 10) or attributes. */
export function sliceParams(inputs: (ConstValue | undefined)[], attrs: Attributes) {
  if (attrs.has('starts')) {
    return { starts: attrs.ints('starts')!, ends: attrs.ints('ends')!, axes: attrs.ints('axes'), steps: undefined as number[] | undefined }
  }
  return {
    starts: needValues(inputs[1], 'starts'),
    ends: needValues(inputs[2], 'ends'),
    axes: inputs[3] ? needValues(inputs[3], 'axes') : undefined,
    steps: inputs[4] ? needValues(inputs[4], 'steps') : undefined,
  }
}

/** Split sizes along `axis` of size `size` for `outputs` outputs. */
export function splitSizes(size: number, outputs: number, inputs: (ConstValue | undefined)[], attrs: Attributes): number[] {
  const given = inputs[1] ? needValues(inputs[1], 'split') : attrs.ints('split')
  if (given && given.length) {
    if (given.reduce((a, b) => a + b, 0) !== size) throw new ShapeError(`split sizes [${given}] do not add up to ${size}`)
    return given
  }
  const n = attrs.int('num_outputs', outputs)
  const chunk = Math.ceil(size / n)
  return Array.from({ length: n }, (_, i) => Math.max(0, Math.min(chunk, size - i * chunk)))
}

const unary = (f: (x: number) => number): Fold => elementwise(f)

export const FOLDS: Record<string, Fold> = {
  Constant: (_i, attrs) => [fromAttribute(attrs)],
  ConstantOfShape: ([shape], attrs) => {
    const dims = needValues(shape, 'the shape input')
    const t = attrs.tensor('value')
    const fill = t ? (tensorValues(t)?.[0] ?? 0) : 0
    const n = elementCount(dims)
    return [constant(dims, t ? t.data_type : DT.FLOAT, () => (n <= MAX_DECODED_ELEMENTS ? new Array<number>(n).fill(fill) : null))]
  },
  Identity: ([x]) => [x!],
  Dropout: ([x]) => [x!, constant(x!.dims, DT.BOOL, () => null)],
  Cast: ([x], attrs) => {
    const to = attrs.int('to', DT.FLOAT)
    return [constant(x!.dims, to, () => x!.values()?.map((v) => (INT_TYPES.has(to) ? Math.trunc(v) : v)) ?? null)]
  },
  CastLike: ([x, like]) => [constant(x!.dims, like!.dtype, () => x!.values())],
  DequantizeLinear: ([x]) => [constant(x!.dims, DT.FLOAT, () => null)],
  QuantizeLinear: ([x]) => [constant(x!.dims, DT.UINT8, () => null)],
  Shape: ([x], attrs) => [shapeOfDims(needDims(x, 'the input'), attrs)],
  Size: ([x]) => [known([], [elementCount(needDims(x, 'the input'))], DT.INT64)],
  Reshape: ([x, shape], attrs) => [reshaped(x!, reshapeDims(needDims(x, 'the data'), needValues(shape, 'the shape input'), attrs.int('allowzero', 0) === 1))],
  Flatten: ([x], attrs) => [reshaped(x!, flattenDims(needDims(x, 'the input'), attrs.int('axis', 1)))],
  Squeeze: (inputs, attrs) => [reshaped(inputs[0]!, squeezeDims(needDims(inputs[0], 'the input'), axesOf(inputs, attrs)))],
  Unsqueeze: (inputs, attrs) => [reshaped(inputs[0]!, unsqueezeDims(needDims(inputs[0], 'the input'), axesOf(inputs, attrs) ?? []))],
  Expand: ([x, shape]) => {
    const inDims = needDims(x, 'the input')
    const dims = broadcastDims(inDims, needValues(shape, 'the shape input'))
    return [rearranged(x!, dims, broadcastIndex(dims, inDims))]
  },
  Tile: ([x, repeats]) => {
    const inDims = needDims(x, 'the input')
    const reps = needValues(repeats, 'repeats')
    const dims = inDims.map((d, i) => d * reps[i])
    const [os, is] = [strides(dims), strides(inDims)]
    return [rearranged(x!, dims, (i) => dims.reduce((j, d, a) => j + ((Math.floor(i / os[a]) % d) % inDims[a]) * is[a], 0))]
  },
  Transpose: ([x], attrs) => {
    const inDims = needDims(x, 'the input')
    const perm = attrs.ints('perm') ?? inDims.map((_, i) => inDims.length - 1 - i)
    const dims = transposeDims(inDims, perm)
    const [os, is] = [strides(dims), strides(inDims)]
    return [rearranged(x!, dims, (i) => perm.reduce((j, p, a) => j + (Math.floor(i / os[a]) % dims[a]) * is[p], 0))]
  },
  Gather: ([x, idx], attrs) => {
    const inDims = needDims(x, 'the data')
    const idxDims = needDims(idx, 'the indices')
    const axis = attrs.int('axis', 0)
    const dims = gatherDims(inDims, axis, idxDims)
    return [
      constant(
        dims,
        x!.dtype,
        lazyValues(dims, [x, idx], ([v, k]) => gatherValues(inDims, axis, v, k)),
      ),
    ]
  },
  Concat: (inputs, attrs) => {
    const present = inputs.filter((v): v is ConstValue => v !== undefined && (v.dims === null || elementCount(v.dims) > 0 || v.dims.length > 1))
    const all = present.length ? present : inputs.filter((v): v is ConstValue => v !== undefined)
    const dims = concatDims(
      all.map((v, i) => needDims(v, `input ${i}`)),
      attrs.int('axis', 0),
    )
    const axis = normAxis(attrs.int('axis', 0), dims.length)
    return [
      constant(
        dims,
        all[0].dtype,
        lazyValues(dims, all, (vals) => {
          const outer = elementCount(dims.slice(0, axis))
          const out: number[] = []
          for (let o = 0; o < outer; o++) {
            all.forEach((v, k) => {
              const block = elementCount(v.dims!.slice(axis))
              out.push(...vals[k].slice(o * block, (o + 1) * block))
            })
          }
          return out
        }),
      ),
    ]
  },
  Slice: (inputs, attrs) => {
    const inDims = needDims(inputs[0], 'the data')
    const p = sliceParams(inputs, attrs)
    const spec = sliceSpec(inDims, p.starts, p.ends, p.axes, p.steps)
    const dims = spec.map((s) => s.count)
    return [
      constant(
        dims,
        inputs[0]!.dtype,
        lazyValues(dims, [inputs[0]], ([v]) => sliceValues(inDims, spec, v)),
      ),
    ]
  },
  Split: (inputs, attrs, node) => {
    const inDims = needDims(inputs[0], 'the input')
    const axis = normAxis(attrs.int('axis', 0), inDims.length)
    const sizes = splitSizes(inDims[axis], node.output.length, inputs, attrs)
    let start = 0
    return sizes.map((n) => {
      const spec = inDims.map((size) => ({ start: 0, step: 1, count: size }))
      spec[axis] = { start, step: 1, count: n }
      start += n
      const dims = spec.map((s) => s.count)
      return constant(
        dims,
        inputs[0]!.dtype,
        lazyValues(dims, [inputs[0]], ([v]) => sliceValues(inDims, spec, v)),
      )
    })
  },
  Range: ([start, limit, delta]) => {
    const [s, l, d] = [needValues(start, 'start')[0], needValues(limit, 'limit')[0], needValues(delta, 'delta')[0]]
    const n = Math.max(Math.ceil((l - s) / d), 0)
    return [
      known(
        [n],
        Array.from({ length: n }, (_, i) => s + i * d),
        start!.dtype,
      ),
    ]
  },
  Add: elementwise((a, b) => a + b),
  Sub: elementwise((a, b) => a - b),
  Mul: elementwise((a, b) => a * b),
  Div: elementwise((a, b) => a / b),
  Mod: elementwise((a, b) => a - b * Math.floor(a / b)),
  Pow: elementwise((a, b) => a ** b),
  Max: elementwise((...x) => Math.max(...x)),
  Min: elementwise((...x) => Math.min(...x)),
  Sum: elementwise((...x) => x.reduce((a, b) => a + b, 0)),
  Equal: elementwise((a, b) => (a === b ? 1 : 0), bool),
  Less: elementwise((a, b) => (a < b ? 1 : 0), bool),
  LessOrEqual: elementwise((a, b) => (a <= b ? 1 : 0), bool),
  Greater: elementwise((a, b) => (a > b ? 1 : 0), bool),
  GreaterOrEqual: elementwise((a, b) => (a >= b ? 1 : 0), bool),
  And: elementwise((a, b) => (a && b ? 1 : 0), bool),
  Or: elementwise((a, b) => (a || b ? 1 : 0), bool),
  Not: elementwise((a) => (a ? 0 : 1), bool),
  Where: elementwise(
    (c, x, y) => (c ? x : y),
    (inputs) => inputs[1].dtype,
  ),
  Neg: unary((x) => -x),
  Abs: unary(Math.abs),
  Floor: unary(Math.floor),
  Ceil: unary(Math.ceil),
  Round: unary((x) => {
    const r = Math.round(x)
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r
  }),
  Sqrt: unary(Math.sqrt),
  Reciprocal: unary((x) => 1 / x),
  Exp: unary(Math.exp),
  Log: unary(Math.log),
  Sign: unary(Math.sign),
  Relu: unary((x) => Math.max(0, x)),
  Sigmoid: unary((x) => 1 / (1 + Math.exp(-x))),
  Clip: (inputs, attrs, node) => {
    const lo = inputs[1]?.values()?.[0] ?? attrs.float('min', -Infinity)
    const hi = inputs[2]?.values()?.[0] ?? attrs.float('max', Infinity)
    return unary((x) => Math.min(Math.max(x, lo), hi))([inputs[0]], attrs, node)
  },
  ReduceProd: reduce((xs) => xs.reduce((a, b) => a * b, 1)),
  ReduceSum: reduce((xs) => xs.reduce((a, b) => a + b, 0)),
  ReduceMax: reduce((xs) => Math.max(...xs)),
  ReduceMin: reduce((xs) => Math.min(...xs)),
  ReduceMean: reduce((xs) => xs.reduce((a, b) => a + b, 0) / xs.length),
}

/** Reduce over the axes attribute or input, keepdims default 1. */
function reduce(f: (xs: number[]) => number): Fold {
  return (inputs, attrs) => {
    const inDims = needDims(inputs[0], 'the input')
    const axes = axesOf(inputs, attrs)
    const keep = attrs.int('keepdims', 1) === 1
    const dims = reduceDims(inDims, axes, keep)
    const set = new Set((axes && axes.length ? axes : inDims.map((_, i) => i)).map((a) => normAxis(a, inDims.length)))
    return [
      constant(
        dims,
        inputs[0]!.dtype,
        lazyValues(dims, [inputs[0]], ([v]) => {
          const groups = new Map<number, number[]>()
          const is = strides(inDims)
          const kept = inDims.map((d, a) => (set.has(a) ? 1 : d))
          const ks = strides(kept)
          v.forEach((x, i) => {
            let key = 0
            for (let a = 0; a < inDims.length; a++) if (!set.has(a)) key += (Math.floor(i / is[a]) % inDims[a]) * ks[a]
            const g = groups.get(key)
            if (g) g.push(x)
            else groups.set(key, [x])
          })
          return Array.from({ length: elementCount(dims) }, (_, k) => f(groups.get(k) ?? []))
        }),
      ),
    ]
  }
}

/** Folds one node whose inputs are all constant; null when the operator is not foldable. */
export function foldNode(node: NodeProto, inputs: (ConstValue | undefined)[], attrs: Attributes): ConstValue[] | null {
  const f = FOLDS[node.op_type]
  return f ? f(inputs, attrs, node) : null
}
