/** Shared types and helpers of the operator handlers. */
import { windowOut } from '../../builder'
import type { Window } from '../../ir'
import type { ImportContext } from '../context'
import { samePads } from '../shapes'
import type { Attributes } from '../tensor'
import type { Value } from '../values'

/**
 * Maps one node whose inputs are known to its output values (one per node output; undefined for
 * outputs it does not produce). Handlers throw through ctx.fail, or ShapeError for dims that do not
 * add up (the walk names the node).
 */
export type Handler = (ctx: ImportContext, n: number, inputs: (Value | undefined)[], attrs: Attributes) => (Value | undefined)[]

/**
 * Window geometry of Conv / pooling attributes over an H x W input: kernel, strides, dilations,
 * explicit pads (ONNX order top, left, bottom, right) or auto_pad. Returns the window and output size.
 */
export function windowFromAttrs(
  ctx: ImportContext,
  n: number,
  attrs: Attributes,
  kernel: [number, number],
  h: number,
  w: number,
  o: { ceil?: boolean; dilations?: boolean } = {},
): { window: Window; oh: number; ow: number } {
  const [kh, kw] = kernel
  const [sh, sw] = attrs.ints('strides') ?? [1, 1]
  const [dh, dw] = o.dilations === false ? [1, 1] : (attrs.ints('dilations') ?? [1, 1])
  let pads = (attrs.ints('pads') ?? [0, 0, 0, 0]) as [number, number, number, number]
  if (pads.length !== 4) ctx.fail(n, `pads [${pads}] do not describe a 2-D window`)
  const auto = attrs.string('auto_pad', 'NOTSET')
  if (auto === 'VALID') pads = [0, 0, 0, 0]
  else if (auto === 'SAME_UPPER' || auto === 'SAME_LOWER') {
    const lower = auto === 'SAME_LOWER'
    const [t, b] = samePads(h, kh, sh, dh, lower)
    const [l, r] = samePads(w, kw, sw, dw, lower)
    pads = [t, l, b, r]
  } else if (auto !== 'NOTSET') ctx.fail(n, `auto_pad "${auto}" is not an ONNX value`)
  const window: Window = { kh, kw, strideH: sh, strideW: sw, pads: [pads[0], pads[1], pads[2], pads[3]], dilationH: dh, dilationW: dw }
  const oh = windowOut(h, kh, sh, pads[0], pads[2], dh, o.ceil)
  const ow = windowOut(w, kw, sw, pads[1], pads[3], dw, o.ceil)
  if (oh < 1 || ow < 1) ctx.fail(n, `a ${kh}x${kw} window (stride ${sh}x${sw}, pads [${pads}]) does not fit the ${h}x${w} input`)
  return { window, oh, ow }
}

/** The rank-4 dims [1,C,H,W] of a map input, or a clear error for other ranks. */
export function need4d(ctx: ImportContext, n: number, dims: number[]): [number, number, number, number] {
  if (dims.length !== 4) ctx.fail(n, `expects a (N,C,H,W) feature map, got a tensor of shape [${dims}] (only 2-D maps are supported)`)
  return dims as [number, number, number, number]
}
