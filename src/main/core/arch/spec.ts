import { z } from 'zod'
import { cut } from '../../../shared/text'

/**
 * A tiled RRAM CIM chip (cim-model.md section 2). Every field has a unit in its name or comment;
 * the allowed ranges live in ARCH_FIELDS and are enforced by validateArchitecture().
 */
export interface Architecture {
  /** Preset or user name, with a version so stored results stay interpretable. */
  name: string
  version: number
  /** Crossbar rows R (inputs) and columns C (outputs) of one PE. */
  crossbarRows: number
  crossbarCols: number
  /** Bits stored per RRAM cell. */
  cellBits: number
  /** Weight precision in bits: a weight takes ceil(weightBits / cellBits) columns. */
  weightBits: number
  /** Differential mapping (positive and negative arrays) doubles the columns per weight. */
  differential: boolean
  /** Activation precision, fed bit-serially ceil(inputBits / dacBits) cycles per MVM. */
  inputBits: number
  dacBits: number
  /** Time of one input-bit cycle of a crossbar read (DAC, array, ADC, shift-and-add), ns. */
  cycleNs: number
  /** PEs (crossbars with periphery) per tile. */
  pesPerTile: number
  /** PEs on the chip (tiles = ceil(chipPes / pesPerTile)); null sizes the chip to the network: minimum PEs + extraPes. */
  chipPes: number | null
  /** Extra PEs above the network minimum when chipPes is null. */
  extraPes: number
  /** Digital (GPEU) latency per digital-layer set, ns; 0 as in the paper. */
  gpeuLatencyNs: number
  /** Programming one crossbar row, ns (a whole PE takes crossbarRows times this; PEs program in parallel). */
  rowWriteNs: number
  /** Energy of one MVM on one PE, pJ. */
  mvmEnergyPj: number
  /** Energy of one digital output element, pJ. */
  digitalOpEnergyPj: number
  /** Energy of writing one cell, pJ. */
  cellWriteEnergyPj: number
  /** Write cycles a cell survives. */
  endurance: number
}

/** The MVM latency of a PE: all input-bit cycles, ns. */
export function mvmLatencyNs(a: Architecture): number {
  return Math.ceil(a.inputBits / a.dacBits) * a.cycleNs
}

/** Columns one weight occupies: ceil(weightBits / cellBits), doubled for differential mapping. */
export function slicesPerWeight(a: Architecture): number {
  return Math.ceil(a.weightBits / a.cellBits) * (a.differential ? 2 : 1)
}

type Range = { min: number; max: number; int: boolean; unit: string }
const int = (min: number, max: number, unit: string): Range => ({ min, max, int: true, unit })
const real = (min: number, max: number, unit: string): Range => ({ min, max, int: false, unit })

/** Allowed range of every numeric field, used for validation messages and UI hints. */
export const ARCH_FIELDS: Record<Exclude<keyof Architecture, 'name' | 'differential'>, Range> = {
  version: int(1, 1_000_000, ''),
  crossbarRows: int(2, 8192, 'rows'),
  crossbarCols: int(2, 8192, 'columns'),
  cellBits: int(1, 8, 'bits'),
  weightBits: int(1, 32, 'bits'),
  inputBits: int(1, 32, 'bits'),
  dacBits: int(1, 32, 'bits'),
  cycleNs: real(0.001, 1e7, 'ns'),
  pesPerTile: int(1, 65_536, 'PEs'),
  chipPes: int(1, 100_000_000, 'PEs'),
  extraPes: int(0, 10_000_000, 'PEs'),
  gpeuLatencyNs: real(0, 1e9, 'ns'),
  rowWriteNs: real(0, 1e12, 'ns'),
  mvmEnergyPj: real(0, 1e9, 'pJ'),
  digitalOpEnergyPj: real(0, 1e9, 'pJ'),
  cellWriteEnergyPj: real(0, 1e9, 'pJ'),
  endurance: real(1, 1e18, 'write cycles'),
}

function rangeText(r: Range): string {
  return `${r.int ? 'an integer' : 'a number'} in ${r.min}..${r.max}${r.unit ? ` ${r.unit}` : ''}`
}

