/**
 * Tiny YOLO detectors, layer for layer as in Darknet's cfg/yolov3-tiny.cfg and cfg/yolov4-tiny.cfg
 * (AlexeyAB/darknet). Layer names carry the Darknet layer index (conv13, route20...); [yolo] sections
 * are outputs, not layers, and a [route] of a single layer is no layer at all.
 *
 * Parameters: every conv has batch_normalize=1 (except the two 255-filter heads, which have a plain
 * bias); BN is folded into the conv, so each conv counts weights + one bias per filter (`bias: true`),
 * i.e. the Darknet .weights content without BN scales, means and variances.
 */
import type { Network } from '../ir'
import { NetworkBuilder } from '../builder'

type Size = { h: number; w: number }

/** Darknet [convolutional] with pad=1 (padding size/2), BN folded into the bias. */
function conv(b: NetworkBuilder, i: number, filters: number, size: number, o: { stride?: number; act?: string; from?: number } = {}): number {
  return b.conv(filters, size, { stride: o.stride ?? 1, pad: Math.floor(size / 2), act: o.act ?? 'leaky', bias: true, from: o.from, name: `conv${i}` })
}

/** Darknet [maxpool]: padding size-1 in total, top/left floor((size-1)/2), so size 2 stride 1 keeps the size. */
function maxpool(b: NetworkBuilder, i: number, size: number, stride: number): number {
  const p = size - 1
  const t = Math.floor(p / 2)
  return b.maxpool(size, { stride, pads: [t, t, p - t, p - t], name: `maxpool${i}` })
}

/**
 * The neck and two heads both tiny YOLOs end with, from Darknet layer i: 3x3 conv (`wide` filters),
 * 1x1 conv 256, 3x3 conv 512, 1x1 conv 255 (head 1), [yolo] i+4, [route] i+5 back to the 1x1 conv 256,
 * 1x1 conv 128, upsample x2, [route] with the `skip` layer, 3x3 conv 256, 1x1 conv 255 (head 2), [yolo] i+11.
 * The [yolo] outputs are recorded as notes.
 */
function twoHeads(b: NetworkBuilder, i: number, wide: number, skip: number): Network {
  conv(b, i, wide, 3)
  const neck = conv(b, i + 1, 256, 1)
  conv(b, i + 2, 512, 3)
  const head1 = conv(b, i + 3, 255, 1, { act: 'linear' })
  conv(b, i + 6, 128, 1, { from: neck })
  b.upsample(2, { name: `upsample${i + 7}` })
  b.concat([b.last, skip], { name: `route${i + 8}` })
  conv(b, i + 9, 256, 3)
  const head2 = conv(b, i + 10, 255, 1, { act: 'linear' })
  const net = b.build()
  for (const [yolo, layer] of [
    [i + 4, head1],
    [i + 11, head2],
  ]) {
    const { c, h, w } = net.layers[layer].out
    net.notes.push(`[yolo] #${yolo}: detection output ${h}x${w}x${c} from ${net.layers[layer].name}`)
  }
  return net
}

/** YOLOv3-tiny (Darknet cfg/yolov3-tiny.cfg): 13 convs, 2 heads at stride 32 and 16. */
export function tinyYoloV3(input: Size): Network {
  const b = new NetworkBuilder('tinyyolov3', { c: 3, ...input })
  let l8 = 0
  ;[16, 32, 64, 128, 256, 512].forEach((f, j) => {
    const c = conv(b, 2 * j, f, 3)
    if (j === 4) l8 = c
    maxpool(b, 2 * j + 1, 2, j === 5 ? 1 : 2)
  })
  return twoHeads(b, 12, 1024, l8)
}

/**
 * One CSP block of YOLOv4-tiny starting at Darknet layer i: 3x3 conv, route groups=2 group_id=1
 * (second half of the channels), two 3x3 convs, concat, 1x1 conv, concat with the block's first conv,
 * maxpool 2/2. Returns the 1x1 conv (the layer the neck routes back to).
 */
function cspBlock(b: NetworkBuilder, i: number, f: number): number {
  const c = conv(b, i, f, 3)
  b.slice(c, f / 2, f / 2, { name: `route${i + 1}` })
  const a = conv(b, i + 2, f / 2, 3)
  const a2 = conv(b, i + 3, f / 2, 3)
  b.concat([a2, a], { name: `route${i + 4}` })
  const d = conv(b, i + 5, f, 1)
  b.concat([c, d], { name: `route${i + 6}` })
  maxpool(b, i + 7, 2, 2)
  return d
}

/** YOLOv4-tiny (Darknet cfg/yolov4-tiny.cfg): 21 convs, 3 CSP blocks, 2 heads at stride 32 and 16. */
export function tinyYoloV4(input: Size): Network {
  const b = new NetworkBuilder('tinyyolov4', { c: 3, ...input })
  conv(b, 0, 32, 3, { stride: 2 })
  conv(b, 1, 64, 3, { stride: 2 })
  cspBlock(b, 2, 64)
  cspBlock(b, 10, 128)
  const l23 = cspBlock(b, 18, 256)
  return twoHeads(b, 26, 512, l23)
}
