/**
 * The state of one import: the layers made so far, the values of the graph's tensors, and the
 * operations every operator handler shares (make a layer, alias a map, materialize a derived tensor,
 * fail with a clear error).
 */
import { NETWORK_INPUT, type Layer, type LayoutKind, type Shape } from '../ir'
import { OnnxImportError } from './errors'
import type { NodeProto } from './proto'
import { identityIndex, locality, once } from './rearrange'
import { elementCount } from './tensor'
import { firstUnsupported, unionSources, type ConstValue, type DerivedValue, type MapValue, type RuntimeValue, type Value } from './values'

/** IR shape (C, H, W) of map dims [1,C,H,W] or [1,N]; null for other dims. */
export function irShape(dims: number[] | null): Shape | null {
  if (!dims || dims[0] !== 1) return null
  if (dims.length === 4) return { c: dims[1], h: dims[2], w: dims[3] }
  if (dims.length === 2) return { c: dims[1], h: 1, w: 1 }
  return null
}

/** ':k' for output k of a multi-output node, '' otherwise. */
function partSuffix(d: DerivedValue): string {
  return d.part === undefined ? '' : `:${d.part}`
}

export class ImportContext {
  readonly layers: Layer[] = []
  /** Free-form notes added by handlers (mapped kinds, approximations). */
  readonly notes: string[] = []
  /** Whole-map 'flatten' layers made from derived tensors, and why each needs the whole map. */
  readonly barriers: { name: string; reason: string }[] = []
  /** issue 12. Local layout layers made from rearrangements of one map (shuffles, space <-> depth). */
  readonly layouts: { name: string; kind: LayoutKind | 'slice' }[] = []
  /** Nodes whose derived outputs ended up inside a layer (not dropped). */
  readonly usedNodes = new Set<number>()
  private readonly names = new Set<string>()
  private nextId = 1

  constructor(
    readonly file: string,
    readonly nodes: NodeProto[],
    readonly opset: number,
    readonly input: Shape,
  ) {}

  /** Output shape of a layer, or the network input for NETWORK_INPUT. */
  shapeOf(layer: number): Shape {
    return layer === NETWORK_INPUT ? this.input : this.layers[layer].out
  }

  /** The node's display name: its name, else its first output, else op_type#index. */
  nodeName(n: number): string {
    const node = this.nodes[n]
    return node.name || node.output.find((o) => o) || `${node.op_type}#${n}`
  }

  /** Throws the import error for node n. */
  fail(n: number, detail: string): never {
    throw new OnnxImportError(this.file, detail, { node: this.nodeName(n), opType: this.nodes[n].op_type })
  }

  private uniqueName(base: string): string {
    let name = base
    for (let k = 2; this.names.has(name); k++) name = `${base}#${k}`
    this.names.add(name)
    return name
  }

  /** A new raw map value for a layer (or the network input). */
  mapOf(layer: number, dims: number[]): MapValue {
    const id = this.nextId++
    return { kind: 'map', layer, dims, id, base: id, acts: [] }
  }

  /** Appends a layer made by node n and returns its output value with ONNX dims `dims`. */
  addLayer(n: number, layer: Omit<Layer, 'name'>, dims: number[], suffix = ''): MapValue {
    if (layer.out.c < 1 || layer.out.h < 1 || layer.out.w < 1) {
      this.fail(n, `output shape ${layer.out.c}x${layer.out.h}x${layer.out.w} is empty`)
    }
    this.layers.push({ name: this.uniqueName(this.nodeName(n) + suffix), ...layer })
    return this.mapOf(this.layers.length - 1, dims)
  }

  /** The same map after a pointwise operator (activation, BN, constant scale...): no layer. */
  alias(v: MapValue, op: string, activation?: string, override = false): MapValue {
    if (activation && v.layer !== NETWORK_INPUT) {
      const l = this.layers[v.layer]
      if (override || l.activation === undefined) l.activation = activation
    }
    return { ...v, id: this.nextId++, acts: [...v.acts, op] }
  }

  /** A runtime tensor computed by node n from `parents` without making a layer. */
  derived(n: number, dims: number[] | null, parents: RuntimeValue[], extra: Partial<DerivedValue> = {}): DerivedValue {
    const unsupported =
      extra.unsupported ??
      firstUnsupported(parents) ??
      (dims ? undefined : { node: this.nodeName(n), opType: this.nodes[n].op_type, reason: 'its output shape could not be inferred' })
    const mixes = extra.layout
      ? undefined
      : (parents.find((p): p is DerivedValue => p.kind === 'derived' && p.mixes !== undefined)?.mixes ?? `"${this.nodeName(n)}" (${this.nodes[n].op_type})`)
    return { kind: 'derived', dims, node: n, parents, sources: unionSources(parents), mixes, ...extra, unsupported }
  }

  /** A derived tensor that is the same data as `v` under a pointwise operator (keeps views and layouts). */
  pointwise(n: number, v: DerivedValue): DerivedValue {
    return this.derived(n, v.dims, [v], { view: v.view, reshapeOf: v.reshapeOf, layout: v.layout })
  }

  /** issue 12. Which map elements a runtime value holds: a map is itself, a derived tensor maybe a rearrangement. */
  layoutOf(v: RuntimeValue): DerivedValue['layout'] {
    if (v.kind === 'map') return { of: v, index: once(() => identityIndex(elementCount(v.dims))) }
    return v.unsupported ? undefined : v.layout
  }

