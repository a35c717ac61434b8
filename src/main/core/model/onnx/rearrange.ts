/**
 * Element rearrangements (issue 12). A tensor made from one feature map by Reshape, Transpose, Slice,
 * Gather, Split, Concat, SpaceToDepth or DepthToSpace holds the map's elements, moved: an index array
 * says which map element each of its elements is (row-major on both sides). `locality` reads from that
 * index what a consumer pixel needs of the map: its own pixel (channel-local), its k x k block
 * (space-to-depth), the pixel it was spread from (depth-to-space), or anything else (a barrier).
 */
import type { Shape } from '../ir'
import { normAxis, strides } from './shapes'

/** A function computed on its first call only. */
export function once<T>(f: () => T): () => T {
  let value: T | undefined
  let done = false
  return () => {
    if (!done) {
      value = f()
      done = true
    }
    return value as T
  }
}

/** 0, 1, ..., n-1: the map itself. */
export function identityIndex(n: number): Int32Array {
  const out = new Int32Array(n)
  for (let i = 0; i < n; i++) out[i] = i
  return out
}

/** The elements at every combination of per-axis offsets (row-major over the axes). */
function pick(index: Int32Array, offsets: number[][]): Int32Array {
  const n = offsets.reduce((a, o) => a * o.length, 1)
  const out = new Int32Array(n)
  const last = offsets.length - 1
  let k = 0
  const walk = (axis: number, base: number) => {
    if (axis === last) {
      for (const o of offsets[axis]) out[k++] = index[base + o]
      return
    }
    for (const o of offsets[axis]) walk(axis + 1, base + o)
  }
  if (offsets.length === 0) return Int32Array.of(index[0])
  walk(0, 0)
  return out
}

/** Transpose of a tensor of `dims` by `perm` (ONNX semantics: output axis i is input axis perm[i]). */
export function transposeIndex(index: Int32Array, dims: number[], perm: number[]): Int32Array {
  const st = strides(dims)
  return pick(
    index,
    perm.map((p) => Array.from({ length: dims[p] }, (_, c) => c * st[p])),
  )
}

/** The positions `picks[a]` (repeats allowed) along every axis a of a tensor of `dims`. */
export function selectIndex(index: Int32Array, dims: number[], picks: number[][]): Int32Array {
  const st = strides(dims)
  return pick(
    index,
    picks.map((p, a) => p.map((c) => c * st[a])),
  )
}

/** Concatenation along `axis` of tensors with dims equal except on that axis. */
export function concatIndex(parts: { index: Int32Array; dims: number[] }[], axis: number): Int32Array {
  const dims = parts[0].dims
  const a = normAxis(axis, dims.length)
  const outer = dims.slice(0, a).reduce((x, y) => x * y, 1)
  const blocks = parts.map((p) => p.dims.slice(a).reduce((x, y) => x * y, 1))
  const out = new Int32Array(outer * blocks.reduce((x, y) => x + y, 0))
  let k = 0
  for (let o = 0; o < outer; o++) {
    parts.forEach((p, j) => {
      out.set(p.index.subarray(o * blocks[j], (o + 1) * blocks[j]), k)
      k += blocks[j]
    })
  }
  return out
}

/** Reshape + transpose of SpaceToDepth / DepthToSpace on [N, C, H, W] by block k (ONNX definitions). */
export function blockRearrangement(op: 'SpaceToDepth' | 'DepthToSpace', mode: string, [n, c, h, w]: number[], k: number): { dims: number[]; perm: number[] } {
  if (op === 'SpaceToDepth') return { dims: [n, c, h / k, k, w / k, k], perm: [0, 3, 5, 1, 2, 4] }
  if (mode === 'CRD') return { dims: [n, c / (k * k), k, k, h, w], perm: [0, 1, 4, 2, 5, 3] }
  return { dims: [n, k, k, c / (k * k), h, w], perm: [0, 3, 4, 1, 5, 2] }
}

/** What a rearranged tensor of shape `out` needs of its source map of shape `src`, pixel by pixel. */
export type Locality =
  | { kind: 'same' }
  | { kind: 'slice'; channelStart: number }
  | { kind: 'shuffle' }
  | { kind: 'spacetodepth'; block: number }
  | { kind: 'depthtospace'; block: number }
  | { kind: 'barrier'; reason: string }

/** The integer k >= 2 with big = k * small on both axes, else 0. */
function blockFactor(bigH: number, bigW: number, smallH: number, smallW: number): number {
  const k = bigH / smallH
  return Number.isInteger(k) && k >= 2 && bigW === k * smallW ? k : 0
}

/**
 * Classifies a rearrangement (index: element i of `out` is element index[i] of `src`, both (C, H, W)
 * row-major): channel-local when every output pixel reads only its own pixel (a slice when it takes a
 * contiguous block of channels, the map itself when all of them in order), space-to-depth by k when
 * it reads only its k x k block, depth-to-space by k when it reads only (floor(y/k), floor(x/k)).
 */
export function locality(index: () => Int32Array, src: Shape, out: Shape): Locality {
  const spatial = `${src.h}x${src.w}`
  if (out.h * out.w === 1 && src.h * src.w > 1) return { kind: 'barrier', reason: `flattens the ${spatial} map into a vector` }
  const same = out.h === src.h && out.w === src.w
  const down = same ? 1 : blockFactor(src.h, src.w, out.h, out.w) || 1
  const up = same ? 1 : blockFactor(out.h, out.w, src.h, src.w) || 1
  if (!same && down === 1 && up === 1) return { kind: 'barrier', reason: `changes the map from ${spatial} to ${out.h}x${out.w} pixels` }
  const idx = index()
  const plane = src.h * src.w
  // channel-local only: the source channel of each output channel, if the same at every pixel
  const channels = new Int32Array(out.c).fill(-1)
  let fixed = true
  let i = 0
  for (let c = 0; c < out.c; c++) {
    for (let y = 0; y < out.h; y++) {
      for (let x = 0; x < out.w; x++, i++) {
        const s = idx[i]
        const sc = (s / plane) | 0
        const sy = ((s - sc * plane) / src.w) | 0
        const sx = s - sc * plane - sy * src.w
        // the source pixel divided by `down` is the output pixel divided by `up` (1 = no block that way)
        if (((sy / down) | 0) !== ((y / up) | 0) || ((sx / down) | 0) !== ((x / up) | 0))
          return { kind: 'barrier', reason: `moves elements between pixels: output pixel (${y}, ${x}) reads pixel (${sy}, ${sx})` }
        if (channels[c] === -1) channels[c] = sc
        else if (channels[c] !== sc) fixed = false
      }
    }
  }
  if (down > 1) return { kind: 'spacetodepth', block: down }
  if (up > 1) return { kind: 'depthtospace', block: up }
  const contiguous = fixed && channels.every((c, i) => c === channels[0] + i)
  if (contiguous && channels[0] === 0 && out.c === src.c) return { kind: 'same' }
  return contiguous ? { kind: 'slice', channelStart: channels[0] } : { kind: 'shuffle' }
}
