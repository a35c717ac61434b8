/**
 * Shape arithmetic of ONNX operators on dims arrays (pure; shared by constant folding and by the
 * runtime operator handlers). Functions return null, or throw a ShapeError, when dims do not add up.
 */
import { elementCount } from './tensor'

/** A shape that does not add up; the caller adds the file and node. */
export class ShapeError extends Error {}

/** A possibly negative axis made absolute for a tensor of `rank` dims. */
export function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis
  if (a < 0 || a >= rank) throw new ShapeError(`axis ${axis} is out of range for a rank-${rank} tensor`)
  return a
}

/** Numpy-style broadcast of two shapes. */
export function broadcastDims(a: number[], b: number[]): number[] {
  const n = Math.max(a.length, b.length)
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1
    const y = b[b.length - n + i] ?? 1
    if (x !== y && x !== 1 && y !== 1) throw new ShapeError(`shapes [${a}] and [${b}] cannot be broadcast`)
    out.push(x === 1 ? y : x)
  }
  return out
}

/** Output dims of Reshape: 0 copies the input dim (unless allowzero), -1 is inferred. */
export function reshapeDims(input: number[], shape: number[], allowzero = false): number[] {
  const out = shape.map((d, i) => (d === 0 && !allowzero ? input[i] : d))
  const total = elementCount(input)
  const minus = out.indexOf(-1)
  if (minus >= 0) {
    const rest = elementCount(out.filter((_, i) => i !== minus))
    if (rest === 0 || total % rest !== 0) throw new ShapeError(`cannot reshape [${input}] to [${shape}]`)
    out[minus] = total / rest
  }
  if (out.some((d) => d === undefined || d < 0) || elementCount(out) !== total) {
    throw new ShapeError(`cannot reshape [${input}] (${total} elements) to [${shape}]`)
  }
  return out
}

/** Output dims of Flatten at `axis`. */
export function flattenDims(input: number[], axis: number): number[] {
  const a = axis < 0 ? axis + input.length : axis
  return [elementCount(input.slice(0, a)), elementCount(input.slice(a))]
}

export function transposeDims(input: number[], perm?: number[]): number[] {
  const p = perm ?? input.map((_, i) => input.length - 1 - i)
  if (p.length !== input.length) throw new ShapeError(`perm [${p}] does not fit a rank-${input.length} tensor`)
  return p.map((i) => input[i])
}

/** perm applied after `first`: result[i] = first[second[i]]. */
export function composePerm(first: number[], second: number[]): number[] {
  return second.map((i) => first[i])
}

export function isIdentityPerm(perm: number[]): boolean {
  return perm.every((p, i) => p === i)
}

export function gatherDims(data: number[], axis: number, indices: number[]): number[] {
  const a = normAxis(axis, data.length)
  return [...data.slice(0, a), ...indices, ...data.slice(a + 1)]
}

export function squeezeDims(input: number[], axes?: number[]): number[] {
  if (!axes || axes.length === 0) return input.filter((d) => d !== 1)
  const drop = new Set(axes.map((a) => normAxis(a, input.length)))
  for (const a of drop) if (input[a] !== 1) throw new ShapeError(`cannot squeeze axis ${a} of size ${input[a]}`)
  return input.filter((_, i) => !drop.has(i))
}

export function unsqueezeDims(input: number[], axes: number[]): number[] {
  const rank = input.length + axes.length
  const add = new Set(axes.map((a) => normAxis(a, rank)))
  const out: number[] = []
  let j = 0
  for (let i = 0; i < rank; i++) out.push(add.has(i) ? 1 : input[j++])
  return out
}

export function concatDims(inputs: number[][], axis: number): number[] {
  const rank = inputs[0].length
  const a = normAxis(axis, rank)
  const out = [...inputs[0]]
  out[a] = 0
  for (const d of inputs) {
    if (d.length !== rank || d.some((x, i) => i !== a && x !== inputs[0][i])) {
      throw new ShapeError(`cannot concatenate [${inputs.map((x) => `[${x}]`).join(', ')}] on axis ${axis}`)
    }
    out[a] += d[a]
  }
  return out
}

/** One axis of Slice after ONNX clamping: first index, step and element count. */
export function sliceAxis(size: number, start: number, end: number, step: number): { start: number; step: number; count: number } {
  if (step === 0) throw new ShapeError('slice step 0')
  let s = start < 0 ? start + size : start
  let e = end < 0 ? end + size : end
  if (step > 0) {
    s = Math.min(Math.max(s, 0), size)
    e = Math.min(Math.max(e, 0), size)
    return { start: s, step, count: Math.max(0, Math.ceil((e - s) / step)) }
  }
  s = Math.min(Math.max(s, -1), size - 1)
  e = Math.min(Math.max(e, -1), size - 1)
  return { start: s, step, count: Math.max(0, Math.ceil((s - e) / -step)) }
}

/** Per-axis slice of a tensor: for every axis its start, step and count (full range if not sliced). */
export function sliceSpec(input: number[], starts: number[], ends: number[], axes?: number[], steps?: number[]) {
  const spec = input.map((size) => ({ start: 0, step: 1, count: size }))
  starts.forEach((s, i) => {
    const a = normAxis(axes ? axes[i] : i, input.length)
    spec[a] = sliceAxis(input[a], s, ends[i], steps ? steps[i] : 1)
  })
  return spec
}

/** Padding of one axis for auto_pad SAME_UPPER / SAME_LOWER: [begin, end]. */
export function samePads(size: number, k: number, stride: number, dilation: number, lower: boolean): [number, number] {
  const out = Math.ceil(size / stride)
  const total = Math.max(0, (out - 1) * stride + (k - 1) * dilation + 1 - size)
  const small = Math.floor(total / 2)
  return lower ? [total - small, small] : [small, total - small]
}

/** Output dims of reducing `axes` (all when empty) with or without keepdims. */
export function reduceDims(input: number[], axes: number[] | undefined, keepdims: boolean): number[] {
  const all = !axes || axes.length === 0
  const set = new Set((axes ?? []).map((a) => normAxis(a, input.length)))
  const out: number[] = []
  input.forEach((d, i) => {
    if (all || set.has(i)) {
      if (keepdims) out.push(1)
    } else out.push(d)
  })
  return out
}

/** Row-major strides of dims. */
export function strides(dims: number[]): number[] {
  const s = new Array<number>(dims.length)
  let acc = 1
  for (let i = dims.length - 1; i >= 0; i--) {
    s[i] = acc
    acc *= dims[i]
  }
  return s
}
