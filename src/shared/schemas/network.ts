/**
 * The network document (cim-model.md section 1): a DAG of layers over (C, H, W) tensors, batch 1,
 * layers in topological order, each naming its producers by index. The IR functions live in
 * src/main/core/model/ir.ts; the types are inferred from these schemas.
 */
import { z } from 'zod'

const int = z.number().int()
const count = int.min(0)

/** Index used in `Layer.inputs` for the network's input tensor. */
export const NETWORK_INPUT = -1

/** Layers that run on crossbars (PEs). */
export const MVM_KINDS = ['conv', 'convtranspose', 'dense'] as const
/**
 * Digital layers that only move elements (cim-model.md section 4): 'shuffle' regroups, permutes or picks
 * channels, pixel (y, x) from pixel (y, x); 'spacetodepth' stacks each block x block window into channels,
 * pixel (y, x) from rows block*y .. block*y+block-1 (likewise columns); 'depthtospace' the inverse, pixel
 * (y, x) from (floor(y/block), floor(x/block)).
 */
export const LAYOUT_KINDS = ['shuffle', 'spacetodepth', 'depthtospace'] as const
/** Layers that run on the tile's digital unit (GPEU). */
export const DIGITAL_KINDS = ['maxpool', 'avgpool', 'globalpool', 'upsample', 'add', 'mul', 'concat', 'slice', 'pad', 'flatten', ...LAYOUT_KINDS] as const
export const LAYER_KINDS = [...MVM_KINDS, ...DIGITAL_KINDS] as const

export type MvmKind = (typeof MVM_KINDS)[number]
export type LayoutKind = (typeof LAYOUT_KINDS)[number]
export type DigitalKind = (typeof DIGITAL_KINDS)[number]
export type LayerKind = (typeof LAYER_KINDS)[number]

/** A tensor shape (channels, height, width); a dense layer's output is (N, 1, 1). */
export const shapeSchema = z.strictObject({ c: int.min(1), h: int.min(1), w: int.min(1) })
export type Shape = z.infer<typeof shapeSchema>

/** Sliding-window geometry shared by conv, convtranspose and pooling layers. */
export const windowSchema = z.object({
  kh: int.min(1),
  kw: int.min(1),
  strideH: int.min(1),
  strideW: int.min(1),
  /** Padding in pixels: top, left, bottom, right. */
  pads: z.tuple([count, count, count, count]),
  dilationH: int.min(1),
  dilationW: int.min(1),
})
export type Window = z.infer<typeof windowSchema>

export const layerSchema = z.object({
  name: z.string(),
  kind: z.enum(LAYER_KINDS),
  /** Producer layer indices (NETWORK_INPUT for the network input), in operand order. */
  inputs: z.array(int.min(NETWORK_INPUT)),
  out: shapeSchema,
  /** conv, convtranspose, maxpool, avgpool. */
  window: windowSchema.optional(),
  /** conv and convtranspose: channel groups (depthwise when groups == Cin). */
  groups: int.min(1).optional(),
  /** MVM layers: whether the layer has a bias vector (counts in parameters only). */
  bias: z.boolean().optional(),
  /** upsample: integer nearest-neighbour scale factors. */
  scaleH: int.min(1).optional(),
  scaleW: int.min(1).optional(),
  /** slice: first channel taken from the input (the output takes out.c channels). */
  channelStart: count.optional(),
  /** spacetodepth, depthtospace: the block edge in pixels (>= 2). */
  block: int.min(2).optional(),
  /** Activation fused into this layer (Relu, LeakyRelu...): informational. */
  activation: z.string().optional(),
})
export type Layer = z.infer<typeof layerSchema>

/** Where an imported network came from. */
export const networkSourceSchema = z.object({
  kind: z.enum(['zoo', 'onnx', 'darknet']),
  file: z.string().optional(),
  sha256: z.string().optional(),
  opset: int.optional(),
  producer: z.string().optional(),
})
export type NetworkSource = z.infer<typeof networkSourceSchema>

/**
 * A network: layers in topological order, each taking inputs from earlier layers (or the input).
 * Unknown fields are dropped, so a document from a newer version with an added field still reads.
 */
export const networkSchema = z
  .object({
    name: z.string().min(1),
    input: shapeSchema,
    /** Layers in topological order. */
    layers: z.array(layerSchema).min(1),
    source: networkSourceSchema,
    /** What an importer folded or dropped, for the user to see. */
    notes: z.array(z.string()),
  })
  .superRefine((net, ctx) => {
    net.layers.forEach((l, i) => {
      if (l.inputs.some((p) => p >= i))
        ctx.addIssue({ code: 'custom', path: ['layers', i, 'inputs'], message: `layer ${i} (${l.name}) must take inputs from earlier layers` })
    })
  })
export type Network = z.infer<typeof networkSchema>
