/**
 * The on-chip network (cim-model.md section 10): tiles on a 2D mesh in chip-map order, XY routing,
 * links as shared resources that transfers reserve. The approximation is stated in docs/model-choices.md.
 */
import type { LayerSets } from './sets'

/** A near-square mesh of routers: tile t sits at column t mod cols, row floor(t / cols). */
export interface Mesh {
  cols: number
  rows: number
}

/** The mesh of a chip of `tiles` tiles: cols = ceil(sqrt(tiles)), rows = ceil(tiles / cols). */
export function meshOf(tiles: number): Mesh {
  const cols = Math.max(1, Math.ceil(Math.sqrt(tiles)))
  return { cols, rows: Math.max(1, Math.ceil(tiles / cols)) }
}

/** Directed links leave each router east, west, south, north: link id = router x 4 + direction. */
const EAST = 0
const WEST = 1
const SOUTH = 2
const NORTH = 3

/** Directed links between neighbouring routers of a mesh (every router of the grid exists). */
export function meshLinks({ cols, rows }: Mesh): number {
  return 2 * (rows * (cols - 1) + cols * (rows - 1))
}

/** The links an XY-routed transfer crosses from tile `from` to tile `to`: along the row first, then the column. */
export function xyRoute({ cols }: Mesh, from: number, to: number): number[] {
  const links: number[] = []
  let x = from % cols
  let y = Math.floor(from / cols)
  const tx = to % cols
  const ty = Math.floor(to / cols)
  while (x !== tx) {
    const dir = tx > x ? EAST : WEST
    links.push((y * cols + x) * 4 + dir)
    x += dir === EAST ? 1 : -1
  }
  while (y !== ty) {
    const dir = ty > y ? SOUTH : NORTH
    links.push((y * cols + x) * 4 + dir)
    y += dir === SOUTH ? 1 : -1
  }
  return links
}

/** The network's parameters in schedule units. */
export interface NocParams {
  mesh: Mesh
  /** Tile of each copy of each layer (empty for digital layers). */
  copyTile: Int32Array[]
  /** Bytes of one set's output of each layer: pixels per set x channels x activation bits / 8. */
  setBytes: ArrayLike<number>
  /** Bytes one link moves per MVM step. */
  linkBytesPerStep: number
  /** Router latency per hop, MVM steps. */
  hopSteps: number
}

/** Traffic of a run on the network. */
export interface NocTraffic {
  /** Bytes sent between tiles (each transfer once, whatever its hops). */
  bytes: number
  /** Bytes x hops: what the links carry in total (network energy is proportional to it). */
  byteHops: number
  /** Per directed link (id router x 4 + direction): steps it is reserved. */
  linkBusySteps: Float64Array
}

/**
 * The network during one schedule: where each set's output lives, when it has arrived at a tile, and
 * each link's reserved intervals. A producer set's output is sent once to each tile that needs it
 * (later consumers there reuse it); a transfer reserves every link of its XY route for its
 * serialization time at the earliest time at or after its output is ready when all of them are free
 * (gaps are filled: reservations need not come in time order), and arrives after that plus one router
 * latency per hop. Requests come in the schedule's fixed visiting order, so the result is deterministic.
 */
export class OnChipNetwork {
  /** Tile holding each set's output, per layer (-1: off the network, the network input's side). */
  readonly setTile: Int32Array[]
  /** Arrival of a producer set's output at a tile, by (inference x sets + set) x tiles + tile. */
  private readonly arrivals: Map<number, number>[]
  /** The last request of each producer set (its key and arrival): consumers on one tile ask in runs. */
  private readonly lastKey: Float64Array[]
  private readonly lastAt: Float64Array[]
  private readonly starts: number[][]
  private readonly ends: number[][]
  private readonly tiles: number
  readonly traffic: NocTraffic

  readonly mesh: Mesh

  constructor(
    private readonly p: NocParams,
    sets: LayerSets[],
  ) {
    this.mesh = p.mesh
    this.tiles = p.mesh.cols * p.mesh.rows
    this.setTile = sets.map((s) => new Int32Array(s.sets).fill(-1))
    this.arrivals = sets.map(() => new Map())
    this.lastKey = sets.map((s) => new Float64Array(s.sets).fill(-1))
    this.lastAt = sets.map((s) => new Float64Array(s.sets))
    this.starts = Array.from({ length: this.tiles * 4 }, () => [])
    this.ends = Array.from({ length: this.tiles * 4 }, () => [])
    this.traffic = { bytes: 0, byteHops: 0, linkBusySteps: new Float64Array(this.tiles * 4) }
  }

