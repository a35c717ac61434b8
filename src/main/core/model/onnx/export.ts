/**
 * exportOnnx: writes an IR network as an ONNX graph (opset 17) without weights: every weight is a
 * ConstantOfShape node fed by its int64 shape, as in ONNX's weight-stripped "light" models. importOnnx
 * reads the result back to the same layers. A dense layer reading an HxW > 1 map without a 'flatten'
 * layer in between comes back with one (Gemm needs a Flatten node there, which imports as a layer).
 * Layout layers (issue 12) are written as Gather / SpaceToDepth / DepthToSpace with the same channel
 * counts, not with the original channel order, which the IR does not keep; layout layers that read one
 * another come back as one (the importer composes the rearrangements of a map).
 */
import { NETWORK_INPUT, type Layer, type Network } from '../ir'
import { encodeModel } from './proto'
import { DT } from './tensor'

type Attr = { name: string; type: number; i?: number; f?: number; s?: Uint8Array; ints?: number[]; t?: object }
type Node = { name: string; op_type: string; input: string[]; output: string[]; attribute: Attr[] }

const ints = (name: string, v: number[]): Attr => ({ name, type: 7, ints: v })
const int = (name: string, v: number): Attr => ({ name, type: 2, i: v })
const float = (name: string, v: number): Attr => ({ name, type: 1, f: v })
const str = (name: string, v: string): Attr => ({ name, type: 3, s: new TextEncoder().encode(v) })

/** Collects nodes and initializers of the graph being written. */
class GraphWriter {
  readonly nodes: Node[] = []
  readonly initializers: object[] = []
  private readonly used = new Set<string>()

  unique(base: string): string {
    let name = base
    for (let k = 2; this.used.has(name); k++) name = `${base}#${k}`
    this.used.add(name)
    return name
  }

  node(op: string, name: string, input: string[], attribute: Attr[] = [], output = this.unique(name)): string {
    this.nodes.push({ name, op_type: op, input, output: [output], attribute })
    return output
  }

  int64(name: string, values: number[]): string {
    const n = this.unique(name)
    this.initializers.push({ name: n, dims: [values.length], data_type: DT.INT64, int64_data: values })
    return n
  }

  float32(name: string, values: number[], dims = [values.length]): string {
    const n = this.unique(name)
    this.initializers.push({ name: n, dims, data_type: DT.FLOAT, float_data: values })
    return n
  }

  /** A weight tensor of the given dims, produced by ConstantOfShape (no data stored). */
  weight(name: string, dims: number[]): string {
    const shape = this.int64(`${name}__shape`, dims)
    const value = { name: 'value', type: 4, t: { dims: [1], data_type: DT.FLOAT, float_data: [0] } }
    return this.node('ConstantOfShape', `${name}__fill`, [shape], [value], this.unique(name))
  }
}

/** Appends the nodes of a fused activation after `x`; returns the activated tensor. */
function activation(g: GraphWriter, name: string, act: string | undefined, x: string, out: string): string {
  const a = act?.toLowerCase()
  const finish = (op: string, inputs: string[], attrs: Attr[] = []) => g.node(op, `${name}__act`, inputs, attrs, out)
  switch (a) {
    case 'relu':
      return finish('Relu', [x])
    case 'relu6':
      return finish('Clip', [x, g.float32(`${name}__min`, [0], []), g.float32(`${name}__max`, [6], [])])
    case 'leaky':
    case 'leakyrelu':
      return finish('LeakyRelu', [x], [float('alpha', 0.1)])
    case 'sigmoid':
    case 'logistic':
      return finish('Sigmoid', [x])
    case 'tanh':
      return finish('Tanh', [x])
    case 'hardswish':
      return finish('HardSwish', [x])
    case 'hardsigmoid':
      return finish('HardSigmoid', [x])
    case 'elu':
      return finish('Elu', [x])
    case 'softmax':
      return finish('Softmax', [x], [int('axis', 1)])
    case 'silu':
    case 'swish':
      return finish('Mul', [x, g.node('Sigmoid', `${name}__sigmoid`, [x])])
    case 'mish':
      return finish('Mul', [x, g.node('Tanh', `${name}__tanh`, [g.node('Softplus', `${name}__softplus`, [x])])])
    default:
      return g.node('Identity', `${name}__out`, [x], [], out)
  }
}

