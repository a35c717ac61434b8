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

/** The routers a directed link joins: [from, to]. */
export function linkEnds({ cols }: Mesh, link: number): [number, number] {
  const from = link >> 2
  return [from, from + [1, -1, cols, -cols][link & 3]]
}

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
  /** Per producer layer and destination tile: arrival of each set's output (inference x sets + set), -1 before it is sent. */
  private readonly arrivals: Map<number, Float64Array>[]
  /** XY routes by source x tiles + destination. */
  private readonly routes = new Map<number, number[]>()
  /**
   * Per link, its reservations by time window of `window` steps: window w lists the starts and ends, sorted
   * (reservations on a link never overlap), of every reservation overlapping [w x window, (w + 1) x window),
   * so a search reads only nearby ones.
   */
  private readonly reserved: Map<number, { starts: number[]; ends: number[] }>[]
  private readonly window: number
  readonly traffic: NocTraffic

  readonly mesh: Mesh

  constructor(
    private readonly p: NocParams,
    sets: LayerSets[],
    /** Inferences of the schedule. */
    private readonly inferences = 1,
  ) {
    this.mesh = p.mesh
    const links = p.mesh.cols * p.mesh.rows * 4
    this.setTile = sets.map((s) => new Int32Array(s.sets).fill(-1))
    this.arrivals = sets.map(() => new Map())
    this.reserved = Array.from({ length: links }, () => new Map())
    // at least the longest transfer: a reservation spans one or two windows
    this.window = Math.max(1, ...Array.from(p.setBytes, (b) => b / p.linkBytesPerStep))
    this.traffic = { bytes: 0, byteHops: 0, linkBusySteps: new Float64Array(links) }
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
      const from = this.setTile[q]
      const at = to >= 0 ? this.arrivalsAt(q, to) : undefined
      const kbase = k * sets[q].sets
      for (let r = r0; r <= r1; r += rs) {
        for (let c = c0; c <= c1; c += cs) {
          const j = r * pc + c
          let t = pf[pbase + j]
          if (at && from[j] >= 0 && from[j] !== to) {
            if (at[kbase + j] < 0) at[kbase + j] = this.transfer(q, from[j], to, t)
            t = at[kbase + j]
          }
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
    const from = this.setTile[q][j]
    if (from < 0 || to < 0 || from === to) return finish
    const at = this.arrivalsAt(q, to)
    const n = k * this.setTile[q].length + j
    if (at[n] < 0) at[n] = this.transfer(q, from, to, finish)
    return at[n]
  }

  /** Arrivals of layer q's outputs at tile `to`, by inference x sets + set (-1: not sent yet). */
  private arrivalsAt(q: number, to: number): Float64Array {
    let at = this.arrivals[q].get(to)
    if (!at) this.arrivals[q].set(to, (at = new Float64Array(this.setTile[q].length * this.inferences).fill(-1)))
    return at
  }

  /** Reserves the transfer of one output of layer q from tile `from` to tile `to`, ready at `finish`; returns its arrival, steps. */
  private transfer(q: number, from: number, to: number, finish: number): number {
    const pair = from * this.p.mesh.cols * this.p.mesh.rows + to
    let route = this.routes.get(pair)
    if (!route) this.routes.set(pair, (route = xyRoute(this.p.mesh, from, to)))
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

  /** Earliest time >= t at which a link is free for `dur` steps (a transfer of no duration never waits). */
  private earliestFree(link: number, t: number, dur: number): number {
    if (dur <= 0) return t
    const windows = this.reserved[link]
    for (let w = Math.floor(t / this.window); w <= Math.floor((t + dur) / this.window); w++) {
      const list = windows.get(w)
      if (!list) continue
      // the reservations ending after t, in order: each one starting before t + dur pushes t to its end
      for (let i = firstEndAfter(list.ends, t); i < list.ends.length && list.starts[i] < t + dur; i++) t = list.ends[i]
    }
    return t
  }

  /** Reserves [t0, t1) (a free gap) on a link. */
  private reserve(link: number, t0: number, t1: number): void {
    if (t1 <= t0) return
    this.traffic.linkBusySteps[link] += t1 - t0
    const windows = this.reserved[link]
    for (let w = Math.floor(t0 / this.window); w <= Math.ceil(t1 / this.window) - 1; w++) {
      let list = windows.get(w)
      if (!list) windows.set(w, (list = { starts: [], ends: [] }))
      const i = firstEndAfter(list.ends, t0)
      if (i === list.ends.length) {
        list.starts.push(t0)
        list.ends.push(t1)
      } else {
        list.starts.splice(i, 0, t0)
        list.ends.splice(i, 0, t1)
      }
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
