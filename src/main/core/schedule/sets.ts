import { NETWORK_INPUT, isMvm, type Layer, type Network, type Shape } from '../model/ir'

import type { Granularity } from '../../../shared/schemas/spec'

/**
 * The sets of one producer that a consumer set needs: rows rowLo[y], rowLo[y] + rowStep, ... up to
 * rowHi[y], likewise columns, of the producer's set grid (empty when lo > hi), or the whole producer.
 * The step is the dilation of a dilated window (only its taps are read), 1 otherwise.
 */
export interface Dependency {
  producer: number
  whole: boolean
  rowLo: Int32Array
  rowHi: Int32Array
  rowStep: number
  colLo: Int32Array
  colHi: Int32Array
  colStep: number
}

/** The sets of one layer: a rows x cols grid in raster order. */
export interface LayerSets {
  layer: number
  mvm: boolean
  rows: number
  cols: number
  sets: number
  /** MVMs one set costs on each PE of a copy: 1 per pixel, W_out per row. */
  mvmsPerSet: number
  deps: Dependency[]
}

type AxisRange = (o: number) => [number, number]

/** Distance between the producer rows (or columns) a window reads: its dilation for conv and pooling taps. */
function axisStep(layer: Layer, axis: 'h' | 'w'): number {
  if (layer.kind !== 'conv' && layer.kind !== 'maxpool' && layer.kind !== 'avgpool') return 1
  return axis === 'h' ? layer.window!.dilationH : layer.window!.dilationW
}

/** Producer index range an output coordinate o reads along one axis, before clipping. */
function axisRange(layer: Layer, axis: 'h' | 'w', producerSize: number): AxisRange {
  const win = layer.window
  const vertical = axis === 'h'
  switch (layer.kind) {
    case 'conv':
    case 'maxpool':
    case 'avgpool': {
      const s = vertical ? win!.strideH : win!.strideW
      const p = vertical ? win!.pads[0] : win!.pads[1]
      const span = vertical ? win!.dilationH * (win!.kh - 1) : win!.dilationW * (win!.kw - 1)
      return (o) => [o * s - p, o * s - p + span]
    }
    case 'convtranspose': {
      const s = vertical ? win!.strideH : win!.strideW
      const p = vertical ? win!.pads[0] : win!.pads[1]
      const span = vertical ? win!.dilationH * (win!.kh - 1) : win!.dilationW * (win!.kw - 1)
      return (o) => [Math.ceil((o + p - span) / s), Math.floor((o + p) / s)]
    }
    case 'upsample': {
      const f = (vertical ? layer.scaleH : layer.scaleW) ?? 1
      return (o) => [Math.floor(o / f), Math.floor(o / f)]
    }
    case 'pad': {
      const p = vertical ? win!.pads[0] : win!.pads[1]
      return (o) => [o - p, o - p]
    }
    case 'spacetodepth': {
      const k = layer.block!
      return (o) => [o * k, o * k + k - 1]
    }
    case 'depthtospace': {
      const k = layer.block!
      return (o) => [Math.floor(o / k), Math.floor(o / k)]
    }
    default: // elementwise and channel-local (shuffle): same position; a 1-pixel producer broadcasts
      return producerSize === 1 ? () => [0, 0] : (o) => [o, o]
  }
}

/** Per output coordinate, the first and last producer index read, clipped to the map on the step's grid. */
function ranges(n: number, producerSize: number, f: AxisRange, step: number): [Int32Array, Int32Array] {
  const lo = new Int32Array(n)
  const hi = new Int32Array(n)
  for (let o = 0; o < n; o++) {
    const [a, b] = f(o)
    lo[o] = a < 0 ? a + step * Math.ceil(-a / step) : a
    hi[o] = b > producerSize - 1 ? a + step * Math.floor((producerSize - 1 - a) / step) : b
  }
  return [lo, hi]
}

const WHOLE_MAP = new Set(['dense', 'globalpool', 'flatten'])

/** The set grid of an output map: H x W pixel sets, or H row sets. */
export function setGrid(out: Shape, granularity: Granularity): { rows: number; cols: number } {
  return granularity === 'pixel' ? { rows: out.h, cols: out.w } : { rows: out.h, cols: 1 }
}

/** MVMs one set of an MVM layer costs on each PE of a copy: 1 per pixel set, W_out per row set. */
export function mvmsPerSet(out: Shape, granularity: Granularity): number {
  return granularity === 'row' ? out.w : 1
}

/** Sets of every layer and the producer sets each one depends on. */
export function buildSets(net: Network, granularity: Granularity): LayerSets[] {
  const grid = (s: Shape) => setGrid(s, granularity)
  return net.layers.map((layer, l) => {
    const { rows, cols } = grid(layer.out)
    const deps: Dependency[] = []
    const whole = WHOLE_MAP.has(layer.kind)
    const rowStep = axisStep(layer, 'h')
    const colStep = granularity === 'pixel' ? axisStep(layer, 'w') : 1
    for (const p of layer.inputs) {
      if (p === NETWORK_INPUT) continue
      const ps = net.layers[p].out
      const pg = grid(ps)
      const [rowLo, rowHi] = ranges(rows, pg.rows, axisRange(layer, 'h', ps.h), rowStep)
      const [colLo, colHi] = granularity === 'pixel' ? ranges(cols, pg.cols, axisRange(layer, 'w', ps.w), colStep) : [new Int32Array([0]), new Int32Array([0])]
      deps.push({ producer: p, whole, rowLo, rowHi, rowStep, colLo, colHi, colStep })
    }
    const mvm = isMvm(layer)
    return { layer: l, mvm, rows, cols, sets: rows * cols, mvmsPerSet: mvm ? mvmsPerSet(layer.out, granularity) : 1, deps }
  })
}
