/**
 * importOnnx: decodes the model, resolves the network input, walks the nodes in topological order
 * (folding constants, dispatching the rest through the op_type -> handler table), and assembles the
 * Network with notes on what was folded, fused, turned into whole-map layers or dropped.
 */
import { NETWORK_INPUT, type Network } from '../ir'
import { ImportContext, irShape } from './context'
import { OnnxImportError } from './errors'
import { foldNode } from './fold'
import { HANDLERS, UNSUPPORTED_MVM } from './ops'
import { decodeModel, toInt, type GraphProto, type ModelProto, type NodeProto, type ValueInfoProto } from './proto'
import { ShapeError } from './shapes'
import { Attributes, isExternal, tensorDims, tensorValues } from './tensor'
import { constant, isRuntime, type ConstValue, type DerivedValue, type Value } from './values'

export interface ImportOptions {
  /** File name used in errors, notes and `source.file`. */
  fileName: string
  /** Input shape [1, C, H, W] (or [1, N]) replacing dynamic or symbolic dims. */
  input?: number[]
  /** sha256 of the file, recorded in `source`. */
  sha256?: string
}

function decode(bytes: Uint8Array, file: string): { model: ModelProto; graph: GraphProto; opset: number } {
  let model: ModelProto
  try {
    model = decodeModel(bytes)
  } catch (e) {
    throw new OnnxImportError(file, `not a readable ONNX model: protobuf decoding failed (${(e as Error).message}); the file is truncated or not ONNX`)
  }
  const graph = model.graph
  if (!graph || graph.node.length === 0 || graph.node.some((nd) => !nd.op_type)) {
    throw new OnnxImportError(file, 'not an ONNX model: no graph of operator nodes was found (is this an .onnx file?)')
  }
  const entry = model.opset_import.find((o) => o.domain === '' || o.domain === 'ai.onnx')
  if (!entry && toInt(model.ir_version) >= 3) throw new OnnxImportError(file, 'not an ONNX model: it imports no ai.onnx operator set')
  return { model, graph, opset: entry ? toInt(entry.version) : 1 }
}

/** The single network input with its dims, replaced by opts.input where given. */
function resolveInput(graph: GraphProto, file: string, given?: number[]): { info: ValueInfoProto; dims: number[]; note?: string } {
  const inits = new Set(graph.initializer.map((t) => t.name))
  const used = new Set(graph.node.flatMap((nd) => nd.input))
  const inputs = graph.input.filter((i) => !inits.has(i.name) && used.has(i.name))
  if (inputs.length === 0) throw new OnnxImportError(file, 'the graph has no input that any node reads')
  if (inputs.length > 1) {
    throw new OnnxImportError(
      file,
      `the graph has ${inputs.length} inputs (${inputs.map((i) => `"${i.name}"`).join(', ')}); only single-input networks are supported`,
    )
  }
  const info = inputs[0]
  const shape = info.type?.tensor_type?.shape
  const declared = shape
    ? shape.dim.map((d) => (d.dim_value !== undefined && d.dim_value !== null && toInt(d.dim_value) > 0 ? toInt(d.dim_value) : d.dim_param || '?'))
    : null
  const fmt = (d: (number | string)[]) => `[${d.join(',')}]`
  if (given) {
    if (declared && declared.length !== given.length) {
      throw new OnnxImportError(
        file,
        `input "${info.name}" has rank ${declared.length} ${fmt(declared)}, the given input shape ${fmt(given)} has rank ${given.length}`,
      )
    }
    declared?.forEach((d, i) => {
      if (typeof d === 'number' && d !== given[i] && !(i === 0 && given[0] === 1)) {
        throw new OnnxImportError(file, `input "${info.name}" is declared ${fmt(declared)}; the given shape ${fmt(given)} differs in dim ${i}`)
      }
    })
    const changed = !declared || declared.some((d, i) => d !== given[i])
    return { info, dims: given, note: changed ? `input "${info.name}" ${declared ? `declared ${fmt(declared)} ` : ''}imported at ${fmt(given)}` : undefined }
  }
  if (!declared) throw new OnnxImportError(file, `input "${info.name}" has no declared shape — give the input shape, e.g. --input 1x3x224x224`)
  const unknown = declared.filter((d) => typeof d === 'string')
  if (unknown.length === 1 && typeof declared[0] === 'string' && declared.length > 1) {
    const dims = [1, ...(declared.slice(1) as number[])]
    return { info, dims, note: `input "${info.name}" ${fmt(declared)} has a symbolic batch dimension "${declared[0]}": imported with batch 1 as ${fmt(dims)}` }
  }
  if (unknown.length) {
    const example = declared.map((d, i) => (typeof d === 'number' ? d : i === 0 ? 1 : i === 1 ? 3 : 224)).join('x')
    throw new OnnxImportError(file, `input "${info.name}" has unknown dims [${unknown.join(', ')}] — give the input shape, e.g. --input ${example}`)
  }
  return { info, dims: declared as number[] }
}