/** Writes `net` as ONNX ModelProto bytes. */
export function exportOnnx(net: Network): Uint8Array {
  const g = new GraphWriter()
  const input = g.unique('input')
  const tensor: string[] = []
  const rank: number[] = []
  const consumers = new Array<number>(net.layers.length).fill(0)
  for (const l of net.layers) for (const i of l.inputs) if (i !== NETWORK_INPUT) consumers[i]++
  const shapeOf = (i: number) => (i === NETWORK_INPUT ? net.input : net.layers[i].out)
  const nameOf = (i: number) => (i === NETWORK_INPUT ? input : tensor[i])
  const rankOf = (i: number) => (i === NETWORK_INPUT ? 4 : rank[i])
  /** An int64 list of n channel indices, index i being f(i). */
  const channels = (tag: string, n: number, f: (i: number) => number) =>
    g.int64(
      tag,
      Array.from({ length: n }, (_, i) => f(i)),
    )
  /** Producer i's tensor as [1,C,H,W] (dense outputs are [1,N]). */
  const as4d = (i: number, name: string) => {
    if (rankOf(i) === 4) return nameOf(i)
    const s = shapeOf(i)
    return g.node('Reshape', `${name}__to4d`, [nameOf(i), g.int64(`${name}__shape4d`, [1, s.c, s.h, s.w])])
  }

  net.layers.forEach((l: Layer, idx) => {
    const name = l.name
    const out = g.unique(name)
    const main = l.activation && !['linear', 'none'].includes(l.activation.toLowerCase()) ? `${out}__pre` : out
    const x = () => as4d(l.inputs[0], name)
    const win = l.window
    const winAttrs = () => [ints('kernel_shape', [win!.kh, win!.kw]), ints('strides', [win!.strideH, win!.strideW]), ints('pads', [...win!.pads])]
    const dil = () => ints('dilations', [win!.dilationH, win!.dilationW])
    let r = 4
    switch (l.kind) {
      case 'conv': {
        const cin = shapeOf(l.inputs[0]).c
        const groups = l.groups ?? 1
        const inputs = [x(), g.weight(`${name}.weight`, [l.out.c, cin / groups, win!.kh, win!.kw])]
        if (l.bias !== false) inputs.push(g.weight(`${name}.bias`, [l.out.c]))
        g.node('Conv', name, inputs, [...winAttrs(), dil(), int('group', groups)], main)
        break
      }
      case 'convtranspose': {
        const s = shapeOf(l.inputs[0])
        const groups = l.groups ?? 1
        const inputs = [x(), g.weight(`${name}.weight`, [s.c, l.out.c / groups, win!.kh, win!.kw])]
        if (l.bias !== false) inputs.push(g.weight(`${name}.bias`, [l.out.c]))
        const full = (size: number, k: number, st: number, d: number) => st * (size - 1) + (k - 1) * d + 1
        const op = [
          l.out.h - (full(s.h, win!.kh, win!.strideH, win!.dilationH) - win!.pads[0] - win!.pads[2]),
          l.out.w - (full(s.w, win!.kw, win!.strideW, win!.dilationW) - win!.pads[1] - win!.pads[3]),
        ]
        const attrs = [...winAttrs(), dil(), int('group', groups)]
        if (op[0] || op[1]) attrs.push(ints('output_padding', op))
        g.node('ConvTranspose', name, inputs, attrs, main)
        break
      }
      case 'dense': {
        const from = l.inputs[0]
        const s = shapeOf(from)
        const k = s.c * s.h * s.w
        const a = rankOf(from) === 2 ? nameOf(from) : g.node('Flatten', `${name}__flatten`, [nameOf(from)], [int('axis', 1)])
        const inputs = [a, g.weight(`${name}.weight`, [l.out.c, k])]
        if (l.bias !== false) inputs.push(g.weight(`${name}.bias`, [l.out.c]))
        g.node('Gemm', name, inputs, [int('transB', 1)], main)
        r = 2
        break
      }
      case 'maxpool':
      case 'avgpool': {
        const s = shapeOf(l.inputs[0])
        const floorH = Math.floor((s.h + win!.pads[0] + win!.pads[2] - win!.dilationH * (win!.kh - 1) - 1) / win!.strideH) + 1
        const floorW = Math.floor((s.w + win!.pads[1] + win!.pads[3] - win!.dilationW * (win!.kw - 1) - 1) / win!.strideW) + 1
        const attrs = winAttrs()
        if (floorH !== l.out.h || floorW !== l.out.w) attrs.push(int('ceil_mode', 1))
        if (l.kind === 'maxpool') attrs.push(dil())
        g.node(l.kind === 'maxpool' ? 'MaxPool' : 'AveragePool', name, [x()], attrs, main)
        break
      }
      case 'globalpool':
        g.node('GlobalAveragePool', name, [x()], [], main)
        break
      case 'upsample': {
        const scales = g.float32(`${name}__scales`, [1, 1, l.scaleH ?? 1, l.scaleW ?? 1])
        const attrs = [str('mode', 'nearest'), str('coordinate_transformation_mode', 'asymmetric'), str('nearest_mode', 'floor')]
        g.node('Resize', name, [x(), '', scales], attrs, main)
        break
      }
      case 'add':
      case 'mul': {
        const all4 = l.inputs.some((i) => rankOf(i) === 4)
        const inputs = l.inputs.map((i) => (all4 ? as4d(i, `${name}__in`) : nameOf(i)))
        if (!all4) r = 2
        g.node(l.kind === 'mul' ? 'Mul' : inputs.length === 2 ? 'Add' : 'Sum', name, inputs, [], main)
        break
      }
      case 'concat': {
        const all4 = l.inputs.some((i) => rankOf(i) === 4)
        const inputs = l.inputs.map((i) => (all4 ? as4d(i, `${name}__in`) : nameOf(i)))
        if (!all4) r = 2
        g.node('Concat', name, inputs, [int('axis', 1)], main)
        break
      }
      case 'slice': {
        const from = l.inputs[0]
        const start = l.channelStart ?? 0
        const inputs = [nameOf(from), g.int64(`${name}__starts`, [start]), g.int64(`${name}__ends`, [start + l.out.c]), g.int64(`${name}__axes`, [1])]
        r = rankOf(from)
        g.node('Slice', name, inputs, [], main)
        break
      }
      case 'pad': {
        const [t, left, b, right] = win!.pads
        g.node('Pad', name, [x(), g.int64(`${name}__pads`, [0, 0, t, left, 0, 0, b, right])], [str('mode', 'constant')], main)
        break
      }
      // issue 12: layout layers; a Gather on the channel axis (indices wrapped modulo the channels there)
      // makes the output channel count, and stays a rearrangement of one map on import.
      case 'shuffle': {
        // Channels in reverse order: never one contiguous block (that would import as a slice).
        const c = shapeOf(l.inputs[0]).c
        g.node('Gather', name, [x(), channels(`${name}__channels`, l.out.c, (i) => c - 1 - (i % c))], [int('axis', 1)], main)
        break
      }
      case 'spacetodepth': {
        const k = l.block!
        const made = shapeOf(l.inputs[0]).c * k * k
        const s2d = g.node('SpaceToDepth', made === l.out.c ? name : `${name}__blocks`, [x()], [int('blocksize', k)], made === l.out.c ? main : undefined)
        if (made !== l.out.c) g.node('Gather', name, [s2d, channels(`${name}__channels`, l.out.c, (i) => i % made)], [int('axis', 1)], main)
        break
      }
      case 'depthtospace': {
        const k = l.block!
        const c = shapeOf(l.inputs[0]).c
        const need = l.out.c * k * k
        const src = need === c ? x() : g.node('Gather', `${name}__channels`, [x(), channels(`${name}__indices`, need, (i) => i % c)], [int('axis', 1)])
        g.node('DepthToSpace', name, [src], [int('blocksize', k), str('mode', 'DCR')], main)
        break
      }
      case 'flatten': {
        const s = shapeOf(l.inputs[0])
        const plain = l.out.h === 1 && l.out.w === 1 && l.out.c === s.c * s.h * s.w && s.h * s.w > 1 && consumers[idx] > 0
        if (plain && rankOf(l.inputs[0]) === 4) {
          g.node('Flatten', name, [nameOf(l.inputs[0])], [int('axis', 1)], main)
        } else {
          // Any other whole-map layer: an operator that reads the whole map (MeanVarianceNormalization
          // over H and W), then Reshape to the output shape. A pure rearrangement would import as local.
          const t = g.node('MeanVarianceNormalization', `${name}__whole`, [x()], [ints('axes', [0, 2, 3])])
          const dims = l.out.h === 1 && l.out.w === 1 ? [1, l.out.c] : [1, l.out.c, l.out.h, l.out.w]
          g.node('Reshape', name, [t, g.int64(`${name}__shape`, dims)], [], main)
          if (dims.length === 4) break
        }
        r = 2
        break
      }
    }
    if (main !== out) activation(g, name, l.activation, main, out)
    tensor[idx] = out
    rank[idx] = r
  })

  const valueInfo = (name: string, dims: number[]) => ({
    name,
    type: { tensor_type: { elem_type: DT.FLOAT, shape: { dim: dims.map((d) => ({ dim_value: d })) } } },
  })
  const dimsOf = (i: number) => {
    const s = shapeOf(i)
    return rankOf(i) === 2 ? [1, s.c] : [1, s.c, s.h, s.w]
  }
  const outputs = net.layers.map((_, i) => i).filter((i) => consumers[i] === 0)
  return encodeModel({
    ir_version: 8,
    producer_name: 'cim-workbench',
    opset_import: [{ domain: '', version: 17 }],
    graph: {
      name: net.name,
      node: g.nodes,
      initializer: g.initializers,
      input: [valueInfo(input, [1, net.input.c, net.input.h, net.input.w])],
      output: outputs.map((i) => valueInfo(tensor[i], dimsOf(i))),
    },
  })
}
