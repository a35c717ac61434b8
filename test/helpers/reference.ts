/**
 * A brute-force reference scheduler for tests: simple, slow and independent of src/main/core/schedule.
 *
 * Dependencies are enumerated set by set from the layer semantics (cim-model.md section 4), tap by tap,
 * and the schedule is a discrete-time simulation: at every integer time t, layers in topological order
 * and copies in index order start their next set if they are free and every dependency has finished
 * by t. Passes over the layers repeat at the same t until nothing more starts, so a zero-latency
 * digital chain resolves within one time step.
 */
import type { Layer, Network } from '../../src/main/core/model/ir'

export type RefGranularity = 'pixel' | 'row'
export type RefAssignment = 'interleaved' | 'block'
export type RefMode = 'layer-by-layer' | 'clsa' | 'unbounded'

/** One producer set a consumer set needs: layer index and set index (raster order). */
export interface RefDep {
  producer: number
  set: number
}

const MVM_KINDS = ['conv', 'convtranspose', 'dense']

export const refIsMvm = (layer: Layer): boolean => MVM_KINDS.includes(layer.kind)

/** Set grid of a layer: one set per output pixel, or one per output row. */
export function refGrid(layer: Layer, g: RefGranularity): { rows: number; cols: number } {
  return { rows: layer.out.h, cols: g === 'pixel' ? layer.out.w : 1 }
}

/** Producer pixels [row, col] that output pixel (y, x) of `layer` reads from its operand `j`. */
export function producerPixels(net: Network, layer: Layer, j: number, y: number, x: number): Array<[number, number]> {
  const p = layer.inputs[j]
  const src = p < 0 ? net.input : net.layers[p].out
  const inside = (r: number, c: number) => r >= 0 && r < src.h && c >= 0 && c < src.w
  const out: Array<[number, number]> = []
  const w = layer.window
  switch (layer.kind) {
    case 'conv':
    case 'maxpool':
    case 'avgpool':
      for (let ky = 0; ky < w!.kh; ky++) {
        for (let kx = 0; kx < w!.kw; kx++) {
          const r = y * w!.strideH - w!.pads[0] + ky * w!.dilationH
          const c = x * w!.strideW - w!.pads[1] + kx * w!.dilationW
          if (inside(r, c)) out.push([r, c])
        }
      }
      return out
    case 'convtranspose':
      // Input pixel (r, c) with tap (ky, kx) writes output (r*s - pad + ky*dil, ...): invert that.
      for (let ky = 0; ky < w!.kh; ky++) {
        for (let kx = 0; kx < w!.kw; kx++) {
          const ny = y + w!.pads[0] - ky * w!.dilationH
          const nx = x + w!.pads[1] - kx * w!.dilationW
          if (ny % w!.strideH !== 0 || nx % w!.strideW !== 0) continue
          if (inside(ny / w!.strideH, nx / w!.strideW)) out.push([ny / w!.strideH, nx / w!.strideW])
        }
      }
      return out
    case 'upsample':
      return [[Math.floor(y / layer.scaleH!), Math.floor(x / layer.scaleW!)]]
    case 'spacetodepth': // the block x block window of pixels stacked into the output pixel's channels
      for (let dy = 0; dy < layer.block!; dy++) for (let dx = 0; dx < layer.block!; dx++) out.push([y * layer.block! + dy, x * layer.block! + dx])
      return out
    case 'depthtospace':
      return [[Math.floor(y / layer.block!), Math.floor(x / layer.block!)]]
    case 'pad': {
      const r = y - w!.pads[0]
      const c = x - w!.pads[1]
      return inside(r, c) ? [[r, c]] : []
    }
    case 'dense':
    case 'globalpool':
    case 'flatten':
      for (let r = 0; r < src.h; r++) for (let c = 0; c < src.w; c++) out.push([r, c])
      return out
    default: // add, mul, concat, slice, shuffle: the same position (a 1-pixel operand is broadcast)
      return [[src.h === 1 ? 0 : y, src.w === 1 ? 0 : x]]
  }
}

/** Every producer set that set `i` of layer `l` depends on, without duplicates. */
export function refDeps(net: Network, l: number, i: number, g: RefGranularity): RefDep[] {
  const layer = net.layers[l]
  const { cols } = refGrid(layer, g)
  const y = Math.floor(i / cols)
  const xs = g === 'pixel' ? [i % cols] : Array.from({ length: layer.out.w }, (_, x) => x)
  const deps: RefDep[] = []
  layer.inputs.forEach((p, j) => {
    if (p < 0) return // the network input is there at time 0
    const pcols = refGrid(net.layers[p], g).cols
    const seen = new Set<number>()
    for (const x of xs) {
      for (const [r, c] of producerPixels(net, layer, j, y, x)) seen.add(g === 'pixel' ? r * pcols + c : r)
    }
    for (const s of [...seen].sort((a, b) => a - b)) deps.push({ producer: p, set: s })
  })
  return deps
}