/** Node indices in an order where every input is produced before it is read. */
function topologicalOrder(graph: GraphProto, available: Set<string>, file: string): number[] {
  const producer = new Map<string, number>()
  graph.node.forEach((nd, i) => nd.output.forEach((o) => o && producer.set(o, i)))
  const order: number[] = []
  const state = new Uint8Array(graph.node.length) // 0 new, 1 visiting, 2 done
  const visit = (start: number) => {
    const stack: [number, number][] = [[start, 0]]
    while (stack.length) {
      const top = stack[stack.length - 1]
      const [i, k] = top
      const nd = graph.node[i]
      if (k === 0) state[i] = 1
      if (k < nd.input.length) {
        top[1]++
        const name = nd.input[k]
        if (!name || available.has(name)) continue
        const p = producer.get(name)
        if (p === undefined) {
          throw new OnnxImportError(file, `input "${name}" is not produced by any node, initializer or graph input`, {
            node: nd.name || nd.output[0],
            opType: nd.op_type,
          })
        }
        if (state[p] === 1) throw new OnnxImportError(file, `the graph has a cycle through "${name}"`, { node: nd.name || nd.output[0], opType: nd.op_type })
        if (state[p] === 0) stack.push([p, 0])
        continue
      }
      state[i] = 2
      order.push(i)
      stack.pop()
    }
  }
  graph.node.forEach((_, i) => state[i] === 0 && visit(i))
  return order
}

function histogram(ops: string[]): string {
  const counts = new Map<string, number>()
  for (const op of ops) counts.set(op, (counts.get(op) ?? 0) + 1)
  return [...counts].map(([op, c]) => (c > 1 ? `${op} x${c}` : op)).join(', ')
}

/** '1 barrier', '2 barriers'. */
function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

