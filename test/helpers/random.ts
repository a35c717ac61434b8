/** Seeded pseudo-random numbers for reproducible randomized tests. */
import { NetworkBuilder } from '../../src/main/core/model/builder'
import type { Network } from '../../src/main/core/model/ir'

/** mulberry32: a tiny 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Integer in [lo, hi]. */
export const randInt = (rnd: () => number, lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1))
export const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]

/**
 * A random small network: convs (strides 1-2, pads, optional dilation), depthwise convs, pools,
 * upsample, residual add and concat with an earlier same-size map, channel slice; optionally ending
 * in globalpool or flatten + dense. Every layer keeps its map at least 2x2 before the head.
 */
export function randomNetwork(rnd: () => number, opts: { layers: number; dilation: boolean }): Network {
  const b = new NetworkBuilder('random', { c: randInt(rnd, 1, 4), h: randInt(rnd, 5, 9), w: randInt(rnd, 5, 9) })
  const size = (i: number) => b.shape(i)
  const sameSize = (i: number) => b.layers.map((_, j) => j).filter((j) => j !== i && size(j).h === size(i).h && size(j).w === size(i).w)
  b.conv(randInt(rnd, 2, 6), 3, { pad: randInt(rnd, 0, 1) })
  while (b.layers.length < opts.layers) {
    const s = size(b.last)
    const op = randInt(rnd, 0, 8)
    try {
      if (op <= 2) {
        const k = pick(rnd, [1, 2, 3, 3, 5])
        const stride = s.h >= 6 && s.w >= 6 ? randInt(rnd, 1, 2) : 1
        const dilation = opts.dilation && k > 1 && rnd() < 0.5 ? 2 : 1
        const pm = s.h > 10 || s.w > 10 ? 0 : 2 // keep maps small
        const pads: [number, number, number, number] = [randInt(rnd, 0, pm), randInt(rnd, 0, pm), randInt(rnd, 0, pm), randInt(rnd, 0, pm)]
        b.conv(randInt(rnd, 2, 6), k, { stride, pads, dilation })
      } else if (op === 3) {
        b.conv(s.c, 3, { groups: s.c, pad: 1 })
      } else if (op === 4) {
        const k = randInt(rnd, 2, 3)
        const stride = s.h >= 6 && s.w >= 6 ? randInt(rnd, 1, 2) : 1
        b.maxpool(k, { stride, pad: k === 3 ? 1 : 0 })
      } else if (op === 5 && s.h <= 6 && s.w <= 6) {
        b.upsample(2)
      } else if (op === 6) {
        const others = sameSize(b.last).filter((j) => size(j).c === s.c)
        if (others.length) b.add([b.last, pick(rnd, others)])
        else b.conv(s.c, 1, { pad: 0, from: pick(rnd, [b.last, ...sameSize(b.last)]) })
      } else if (op === 7) {
        const others = sameSize(b.last)
        if (others.length) b.concat([pick(rnd, others), b.last])
      } else if (op === 8 && s.c >= 2) {
        b.slice(b.last, randInt(rnd, 0, s.c - 2), 1)
      }
    } catch {
      // a window that does not fit this map: try another operation
    }
  }
  if (rnd() < 0.5) {
    if (rnd() < 0.5) b.globalpool()
    else b.flatten()
    b.dense(randInt(rnd, 2, 5))
  }
  return b.build()
}
