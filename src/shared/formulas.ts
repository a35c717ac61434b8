/**
 * The few formulas every side shows (cim-model.md sections 2 to 4): the core computes with them and
 * the renderer and reports print them, so each exists once.
 */
import type { Assignment } from './schemas/spec'

/** The architecture fields the formulas read. */
interface Precision {
  inputBits: number
  dacBits: number
  cycleNs: number
  weightBits: number
  cellBits: number
  differential: boolean
}

/** Input-bit cycles of one MVM: ceil(inputBits / dacBits). */
export function mvmCycles(a: Pick<Precision, 'inputBits' | 'dacBits'>): number {
  return Math.ceil(a.inputBits / a.dacBits)
}

/** The MVM latency of a PE: all input-bit cycles, ns. */
export function mvmLatencyNs(a: Pick<Precision, 'inputBits' | 'dacBits' | 'cycleNs'>): number {
  return mvmCycles(a) * a.cycleNs
}

/** Columns one weight occupies: ceil(weightBits / cellBits), doubled for differential mapping. */
export function slicesPerWeight(a: Pick<Precision, 'weightBits' | 'cellBits' | 'differential'>): number {
  return Math.ceil(a.weightBits / a.cellBits) * (a.differential ? 2 : 1)
}

/** Tiles of a chip: ceil(chip PEs / PEs per tile). */
export function chipTiles(a: { chipPes: number; pesPerTile: number }): number {
  return Math.ceil(a.chipPes / a.pesPerTile)
}

/** The tile holding PE `pe` (PEs are numbered tile by tile). */
export function tileOf(pe: number, pesPerTile: number): number {
  return Math.floor(pe / pesPerTile)
}

/** The copy that runs set i of a layer with `sets` sets and `copies` copies (cim-model.md section 4). */
export function copyOf(i: number, sets: number, copies: number, assignment: Assignment): number {
  return assignment === 'interleaved' ? i % copies : Math.floor(i / Math.ceil(sets / copies))
}

/** Throughput of n inferences streamed back to back in latencyNs: n / latency, inferences/s. */
export function throughputPerS(inferences: number, latencyNs: number): number {
  return inferences / (latencyNs * 1e-9)
}

/** Seconds in a year of a lifespan: 365.25 days (cim-model.md section 8). */
export const SECONDS_PER_YEAR = 365.25 * 24 * 3600

/** Times every PE of a chip of `chipPes` is programmed per batch: once for each segment whose PEs [firstPe, firstPe + pes) cover it. */
export function programmingsPerPe(segments: { firstPe: number; pes: number }[], chipPes: number): number[] {
  const count = new Array<number>(chipPes).fill(0)
  for (const s of segments) for (let pe = s.firstPe; pe < s.firstPe + s.pes; pe++) count[pe]++
  return count
}