function listNames(names: string[], max = 4): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`
}

/**
 * issue 12. The barriers of the imported network, grouped by reason: layers whose every set waits for a
 * whole producer map (whole-map 'flatten' layers, global pooling, a dense layer reading an HxW map).
 */
function barrierNote(ctx: ImportContext): string | null {
  const groups = new Map<string, string[]>()
  const add = (reason: string, name: string) => groups.set(reason, [...(groups.get(reason) ?? []), name])
  for (const b of ctx.barriers) add(`'flatten': ${b.reason}`, b.name)
  for (const l of ctx.layers) {
    const s = ctx.shapeOf(l.inputs[0])
    if (s.h * s.w === 1) continue
    if (l.kind === 'globalpool') add(`global pooling over the ${s.h}x${s.w} map`, l.name)
    if (l.kind === 'dense') add(`a dense layer reading the whole ${s.h}x${s.w} map`, l.name)
  }
  if (groups.size === 0) return null
  const count = [...groups.values()].reduce((a, names) => a + names.length, 0)
  const list = [...groups].map(([reason, names]) => `${listNames(names)} (${reason})`).join('; ')
  return `${plural(count, 'barrier')}, layers whose sets each wait for a whole input map: ${list}`
}

/** Runs one node: folds it when all inputs are constant, else dispatches to its handler. */
function runNode(ctx: ImportContext, n: number, node: NodeProto, inputs: (Value | undefined)[]): (Value | undefined)[] {
  const attrs = new Attributes(node)
  const runtime = inputs.some(isRuntime)
  if (runtime && UNSUPPORTED_MVM.has(node.op_type)) {
    ctx.fail(n, `operator ${node.op_type} is not supported: it needs crossbar weights the importer cannot map`)
  }
  if (!runtime) {
    // Constants that cannot be folded only matter if an MVM layer needs them (needConst says why).
    let why = `operator ${node.op_type} on constants is not folded`
    try {
      const folded = foldNode(node, inputs as (ConstValue | undefined)[], attrs)
      if (folded) return folded
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e
      why = `node "${ctx.nodeName(n)}" (${node.op_type}): ${e.message}`
    }
    return node.output.map(() => constant(null, 0, () => null, why))
  }
  const handler = HANDLERS[node.op_type]
  if (!handler || (node.domain && node.domain !== 'ai.onnx')) {
    const parents = inputs.filter(isRuntime)
    const unsupported = {
      node: ctx.nodeName(n),
      opType: node.op_type,
      reason: `operator ${node.domain ? `${node.domain}.` : ''}${node.op_type} is not supported`,
    }
    return node.output.map(() => ctx.derived(n, null, parents, { unsupported }))
  }
  try {
    return handler(ctx, n, inputs, attrs)
  } catch (e) {
    // Dims that do not add up are an error on feature maps; after them (post-processing) the
    // tensor just becomes unusable, which fails only if an MVM-path operator reads it.
    if (!(e instanceof ShapeError) || inputs.some((v) => v?.kind === 'map')) throw e
    const unsupported = { node: ctx.nodeName(n), opType: node.op_type, reason: e.message }
    return node.output.map(() => ctx.derived(n, null, inputs.filter(isRuntime), { unsupported }))
  }
}

/** Imports an ONNX model (bytes of a .onnx file) as a Network; throws OnnxImportError on any problem. */
export function importOnnx(bytes: Uint8Array, opts: ImportOptions): Network {
  const file = opts.fileName
  const { model, graph, opset } = decode(bytes, file)
  const input = resolveInput(graph, file, opts.input)
  const inShape = irShape(input.dims)
  if (!inShape) {
    throw new OnnxImportError(file, `input "${input.info.name}" of shape [${input.dims}] is not [1,C,H,W] or [1,N] (batch 1)`)
  }
  const ctx = new ImportContext(file, graph.node, opset, inShape)
  const values = new Map<string, Value>()
  let external = 0
  for (const t of graph.initializer) {
    if (isExternal(t)) external++
    values.set(
      t.name,
      constant(tensorDims(t), t.data_type, () => tensorValues(t)),
    )
  }
  values.set(input.info.name, ctx.mapOf(NETWORK_INPUT, input.dims))

  const folded: string[] = []
  const fused: string[] = []
  const derived = new Map<number, DerivedValue[]>()
  for (const n of topologicalOrder(graph, new Set(values.keys()), file)) {
    const node = graph.node[n]
    const inputs = node.input.map((name) => {
      if (!name) return undefined
      const v = values.get(name)
      if (!v) ctx.fail(n, `its input "${name}" is an output the importer does not compute (e.g. a Dropout mask or training statistics)`)
      return v
    })
    const before = ctx.layers.length
    let outputs: (Value | undefined)[]
    try {
      outputs = runNode(ctx, n, node, inputs)
    } catch (e) {
      if (e instanceof ShapeError) ctx.fail(n, e.message)
      throw e
    }
    node.output.forEach((name, k) => {
      const v = outputs[k]
      if (name && v) values.set(name, v)
    })
    const made = outputs.filter((v): v is Value => v !== undefined)
    if (made.some((v) => v.kind === 'derived' && v.node === n))
      derived.set(
        n,
        made.filter((v): v is DerivedValue => v.kind === 'derived'),
      )
    else if (ctx.layers.length > before) continue
    else if (made.length && made.every((v) => v.kind === 'const')) folded.push(node.op_type)
    else fused.push(node.op_type)
  }

  // Derived graph outputs shaped like a map that are not a mere relayout of one become layers.
  for (const o of graph.output) {
    const v = values.get(o.name)
    if (v?.kind === 'derived' && !v.materialized && !v.unsupported && !v.view && !v.reshapeOf && irShape(v.dims)) {
      ctx.materialize(v, v.node, 'graph output')
    }
  }

  const dropped = [...derived.keys()].filter((n) => !ctx.usedNodes.has(n))
  for (const n of derived.keys()) if (ctx.usedNodes.has(n) && !derived.get(n)!.some((v) => v.materialized)) fused.push(graph.node[n].op_type)
  const notes: string[] = []
  if (input.note) notes.push(input.note)
  if (external) notes.push(`${external} initializers are stored in external data; only their shapes are read`)
  if (folded.length) notes.push(`folded ${folded.length} constant and shape-computation nodes (${histogram(folded)})`)
  if (fused.length) notes.push(`fused ${fused.length} nodes into their producers, no layer (${histogram(fused)})`)
  if (ctx.layouts.length) {
    notes.push(
      `${plural(ctx.layouts.length, 'layout chain')} (reshape, transpose, slice, gather, concat, space/depth of one map) became local layers, each output pixel reading its own pixel or block: ${histogram(ctx.layouts.map((l) => l.kind))} (${listNames(ctx.layouts.map((l) => l.name))})`,
    )
  }
  const barriers = barrierNote(ctx)
  if (barriers) notes.push(barriers)
  notes.push(...ctx.notes)
  if (dropped.length) {
    const sources = new Set<number>()
    for (const n of dropped) for (const v of derived.get(n)!) for (const s of v.sources) sources.add(s)
    const after = [...sources].sort((a, b) => a - b).map((s) => (s === NETWORK_INPUT ? 'the input' : ctx.layers[s].name))
    notes.push(`dropped post-processing after ${listNames(after)}: ${histogram(dropped.map((n) => graph.node[n].op_type))} (${dropped.length} nodes)`)
  }

  const producer = [model.producer_name, model.producer_version].filter(Boolean).join(' ')
  return {
    name: file.replace(/^.*[\\/]/, '').replace(/\.onnx$/i, '') || graph.name,
    input: inShape,
    layers: ctx.layers,
    source: { kind: 'onnx', file, sha256: opts.sha256, opset, producer: producer || undefined },
    notes,
  }
}
