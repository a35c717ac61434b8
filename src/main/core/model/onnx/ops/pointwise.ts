/**
 * Operators that change no shape and add no dependency: activations, BatchNormalization, Dropout,
 * Identity, Cast, (de)quantization, elementwise math, and Softmax along the channel axis. On a map they
 * are fused into the producing layer (activation names are recorded on the layer); on a derived
 * tensor they keep its history.
 */
import { isRuntime, type Value } from '../values'
import type { Attributes } from '../tensor'
import { normAxis } from '../shapes'
import type { Handler } from './common'

/** IR activation names (lower case, as in the zoo) of ONNX activation operators. */
const ACTIVATIONS: Record<string, string> = {
  Relu: 'relu',
  LeakyRelu: 'leaky',
  Sigmoid: 'sigmoid',
  Tanh: 'tanh',
  HardSwish: 'hardswish',
  HardSigmoid: 'hardsigmoid',
  PRelu: 'prelu',
  Elu: 'elu',
  Selu: 'selu',
  Celu: 'celu',
  Softplus: 'softplus',
  Softsign: 'softsign',
  Mish: 'mish',
  Gelu: 'gelu',
  ThresholdedRelu: 'thresholdedrelu',
  Swish: 'silu',
  Clip: 'clip',
}

/** Pointwise operators that are not activations. */
const PASSIVE = [
  'BatchNormalization',
  'Dropout',
  'Identity',
  'Cast',
  'CastLike',
  'QuantizeLinear',
  'DequantizeLinear',
  'Exp',
  'Log',
  'Abs',
  'Neg',
  'Sqrt',
  'Reciprocal',
  'Floor',
  'Ceil',
  'Round',
  'Sign',
  'Erf',
  'Sin',
  'Cos',
  'Not',
  'LRN',
  'Shrink',
]

function clipName(inputs: (Value | undefined)[], attrs: Attributes): string {
  const val = (v: Value | undefined, attr: string, def: number) => (v?.kind === 'const' ? (v.values()?.[0] ?? NaN) : attrs.float(attr, def))
  const lo = val(inputs[1], 'min', -Infinity)
  const hi = val(inputs[2], 'max', Infinity)
  if (lo === 0 && hi === 6) return 'relu6'
  if (lo === 0 && hi === Infinity) return 'relu'
  return 'clip'
}

function pointwise(op: string): Handler {
  return (ctx, n, inputs, attrs) => {
    const x = inputs[0]
    if (!isRuntime(x)) return ctx.fail(n, 'its data input is a constant while another input is computed at run time')
    const act = op === 'Clip' ? clipName(inputs, attrs) : ACTIVATIONS[op]
    // Only the first output: Dropout's mask and BN's training statistics are not part of inference.
    return [x.kind === 'map' ? ctx.alias(x, op, act) : ctx.pointwise(n, x)]
  }
}

/**
 * Softmax / LogSoftmax / Hardmax: fused when it runs along the channel axis only (per pixel), or over
 * a 1x1 map; over spatial axes it is a whole-map tensor (a 'flatten' layer if a layer reads it).
 */
function softmax(op: string): Handler {
  return (ctx, n, [x], attrs) => {
    if (!isRuntime(x)) return ctx.fail(n, 'its input is a constant while the node was not folded')
    if (x.kind === 'derived' && !x.dims) return [ctx.pointwise(n, x)]
    const dims = x.dims!
    const rank = dims.length
    const a = normAxis(attrs.int('axis', ctx.opset >= 13 ? -1 : 1), rank)
    // Before opset 13 the axes [a, rank) are flattened into one: a single axis only if the rest are 1.
    const single = ctx.opset >= 13 || dims.slice(a + 1).every((d) => d === 1)
    const sourceAxis = x.kind === 'map' ? a : x.view ? x.view.perm[a] : -1
    const perPixel = single && sourceAxis === 1
    if (x.kind === 'map') {
      const spatial = dims.slice(2).every((d) => d === 1)
      if (perPixel || (a === 1 && spatial)) return [ctx.alias(x, op, op.toLowerCase())]
      return [ctx.derived(n, dims, [x])]
    }
    return [perPixel ? ctx.pointwise(n, x) : ctx.derived(n, dims, [x])]
  }
}

/** Normalizations over the spatial axes: the output depends on the whole map. */
const wholeMap: Handler = (ctx, n, [x]) => {
  if (!isRuntime(x)) return ctx.fail(n, 'its input is a constant while the node was not folded')
  return [ctx.derived(n, x.dims, [x])]
}

export const POINTWISE_HANDLERS: Record<string, Handler> = {
  ...Object.fromEntries([...Object.keys(ACTIVATIONS), ...PASSIVE].map((op) => [op, pointwise(op)])),
  Softmax: softmax('Softmax'),
  LogSoftmax: softmax('LogSoftmax'),
  Hardmax: softmax('Hardmax'),
  InstanceNormalization: wholeMap,
  MeanVarianceNormalization: wholeMap,
  LpNormalization: wholeMap,
}