export interface RefInput {
  net: Network
  granularity: RefGranularity
  /** Copies per layer index (ignored for digital layers). */
  copies: ArrayLike<number>
  assignment: RefAssignment
  inferences: number
  mode: RefMode
  /** Digital latency per set, integer steps. */
  digitalSteps: number
  /** Reload segments (first layer, integer write steps); default one segment without writes. */
  segments?: Array<{ firstLayer: number; writeSteps: number }>
  /** An on-chip mesh with free links: an input arrives hops x hopSteps after it is done. */
  network?: RefNetwork
}

/**
 * The mesh of cim-model.md section 10 without link contention: tile t at (t mod cols, floor(t / cols)),
 * hops = Manhattan distance. An MVM set sits on its copy's tile; a digital set on the tile of the last set
 * it reads of its first producer whose that set has a tile (none: off the network, inputs free).
 */
export interface RefNetwork {
  cols: number
  /** Tile of each copy of each MVM layer. */
  copyTile: number[][]
  /** Router latency per hop, integer steps. */
  hopSteps: number
  /** Bytes of one set's output of each layer. */
  setBytes: number[]
}

export interface RefResult {
  /** Per layer, the start of set i of inference k at [k * sets + i]. */
  starts: number[][]
  finishes: number[][]
  makespan: number
  /** With a network: bytes sent (each output once to each other tile that needs it) and bytes x hops. */
  nocBytes?: number
  nocByteHops?: number
}

/** Set indices of copy c of a layer with S sets and d copies, in the order the copy runs them. */
export function refCopySets(S: number, d: number, c: number, assignment: RefAssignment): number[] {
  const out: number[] = []
  if (assignment === 'interleaved') {
    for (let i = c; i < S; i += d) out.push(i)
  } else {
    const b = Math.ceil(S / d)
    for (let i = c * b; i < Math.min(S, (c + 1) * b); i++) out.push(i)
  }
  return out
}