  /**
   * When every input of set i (row y, column x of the grid) of layer l in inference k has arrived at the
   * set's tile, at least `ready`, steps. The set runs on its copy's tile (an MVM layer; copy -1: copy 0's)
   * or, a digital layer, where the data is: on the tile of the last set it reads of its first producer
   * whose that set is on the network (digital units sit by the data); off the network (-1, like the
   * network input) when it reads none, and then its inputs are there when they are done.
   * `finish` holds each layer's set finish times at `slot` x sets + set.
   */
  inputsReady(
    sets: LayerSets[],
    finish: Float64Array[],
    l: number,
    i: number,
    y: number,
    x: number,
    k: number,
    slot: number,
    copy: number,
    ready: number,
  ): number {
    const ls = sets[l]
    let to = ls.mvm ? this.p.copyTile[l][Math.max(0, copy)] : -1
    let placed = ls.mvm
    for (const dep of ls.deps) {
      const q = dep.producer
      const pc = sets[q].cols
      const pf = finish[q]
      const pbase = slot * sets[q].sets
      const whole = dep.whole
      const r0 = whole ? 0 : dep.rowLo[y]
      const r1 = whole ? sets[q].rows - 1 : dep.rowHi[y]
      const c0 = whole ? 0 : dep.colLo[x]
      const c1 = whole ? pc - 1 : dep.colHi[x]
      const rs = whole ? 1 : dep.rowStep
      const cs = whole ? 1 : dep.colStep
      if (r0 > r1 || c0 > c1) continue
      if (!placed) {
        to = this.setTile[q][r1 * pc + c1]
        placed = to >= 0
      }
      for (let r = r0; r <= r1; r += rs) {
        for (let c = c0; c <= c1; c += cs) {
          const j = r * pc + c
          const t = this.arrival(q, k, j, pf[pbase + j], to)
          if (t > ready) ready = t
        }
      }
    }
    this.setTile[l][i] = to
    return ready
  }

  /**
   * When the output of set j of layer q in inference k, finished at `finish`, is at tile `to`, steps;
   * reserves the transfer on first request.
   */
  arrival(q: number, k: number, j: number, finish: number, to: number): number {
    const tiles = this.setTile[q]
    const from = tiles[j]
    if (from < 0 || to < 0 || from === to) return finish
    const key = (k * tiles.length + j) * this.tiles + to
    if (this.lastKey[q][j] === key) return this.lastAt[q][j]
    const cache = this.arrivals[q]
    const at = cache.get(key) ?? this.transfer(q, from, to, finish)
    cache.set(key, at)
    this.lastKey[q][j] = key
    this.lastAt[q][j] = at
    return at
  }

  /** Reserves the transfer of one output of layer q from tile `from` to tile `to`, ready at `finish`; returns its arrival, steps. */
  private transfer(q: number, from: number, to: number, finish: number): number {
    const route = xyRoute(this.p.mesh, from, to)
    const bytes = this.p.setBytes[q]
    const dur = bytes / this.p.linkBytesPerStep
    let t = finish
    for (let moved = true; moved;) {
      moved = false
      for (const link of route) {
        const free = this.earliestFree(link, t, dur)
        if (free > t) {
          t = free
          moved = true
        }
      }
    }
    for (const link of route) this.reserve(link, t, t + dur)
    this.traffic.bytes += bytes
    this.traffic.byteHops += bytes * route.length
    return t + dur + route.length * this.p.hopSteps
  }

  /** Earliest time >= t at which a link is free for `dur` steps. */
  private earliestFree(link: number, t: number, dur: number): number {
    const s = this.starts[link]
    const e = this.ends[link]
    let i = firstEndAfter(e, t)
    while (i < s.length && s[i] < t + dur) t = Math.max(t, e[i++])
    return t
  }

  /** Reserves [t0, t1) (a free gap) on a link, merging with the intervals it touches. */
  private reserve(link: number, t0: number, t1: number): void {
    if (t1 <= t0) return
    this.traffic.linkBusySteps[link] += t1 - t0
    const s = this.starts[link]
    const e = this.ends[link]
    const i = firstEndAfter(e, t0) // intervals before i end at or before t0, the one at i starts at or after t1
    const joinsPrev = i > 0 && e[i - 1] >= t0
    const joinsNext = i < s.length && s[i] <= t1
    if (joinsPrev && joinsNext) {
      e[i - 1] = e[i]
      s.splice(i, 1)
      e.splice(i, 1)
    } else if (joinsPrev) e[i - 1] = t1
    else if (joinsNext) s[i] = t0
    else {
      s.splice(i, 0, t0)
      e.splice(i, 0, t1)
    }
  }
}

/** Index of the first interval whose end is after t (intervals sorted and disjoint). */
function firstEndAfter(ends: number[], t: number): number {
  let lo = 0
  let hi = ends.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (ends[mid] > t) hi = mid
    else lo = mid + 1
  }
  return lo
}
