/**
 * Functions of the network IR (cim-model.md section 1); the types are the vocabulary's
 * (src/shared/schemas/network.ts), re-exported for the core's modules.
 */

import { NETWORK_INPUT, type Layer, type Network, type Shape } from '../../../shared/schemas/network'

export { NETWORK_INPUT }
export type { DigitalKind, Layer, LayerKind, LayoutKind, MvmKind, Network, NetworkSource, Shape, Window } from '../../../shared/schemas/network'

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