  /**
   * issue 12. A tensor of `dims` made by node n by only moving the elements of x (`move` maps x's index
   * to the new one; none for a reshape): it keeps x's layout, if x has one.
   */
  rearranged(n: number, x: RuntimeValue, dims: number[], move?: (index: Int32Array) => Int32Array, extra: Partial<DerivedValue> = {}): DerivedValue {
    const from = this.layoutOf(x)
    const layout = from && { of: from.of, index: move ? once(() => move(from.index())) : from.index }
    return this.derived(n, dims, [x], { ...extra, layout })
  }

  /** A constant operand that must be present with known dims (weights, scales...). */
  needConst(v: Value | undefined, n: number, what: string): ConstValue & { dims: number[] } {
    if (!v) this.fail(n, `${what} is missing`)
    if (v.kind !== 'const') this.fail(n, `${what} is not a constant (it is computed at run time); only constant ${what}s can be mapped`)
    if (!v.dims) this.fail(n, `the shape of ${what} is unknown${v.unknown ? `: ${v.unknown}` : ''}`)
    return v as ConstValue & { dims: number[] }
  }

  /** Values of a constant operand (pads, scales, sizes...), or a clear error. */
  needValues(v: Value | undefined, n: number, what: string): number[] {
    const c = this.needConst(v, n, what)
    const vals = c.values()
    if (!vals) this.fail(n, `the values of ${what} are not known constants`)
    return vals
  }

  /** The runtime operand of node n as a feature map, materializing a derived tensor if needed. */
  asMap(v: Value | undefined, n: number, what = 'input', shape?: Shape): MapValue {
    if (!v) this.fail(n, `${what} is missing`)
    if (v.kind === 'const') this.fail(n, `${what} is a constant, expected a feature map computed from the network input`)
    if (v.kind === 'map') return v
    return this.materialize(v, n, what, shape)
  }

  /** Whether a runtime value can serve as a feature map ([1,C,H,W] or [1,N], nothing unsupported). */
  mapLike(v: RuntimeValue): boolean {
    return v.kind === 'map' || (!v.unsupported && irShape(v.dims) !== null)
  }

  /**
   * Turns a derived tensor into a layer with the tensor's own shape (or `shape`). Pure reshapes and
   * transposes that undo themselves resolve to the original map; a rearrangement of one map that keeps
   * every output pixel within one pixel or block of it becomes a local layer (a slice, shuffle,
   * spacetodepth or depthtospace, issue 12); anything else a 'flatten' layer whose sets depend on the
   * whole maps it comes from (a barrier, recorded with its reason).
   */
  materialize(d: DerivedValue, consumer: number, what: string, shape?: Shape): MapValue {
    if (d.materialized) return d.materialized
    if (d.unsupported) {
      const u = d.unsupported
      this.fail(consumer, `${what} depends on node "${u.node}" (${u.opType}), which the importer cannot map: ${u.reason}`)
    }
    if (d.view && d.view.perm.every((p, i) => p === i)) return this.markUsed(d, d.view.of)
    const out = shape ?? irShape(d.dims)
    if (d.reshapeOf) {
      // A reshape that keeps the IR shape ([1,C] <-> [1,C,1,1]) is the same map under other dims.
      const s = this.shapeOf(d.reshapeOf.layer)
      if (out && out.c === s.c && out.h === s.h && out.w === s.w) return this.markUsed(d, { ...this.alias(d.reshapeOf, 'Reshape'), dims: d.dims! })
    }
    if (!out || elementCount(d.dims!) !== out.c * out.h * out.w) {
      this.fail(consumer, `${what} has shape [${d.dims}], which is not a feature map of shape [1,C,H,W] or [1,N]`)
    }
    const local = d.layout ? this.localLayer(d, d.layout, out) : `it is computed by ${d.mixes}, which does more than move the elements of one map`
    if (typeof local !== 'string') return local
    const m = this.addLayer(d.node, { kind: 'flatten', inputs: d.sources.length ? d.sources : [NETWORK_INPUT], out }, d.dims!, partSuffix(d))
    this.barriers.push({ name: this.layers[m.layer].name, reason: local })
    this.markUsed(d, m)
    d.materialized = m
    return m
  }

  /** issue 12. The local layer of a rearrangement of one map (or the map itself), or why it needs the whole map. */
  private localLayer(d: DerivedValue, layout: NonNullable<DerivedValue['layout']>, out: Shape): MapValue | string {
    const loc = locality(layout.index, this.shapeOf(layout.of.layer), out)
    if (loc.kind === 'barrier') return loc.reason
    if (loc.kind === 'same') return this.markUsed(d, { ...this.alias(layout.of, 'Reshape'), dims: d.dims! })
    const fields = loc.kind === 'slice' ? { channelStart: loc.channelStart } : loc.kind === 'shuffle' ? {} : { block: loc.block }
    const m = this.addLayer(d.node, { kind: loc.kind, inputs: [layout.of.layer], out, ...fields }, d.dims!, partSuffix(d))
    this.layouts.push({ name: this.layers[m.layer].name, kind: loc.kind })
    this.markUsed(d, m)
    d.materialized = m
    return m
  }

  /** Records that the nodes behind a derived value ended up in the network; returns `result`. */
  markUsed<T>(v: RuntimeValue, result: T): T {
    const stack: RuntimeValue[] = [v]
    while (stack.length) {
      const x = stack.pop()!
      if (x.kind !== 'derived' || this.usedNodes.has(x.node)) continue
      this.usedNodes.add(x.node)
      stack.push(...x.parents)
    }
    return result
  }
}
