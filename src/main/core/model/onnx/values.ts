/**
 * What a tensor of the ONNX graph is during import:
 * - ConstValue: a constant (initializer, Constant, folded shape arithmetic); dims known or not, element
 *   values decoded lazily and only when a folding step needs them.
 * - MapValue: exactly the output of an IR layer (or the network input): dims [1,C,H,W] or [1,N].
 * - DerivedValue: a runtime tensor computed from maps by operators that make no layer (reshape,
 *   transpose, post-processing arithmetic). It becomes a layer only if an MVM-path operator consumes
 *   it: a local layout layer when it only moves the elements of one map within a pixel or a block of
 *   pixels (issue 12), else a whole-map 'flatten' layer; otherwise it is dropped with a note.
 */

export interface ConstValue {
  kind: 'const'
  dims: number[] | null
  /** Element values (row-major), null when unknown or too large; computed on first call. */
  values: () => number[] | null
  /** TensorProto.DataType of the elements (0 when unknown). */
  dtype: number
  /** Why dims are unknown, for error messages. */
  unknown?: string
}

export interface MapValue {
  kind: 'map'
  /** Producing layer index (NETWORK_INPUT for the network input). */
  layer: number
  /** ONNX dims: [1, C, H, W] or [1, N]. */
  dims: number[]
  /** Unique id of this value; activations on it keep `base` pointing at the id of the raw map. */
  id: number
  base: number
  /** Pointwise ops applied since the raw map (e.g. ['Sigmoid']), to recognise x * sigmoid(x). */
  acts: string[]
}

export interface DerivedValue {
  kind: 'derived'
  /** ONNX dims, null when an operator's shape could not be inferred. */
  dims: number[] | null
  /** Index of the producing node. */
  node: number
  /** Runtime operands it was computed from. */
  parents: RuntimeValue[]
  /** Layers whose whole maps it depends on. */
  sources: number[]
  /** Set when the tensor is the raw map `of` with axes permuted (no other change). */
  view?: { of: MapValue; perm: number[] }
  /** Set when the tensor is the map `of` reshaped (same element order). */
  reshapeOf?: MapValue
  /** issue 12. Set when the tensor only moves the elements of map `of`: element i is element index()[i] of it. */
  layout?: { of: MapValue; index: () => Int32Array }
  /** issue 12. Output k of a multi-output node (Split): a layer made from it is named "node:k". */
  part?: number
  /** issue 12. Without a layout: the first operator in its history that is not a rearrangement of one map. */
  mixes?: string
  /** The first operator in its history that is not supported, for error messages. */
  unsupported?: { node: string; opType: string; reason: string }
  /** The layer made from it, once materialized. */
  materialized?: MapValue
}

export type RuntimeValue = MapValue | DerivedValue
export type Value = ConstValue | RuntimeValue

/** A constant with known dims and values computed lazily (memoized). */
export function constant(dims: number[] | null, dtype: number, compute: () => number[] | null, unknown?: string): ConstValue {
  let cached: number[] | null | undefined
  return {
    kind: 'const',
    dims,
    dtype,
    values: () => (cached === undefined ? (cached = compute()) : cached),
    unknown,
  }
}

/** A constant whose values are already known. */
export function known(dims: number[], values: number[], dtype: number): ConstValue {
  return { kind: 'const', dims, dtype, values: () => values }
}

export function isRuntime(v: Value | undefined): v is RuntimeValue {
  return v !== undefined && v.kind !== 'const'
}

/** Layers a runtime value depends on. */
export function sourcesOf(v: RuntimeValue): number[] {
  return v.kind === 'map' ? [v.layer] : v.sources
}

/** Union of layer lists, in first-seen order. */
export function unionSources(values: RuntimeValue[]): number[] {
  const seen = new Set<number>()
  for (const v of values) for (const s of sourcesOf(v)) seen.add(s)
  return [...seen]
}

/** The first unsupported operator among runtime values, if any. */
export function firstUnsupported(values: RuntimeValue[]): DerivedValue['unsupported'] {
  for (const v of values) if (v.kind === 'derived' && v.unsupported) return v.unsupported
  return undefined
}