function ranged(r: Range) {
  return z.number({ error: `must be ${rangeText(r)}` }).refine((v) => Number.isFinite(v) && v >= r.min && v <= r.max && (!r.int || Number.isInteger(v)), {
    message: `must be ${rangeText(r)}`,
  })
}

/** Runtime schema of an Architecture document (a user's JSON file or an IPC payload). */
export const architectureSchema = z.strictObject({
  name: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  version: ranged(ARCH_FIELDS.version),
  crossbarRows: ranged(ARCH_FIELDS.crossbarRows),
  crossbarCols: ranged(ARCH_FIELDS.crossbarCols),
  cellBits: ranged(ARCH_FIELDS.cellBits),
  weightBits: ranged(ARCH_FIELDS.weightBits),
  differential: z.boolean({ error: 'must be true or false' }),
  inputBits: ranged(ARCH_FIELDS.inputBits),
  dacBits: ranged(ARCH_FIELDS.dacBits),
  cycleNs: ranged(ARCH_FIELDS.cycleNs),
  pesPerTile: ranged(ARCH_FIELDS.pesPerTile),
  chipPes: ranged(ARCH_FIELDS.chipPes).nullable(),
  extraPes: ranged(ARCH_FIELDS.extraPes),
  gpeuLatencyNs: ranged(ARCH_FIELDS.gpeuLatencyNs),
  rowWriteNs: ranged(ARCH_FIELDS.rowWriteNs),
  mvmEnergyPj: ranged(ARCH_FIELDS.mvmEnergyPj),
  digitalOpEnergyPj: ranged(ARCH_FIELDS.digitalOpEnergyPj),
  cellWriteEnergyPj: ranged(ARCH_FIELDS.cellWriteEnergyPj),
  endurance: ranged(ARCH_FIELDS.endurance),
})

/** One problem found in an architecture: the field, the value given and what is allowed. */
export interface FieldError {
  field: string
  value: unknown
  message: string
}

/** Error thrown for an invalid architecture; `message` is one line naming the first bad field. */
export class ArchitectureError extends Error {
  constructor(
    readonly errors: FieldError[],
    source = 'architecture',
  ) {
    super(
      `${source}: ` +
        errors
          .map((e) => `${e.field} ${e.value === undefined ? 'is missing' : `= ${cut(JSON.stringify(e.value) ?? String(e.value))}`}: ${e.message}`)
          .join('; '),
    )
    this.name = 'ArchitectureError'
  }
}

/** All field problems of a candidate architecture (empty when valid), including cross-field rules. */
export function architectureErrors(doc: unknown): FieldError[] {
  const parsed = architectureSchema.safeParse(doc)
  const get = (field: string): unknown => (doc && typeof doc === 'object' ? (doc as Record<string, unknown>)[field] : undefined)
  if (!parsed.success) {
    return parsed.error.issues.map((i) => {
      const field = i.path.join('.') || (i.code === 'unrecognized_keys' ? (i.keys ?? []).join(', ') : '(document)')
      const message = i.code === 'unrecognized_keys' ? 'unknown field' : i.message
      return { field, value: i.code === 'unrecognized_keys' ? true : get(field), message }
    })
  }
  const a = parsed.data
  const errors: FieldError[] = []
  if (a.dacBits > a.inputBits) errors.push({ field: 'dacBits', value: a.dacBits, message: `must not exceed inputBits (${a.inputBits})` })
  if (slicesPerWeight(a) > a.crossbarCols) {
    errors.push({ field: 'weightBits', value: a.weightBits, message: `one weight needs ${slicesPerWeight(a)} columns but a crossbar has ${a.crossbarCols}` })
  }
  return errors
}

/** Validates an architecture document and returns it typed; throws ArchitectureError naming each bad field. */
export function validateArchitecture(doc: unknown, source = 'architecture'): Architecture {
  const errors = architectureErrors(doc)
  if (errors.length) throw new ArchitectureError(errors, source)
  return doc as Architecture
}