/** The brute-force discrete-time schedule. */
export function referenceSchedule(input: RefInput): RefResult {
  const { net, granularity: g, assignment, inferences: n, mode, digitalSteps } = input
  const L = net.layers.length
  const segs = input.segments ?? [{ firstLayer: 0, writeSteps: 0 }]
  const segOf = net.layers.map((_, l) => segs.filter((s) => s.firstLayer <= l).length - 1)
  const S = net.layers.map((layer) => refGrid(layer, g).rows * refGrid(layer, g).cols)
  const mvm = net.layers.map(refIsMvm)
  const dur = net.layers.map((layer, l) => (mvm[l] ? (g === 'row' ? layer.out.w : 1) : digitalSteps))
  const deps = net.layers.map((_, l) => Array.from({ length: S[l] }, (_, i) => refDeps(net, l, i, g)))
  const tiles = input.network ? refSetTiles(input, S, deps, mvm) : null
  const cols = input.network?.cols ?? 1
  const hops = (a: number, b: number) => (a < 0 || b < 0 ? 0 : Math.abs((a % cols) - (b % cols)) + Math.abs(Math.floor(a / cols) - Math.floor(b / cols)))
  const starts = S.map((s) => new Array<number>(s * n).fill(-1))
  const finishes = S.map((s) => new Array<number>(s * n).fill(-1))

  // Work lists. A copy runs its queue in order (all of inference 0, then inference 1...); sets without
  // a copy constraint (digital layers, or every MVM set when unbounded) each wait on their own.
  type Item = { k: number; i: number }
  const queues: Item[][][] = net.layers.map((_, l) => {
    if (!mvm[l] || mode === 'unbounded') return []
    const d = input.copies[l]
    return Array.from({ length: d }, (_, c) => {
      const mine = refCopySets(S[l], d, c, assignment)
      const q: Item[] = []
      for (let k = 0; k < n; k++) for (const i of mine) q.push({ k, i })
      return q
    })
  })
  const heads = queues.map((qs) => qs.map(() => 0))
  const busyUntil = queues.map((qs) => qs.map(() => 0))
  const pending: Item[][] = net.layers.map((_, l) => {
    const items: Item[] = []
    if (!mvm[l] || mode === 'unbounded') for (let k = 0; k < n; k++) for (let i = 0; i < S[l]; i++) items.push({ k, i })
    return items
  })

  // Units for the layer-by-layer order and segment barriers: (segment, inference, layer) lexicographic.
  const units: Array<{ l: number; k: number }> = []
  segs.forEach((_, s) => {
    for (let k = 0; k < n; k++) for (let l = 0; l < L; l++) if (segOf[l] === s) units.push({ l, k })
  })
  const unitIndex = new Map(units.map((u, x) => [`${u.l}/${u.k}`, x]))
  const unitStarted = units.map(() => 0)
  const unitMaxFinish = units.map(() => 0)

  /** Whether every set of units [0, end) has finished by t. */
  const allDone = (end: number, t: number) => {
    for (let u = 0; u < end; u++) {
      if (unitStarted[u] < S[units[u].l] || unitMaxFinish[u] > t) return false
    }
    return true
  }
  const firstUnitOfSeg = segs.map((_, s) => units.findIndex((u) => segOf[u.l] === s))
  /** Start of segment s: everything before it finished, plus its write time; null while unknown. */
  const segStart = (s: number, t: number): number | null => {
    const before = firstUnitOfSeg[s]
    for (let u = 0; u < before; u++) if (unitStarted[u] < S[units[u].l]) return null
    let end = 0
    for (let u = 0; u < before; u++) end = Math.max(end, unitMaxFinish[u])
    const start = end + segs[s].writeSteps
    return start <= t ? start : null
  }

  const canStart = (l: number, k: number, i: number, t: number) => {
    if (segStart(segOf[l], t) === null) return false
    if (mode === 'layer-by-layer' && !allDone(unitIndex.get(`${l}/${k}`)!, t)) return false
    for (const dep of deps[l][i]) {
      const f = finishes[dep.producer][k * S[dep.producer] + dep.set]
      const travel = tiles ? hops(tiles[dep.producer][dep.set], tiles[l][i]) * input.network!.hopSteps : 0
      if (f < 0 || f + travel > t) return false
    }
    return true
  }
  const start = (l: number, k: number, i: number, t: number) => {
    starts[l][k * S[l] + i] = t
    finishes[l][k * S[l] + i] = t + dur[l]
    const u = unitIndex.get(`${l}/${k}`)!
    unitStarted[u]++
    unitMaxFinish[u] = Math.max(unitMaxFinish[u], t + dur[l])
  }

  const total = S.reduce((a, s) => a + s * n, 0)
  const limit = segs.reduce((a, s) => a + s.writeSteps, 0) + net.layers.reduce((a, _, l) => a + S[l] * n * Math.max(dur[l], 1), 0) + 1
  let started = 0
  for (let t = 0; started < total; t++) {
    if (t > limit) throw new Error(`reference scheduler stuck at t=${t} with ${total - started} sets left`)
    for (let changed = true; changed;) {
      changed = false
      for (let l = 0; l < L; l++) {
        queues[l].forEach((q, c) => {
          if (busyUntil[l][c] > t || heads[l][c] >= q.length) return
          const { k, i } = q[heads[l][c]]
          if (!canStart(l, k, i, t)) return
          start(l, k, i, t)
          busyUntil[l][c] = t + dur[l]
          heads[l][c]++
          started++
          changed = true
        })
        if (pending[l].length) {
          const left = pending[l].filter(({ k, i }) => {
            if (!canStart(l, k, i, t)) return true
            start(l, k, i, t)
            started++
            changed = true
            return false
          })
          pending[l] = left
        }
      }
    }
  }
  const makespan = finishes.reduce((m, f) => f.reduce((a, b) => Math.max(a, b), m), 0)
  if (!tiles) return { starts, finishes, makespan }
  // Traffic: every distinct (producer set, consumer tile) pair across tiles, in every inference.
  const sent = new Set<string>()
  let nocBytes = 0
  let nocByteHops = 0
  net.layers.forEach((_, l) => {
    for (let i = 0; i < S[l]; i++) {
      for (const dep of deps[l][i]) {
        const h = hops(tiles[dep.producer][dep.set], tiles[l][i])
        const key = `${dep.producer}/${dep.set}/${tiles[l][i]}`
        if (h === 0 || sent.has(key)) continue
        sent.add(key)
        nocBytes += n * input.network!.setBytes[dep.producer]
        nocByteHops += n * input.network!.setBytes[dep.producer] * h
      }
    }
  })
  return { starts, finishes, makespan, nocBytes, nocByteHops }
}

/** The tile of every set of every layer (-1: off the network), layer by layer in topological order. */
function refSetTiles(input: RefInput, S: number[], deps: RefDep[][][], mvm: boolean[]): number[][] {
  const { net, assignment } = input
  const network = input.network!
  const tiles: number[][] = []
  net.layers.forEach((layer, l) => {
    const own = new Array<number>(S[l]).fill(-1)
    if (mvm[l]) {
      const d = input.mode === 'unbounded' ? 1 : input.copies[l]
      for (let c = 0; c < d; c++) for (const i of refCopySets(S[l], d, c, assignment)) own[i] = network.copyTile[l][c]
    } else {
      for (let i = 0; i < S[l]; i++) {
        for (const p of layer.inputs) {
          const last = deps[l][i].filter((dep) => dep.producer === p).at(-1)
          if (last && tiles[p][last.set] >= 0) {
            own[i] = tiles[p][last.set]
            break
          }
        }
      }
    }
    tiles.push(own)
  })
  return tiles
}
