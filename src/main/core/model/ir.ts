/**
 * The network IR: a DAG of layers over (C, H, W) tensors, batch 1 (cim-model.md section 1).
 * Layers are stored in topological order; a layer names its producers by index.
 */

/** A tensor shape (channels, height, width); a dense layer's output is (N, 1, 1). */
export interface Shape {
  c: number
  h: number
  w: number
}

/** Index used in `Layer.inputs` for the network's input tensor. */
export const NETWORK_INPUT = -1

/** Layers that run on crossbars (PEs). */
export type MvmKind = 'conv' | 'convtranspose' | 'dense'

/** Layers that run on the tile's digital unit (GPEU). */
export type DigitalKind =
  | 'maxpool'
  | 'avgpool'
  | 'globalpool'
  | 'upsample'
  | 'add'
  | 'mul'
  | 'concat'
  | 'slice'
  | 'pad'
  | 'flatten'
  // issue 12 (local layout ops): channel-local rearrangements and space <-> depth by a block of pixels
  | LayoutKind

/**
 * issue 12. Digital layers that only move elements (cim-model.md section 4): 'shuffle' regroups, permutes
 * or picks channels, pixel (y, x) from pixel (y, x); 'spacetodepth' stacks each block x block window into
 * channels, pixel (y, x) from rows block*y .. block*y+block-1 (likewise columns); 'depthtospace' the
 * inverse, pixel (y, x) from (floor(y/block), floor(x/block)).
 */
export type LayoutKind = 'shuffle' | 'spacetodepth' | 'depthtospace'

export type LayerKind = MvmKind | DigitalKind

/** Sliding-window geometry shared by conv, convtranspose and pooling layers. */
export interface Window {
  kh: number
  kw: number
  strideH: number
  strideW: number
  /** Padding in pixels: top, left, bottom, right. */
  pads: [number, number, number, number]
  dilationH: number
  dilationW: number
}

export interface Layer {
  name: string
  kind: LayerKind
  /** Producer layer indices (NETWORK_INPUT for the network input), in operand order. */
  inputs: number[]
  out: Shape
  /** conv, convtranspose, maxpool, avgpool. */
  window?: Window
  /** conv and convtranspose: channel groups (depthwise when groups == Cin). */
  groups?: number
  /** MVM layers: whether the layer has a bias vector (counts in parameters only). */
  bias?: boolean
  /** upsample: integer nearest-neighbour scale factors. */
  scaleH?: number
  scaleW?: number
  /** slice: first channel taken from the input (the output takes out.c channels). */
  channelStart?: number
  /** issue 12. spacetodepth, depthtospace: the block edge in pixels (>= 2). */
  block?: number
  /** Activation fused into this layer (Relu, LeakyRelu...): informational. */
  activation?: string
}

/** Where an imported network came from. */
export interface NetworkSource {
  kind: 'zoo' | 'onnx' | 'darknet'
  file?: string
  sha256?: string
  opset?: number
  producer?: string
}

export interface Network {
  name: string
  input: Shape
  /** Layers in topological order. */
  layers: Layer[]
  source: NetworkSource
  /** What an importer folded or dropped, for the user to see. */
  notes: string[]
}

/** Whether a layer runs on crossbars. */
export function isMvm(layer: Layer): boolean {
  return layer.kind === 'conv' || layer.kind === 'convtranspose' || layer.kind === 'dense'
}

/** Shape of a layer's i-th operand (the network input for NETWORK_INPUT). */
export function inputShape(net: Network, layer: Layer, i = 0): Shape {
  const p = layer.inputs[i]
  return p === NETWORK_INPUT ? net.input : net.layers[p].out
}

/** Weight matrix of one group of an MVM layer: K rows (inputs) by N columns (outputs). */
export interface WeightMatrix {
  k: number
  n: number
  groups: number
}

/** The weight matrix of an MVM layer (cim-model.md section 3); null for digital layers. */
export function weightMatrix(net: Network, layer: Layer): WeightMatrix | null {
  if (layer.kind === 'dense') {
    const s = inputShape(net, layer)
    return { k: s.c * s.h * s.w, n: layer.out.c, groups: 1 }
  }
  if (layer.kind === 'conv' || layer.kind === 'convtranspose') {
    const cin = inputShape(net, layer).c
    const g = layer.groups ?? 1
    const win = layer.window!
    return { k: (win.kh * win.kw * cin) / g, n: layer.out.c / g, groups: g }
  }
  return null
}

/** Parameters of a layer: weights plus bias (0 for digital layers). */
export function layerParams(net: Network, layer: Layer): number {
  const m = weightMatrix(net, layer)
  if (!m) return 0
  return m.k * m.n * m.groups + (layer.bias === false ? 0 : layer.out.c)
}

/** Multiply-accumulates of one inference of a layer (0 for digital layers). */
export function layerMacs(net: Network, layer: Layer): number {
  const m = weightMatrix(net, layer)
  if (!m) return 0
  if (layer.kind === 'convtranspose') {
    const s = inputShape(net, layer)
    return s.h * s.w * m.k * m.n * m.groups
  }
  return layer.out.h * layer.out.w * m.k * m.n * m.groups
}

/** Totals of a network: layers, MVM layers, parameters, MACs. */
export function networkStats(net: Network): { layers: number; mvmLayers: number; params: number; macs: number } {
  let mvmLayers = 0
  let params = 0
  let macs = 0
  for (const l of net.layers) {
    if (isMvm(l)) mvmLayers++
    params += layerParams(net, l)
    macs += layerMacs(net, l)
  }
  return { layers: net.layers.length, mvmLayers, params, macs }
}
