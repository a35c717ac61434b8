/**
 * Reading TensorProto and AttributeProto contents: dims always, element values only on request
 * (small shape tensors), never the data of external or large weight tensors.
 */
import { toInt, type AttributeProto, type NodeProto, type TensorProto } from './proto'

/** TensorProto.DataType codes used here. */
export const DT = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  BFLOAT16: 16,
} as const

/** Element counts above this are never decoded (weights); shape tensors are far smaller. */
export const MAX_DECODED_ELEMENTS = 1 << 16

export function tensorDims(t: TensorProto): number[] {
  return t.dims.map(toInt)
}

export function elementCount(dims: number[]): number {
  return dims.reduce((a, b) => a * b, 1)
}

/** Whether the tensor's bytes live in an external file (data_location EXTERNAL). */
export function isExternal(t: TensorProto): boolean {
  return t.data_location === 1
}

function half(bits: number): number {
  const s = bits & 0x8000 ? -1 : 1
  const e = (bits >> 10) & 0x1f
  const f = bits & 0x3ff
  if (e === 0) return s * 2 ** -14 * (f / 1024)
  if (e === 31) return f ? NaN : s * Infinity
  return s * 2 ** (e - 15) * (1 + f / 1024)
}

/** Element size in bytes and little-endian reader of each fixed-width data type. */
const READERS: Record<number, [number, (v: DataView, o: number) => number]> = {
  [DT.FLOAT]: [4, (v, o) => v.getFloat32(o, true)],
  [DT.UINT8]: [1, (v, o) => v.getUint8(o)],
  [DT.INT8]: [1, (v, o) => v.getInt8(o)],
  [DT.UINT16]: [2, (v, o) => v.getUint16(o, true)],
  [DT.INT16]: [2, (v, o) => v.getInt16(o, true)],
  [DT.INT32]: [4, (v, o) => v.getInt32(o, true)],
  [DT.INT64]: [8, (v, o) => Number(v.getBigInt64(o, true))],
  [DT.BOOL]: [1, (v, o) => v.getUint8(o)],
  [DT.FLOAT16]: [2, (v, o) => half(v.getUint16(o, true))],
  [DT.DOUBLE]: [8, (v, o) => v.getFloat64(o, true)],
  [DT.UINT32]: [4, (v, o) => v.getUint32(o, true)],
  [DT.UINT64]: [8, (v, o) => Number(v.getBigUint64(o, true))],
  [DT.BFLOAT16]: [2, (v, o) => new Float32Array(new Uint32Array([v.getUint16(o, true) << 16]).buffer)[0]],
}

function fromRaw(raw: Uint8Array, type: number, n: number): number[] | null {
  const reader = READERS[type]
  if (!reader || raw.byteLength < n * reader[0]) return null
  const [size, read] = reader
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength)
  return Array.from({ length: n }, (_, i) => read(view, i * size))
}

/**
 * The element values of a tensor as numbers, or null when they are not available here: external
 * data, more than MAX_DECODED_ELEMENTS elements, strings, or a missing payload.
 */
export function tensorValues(t: TensorProto): number[] | null {
  const n = elementCount(tensorDims(t))
  if (isExternal(t) || n > MAX_DECODED_ELEMENTS || t.data_type === DT.STRING) return null
  if (t.raw_data && t.raw_data.length > 0) return fromRaw(t.raw_data, t.data_type, n)
  let vals: number[] | null = null
  if (t.int64_data.length) vals = t.int64_data.map(toInt)
  else if (t.float_data.length) vals = Array.from(t.float_data)
  else if (t.double_data.length) vals = Array.from(t.double_data)
  else if (t.uint64_data.length) vals = t.uint64_data.map(toInt)
  else if (t.int32_data.length) vals = t.data_type === DT.FLOAT16 ? t.int32_data.map(half) : Array.from(t.int32_data)
  else if (n === 0) vals = []
  return vals && vals.length === n ? vals : null
}

const textDecoder = new TextDecoder()

/** Typed access to a node's attributes, with defaults. */
export class Attributes {
  private readonly byName = new Map<string, AttributeProto>()

  constructor(node: NodeProto) {
    for (const a of node.attribute) this.byName.set(a.name, a)
  }

  has(name: string): boolean {
    return this.byName.has(name)
  }

  int(name: string, def: number): number {
    const a = this.byName.get(name)
    return a ? toInt(a.i) : def
  }

  float(name: string, def: number): number {
    const a = this.byName.get(name)
    return a ? a.f : def
  }

  ints(name: string): number[] | undefined {
    const a = this.byName.get(name)
    return a ? a.ints.map(toInt) : undefined
  }

  floats(name: string): number[] | undefined {
    const a = this.byName.get(name)
    return a ? Array.from(a.floats) : undefined
  }

  string(name: string, def: string): string {
    const a = this.byName.get(name)
    return a && a.s ? textDecoder.decode(a.s) : def
  }

  tensor(name: string): TensorProto | undefined {
    return this.byName.get(name)?.t ?? undefined
  }
}
