/**
 * The architecture document (cim-model.md section 2): a tiled RRAM CIM chip. ARCH_FIELDS is the one
 * place of every numeric field's range, unit, default, form label and hint; the schema, the error
 * messages and the renderer's form derive from it. Every field has a default (the CLSA-CIM-like chip),
 * so a partial document (only the fields a user changes) is valid.
 *
 * Standalone documents (architecture files, saved architectures) carry `schemaVersion`; a document
 * without one is format 1 (written before the field existed). Reading upgrades a document step by step
 * to ARCH_FORMAT, then validates it. Adding a field with a default needs no new format: old documents
 * get the default. The architecture inside a spec or a result is versioned by its container.
 */
import { z } from 'zod'
import { cut } from '../text'
import { slicesPerWeight } from '../formulas'

/** Where a field appears in the architecture form. */
export type ArchGroup = 'crossbar' | 'chip' | 'energy' | 'components'

interface NumberField {
  int: boolean
  min: number
  max: number
  unit: string
  default: number
  label: string
  hint: string
}

const int = (min: number, max: number, unit: string) => ({ int: true, min, max, unit })
const real = (min: number, max: number, unit: string) => ({ int: false, min, max, unit })

/** Every numeric field of an architecture, in form order within its group. */
export const ARCH_FIELDS = {
  crossbarRows: { ...int(2, 8192, 'rows'), default: 256, group: 'crossbar', label: 'Crossbar rows R', hint: 'Inputs of one crossbar array (one PE).' },
  crossbarCols: { ...int(2, 8192, 'columns'), default: 256, group: 'crossbar', label: 'Crossbar columns C', hint: 'Outputs of one crossbar array (one PE).' },
  cellBits: { ...int(1, 8, 'bits'), default: 8, group: 'crossbar', label: 'Cell bits', hint: 'Bits stored per RRAM cell.' },
  weightBits: {
    ...int(1, 32, 'bits'),
    default: 8,
    group: 'crossbar',
    label: 'Weight bits',
    hint: 'Weight precision: a weight takes ceil(weight bits / cell bits) columns.',
  },
  inputBits: { ...int(1, 32, 'bits'), default: 8, group: 'crossbar', label: 'Input bits', hint: 'Activation precision, fed bit-serially.' },
  dacBits: {
    ...int(1, 32, 'bits'),
    default: 1,
    group: 'crossbar',
    label: 'DAC bits',
    hint: 'Bits fed per cycle: an MVM takes ceil(input bits / DAC bits) cycles.',
  },
  pesPerTile: { ...int(1, 65_536, 'PEs'), default: 16, group: 'chip', label: 'PEs per tile', hint: 'Crossbars with their periphery on one tile.' },
  extraPes: {
    ...int(0, 10_000_000, 'PEs'),
    default: 64,
    group: 'chip',
    label: 'Extra PEs',
    hint: 'When the chip is sized to the network: PEs above the network minimum.',
  },
  cycleNs: {
    ...real(0.001, 1e7, 'ns'),
    default: 100,
    group: 'chip',
    label: 'Cycle time',
    hint: 'One input-bit cycle of a crossbar read (DAC, array, ADC, shift-and-add).',
  },
  gpeuLatencyNs: {
    ...real(0, 1e9, 'ns'),
    default: 0,
    group: 'chip',
    label: 'GPEU latency',
    hint: 'Digital-unit time per digital-layer set; 0 as in the paper.',
  },
  // 219 ns: 56 us for a 256-row crossbar, the CLSA-CIM paper family's figure.
  rowWriteNs: { ...real(0, 1e12, 'ns'), default: 219, group: 'chip', label: 'Row write time', hint: 'Programming one crossbar row; a PE takes rows × this.' },
  // On-chip network (used with the mesh model only): links between neighbouring tiles' routers.
  linkWidthBits: { ...int(1, 4096, 'bits'), default: 64, group: 'chip', label: 'Link width', hint: 'Bits a mesh link moves per link clock cycle.' },
  linkClockGhz: { ...real(0.001, 100, 'GHz'), default: 1, group: 'chip', label: 'Link clock', hint: 'Clock of the mesh links and routers.' },
  routerLatencyNs: { ...real(0, 1e6, 'ns'), default: 1, group: 'chip', label: 'Router latency', hint: 'Time a transfer spends per router hop.' },
  version: { ...int(1, 1_000_000, ''), default: 1, group: 'chip', label: 'Version', hint: 'Version of this named architecture, stored with results.' },
  mvmEnergyPj: {
    ...real(0, 1e9, 'pJ'),
    default: 1000,
    group: 'energy',
    label: 'MVM energy (lumped)',
    hint: 'One MVM on one PE, for what the component energies leave out (0 when they cover the PE).',
  },
  digitalOpEnergyPj: { ...real(0, 1e9, 'pJ'), default: 1, group: 'energy', label: 'Digital op energy', hint: 'One output element of a digital layer.' },
  cellWriteEnergyPj: { ...real(0, 1e9, 'pJ'), default: 10, group: 'energy', label: 'Cell write energy', hint: 'Writing one RRAM cell.' },
  linkEnergyPjPerBit: {
    ...real(0, 1e6, 'pJ/bit/hop'),
    default: 0.1,
    group: 'energy',
    label: 'Network energy',
    hint: 'Moving one bit over one mesh hop (router and link).',
  },
  endurance: { ...real(1, 1e18, 'write cycles'), default: 1e8, group: 'energy', label: 'Endurance', hint: 'Write cycles a cell survives.' },
  // Components (cim-model.md section 10). Energies default to 0 (the lumped MVM energy covers the PE);
  // areas default to ISAAC's per-unit figures (Shafiee et al., ISCA 2016, Table 6), the closest published.
  cellReadPj: { ...real(0, 1e6, 'pJ'), default: 0, group: 'components', label: 'Cell read energy', hint: 'One used cell read for one input bit-slice.' },
  dacPj: { ...real(0, 1e6, 'pJ'), default: 0, group: 'components', label: 'DAC energy', hint: 'One used row driven for one input bit-slice.' },
  adcPj: {
    ...real(0, 1e6, 'pJ'),
    default: 0,
    group: 'components',
    label: 'ADC energy',
    hint: 'One conversion (a used column for one input bit-slice), sample-and-hold included.',
  },
  shiftAddPj: { ...real(0, 1e6, 'pJ'), default: 0, group: 'components', label: 'Shift-and-add energy', hint: 'One conversion shifted and added.' },
  bufferBytePj: {
    ...real(0, 1e6, 'pJ'),
    default: 0,
    group: 'components',
    label: 'Buffer energy',
    hint: "One byte of a set's inputs or outputs through the tile's buffers and bus.",
  },
  routerMw: { ...real(0, 1e6, 'mW'), default: 0, group: 'components', label: 'Router power', hint: 'Static power of the routers and links of one tile.' },
  ioMw: { ...real(0, 1e9, 'mW'), default: 0, group: 'components', label: 'Off-chip link power', hint: 'Static power of the chip-level off-chip links.' },
  cellAreaMm2: { ...real(0, 1, 'mm²'), default: 0.0002 / 8 / 16384, group: 'components', label: 'Cell area', hint: 'One crossbar cell.' },
  dacAreaMm2: { ...real(0, 1, 'mm²'), default: 0.00017 / 1024, group: 'components', label: 'DAC area', hint: 'One DAC (one per crossbar row).' },
  colsPerAdc: {
    ...int(1, 8192, 'columns'),
    default: 128,
    group: 'components',
    label: 'Columns per ADC',
    hint: 'Columns sharing one ADC, converted one after another.',
  },
  adcAreaMm2: {
    ...real(0, 100, 'mm²'),
    default: (0.0096 + 0.00004) / 8,
    group: 'components',
    label: 'ADC area',
    hint: 'One ADC with its sample-and-hold circuits.',
  },
  shiftAddAreaMm2: {
    ...real(0, 100, 'mm²'),
    default: 0.00024 / 8,
    group: 'components',
    label: 'Shift-and-add area',
    hint: 'One shift-and-add unit (one per ADC).',
  },
  bufferAreaMm2: {
    ...real(0, 1e4, 'mm²'),
    default: 0.083 + 0.09 + 12 * (0.0021 + 0.00077) + 0.0032,
    group: 'components',
    label: 'Buffer area',
    hint: 'Input/output buffers and bus of one tile.',
  },
  digitalAreaMm2: {
    ...real(0, 1e4, 'mm²'),
    default: 0.0006 + 0.00006 + 0.00024,
    group: 'components',
    label: 'Digital unit area',
    hint: 'The digital unit of one tile.',
  },
  routerAreaMm2: { ...real(0, 1e4, 'mm²'), default: 0.151 / 4, group: 'components', label: 'Router area', hint: 'Routers and links of one tile.' },
  ioAreaMm2: { ...real(0, 1e5, 'mm²'), default: 0, group: 'components', label: 'Off-chip link area', hint: 'The chip-level off-chip links.' },
} as const satisfies Record<string, NumberField & { group: ArchGroup }>

export type ArchNumberField = keyof typeof ARCH_FIELDS

/** PEs on the chip when given (tiles = ceil(chipPes / pesPerTile)); null sizes the chip to the network. */
export const CHIP_PES = int(1, 100_000_000, 'PEs')

type Range = Pick<NumberField, 'int' | 'min' | 'max' | 'unit'>

/** "an integer in 2..8192 rows": the allowed values of a field, as error messages and hints say them. */
export function rangeText(r: Range): string {
  return `${r.int ? 'an integer' : 'a number'} in ${r.min}..${r.max}${r.unit ? ` ${r.unit}` : ''}`
}

function ranged(r: Range) {
  const message = `must be ${rangeText(r)}`
  return z.number({ error: message }).refine((v) => v >= r.min && v <= r.max && (!r.int || Number.isInteger(v)), { message })
}

const numberFields = Object.fromEntries(Object.entries(ARCH_FIELDS).map(([k, f]) => [k, ranged(f).default(f.default)])) as {
  [K in ArchNumberField]: z.ZodDefault<z.ZodNumber>
}

/** The fields of an architecture, each with its default (the resolved architecture of a result extends them). */
export const architectureShape = {
  /** Preset or user name, with a version so stored results stay interpretable. */
  name: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(200, 'must be at most 200 characters').default('custom'),
  /** Differential mapping (positive and negative arrays) doubles the columns per weight. */
  differential: z.boolean({ error: 'must be true or false' }).default(false),
  chipPes: ranged(CHIP_PES).nullable().default(null),
  ...numberFields,
}

/** Rules between fields, reported on the field to change. */
export function architectureRules(a: z.output<z.ZodObject<typeof architectureShape>>, ctx: z.RefinementCtx): void {
  if (a.dacBits > a.inputBits) ctx.addIssue({ code: 'custom', path: ['dacBits'], message: `must not exceed inputBits (${a.inputBits})` })
  const slices = slicesPerWeight(a)
  if (slices > a.crossbarCols)
    ctx.addIssue({ code: 'custom', path: ['weightBits'], message: `one weight needs ${slices} columns but a crossbar has ${a.crossbarCols}` })
}

/** An architecture in the current format (no `schemaVersion`): strict, every field defaulted, cross-field rules checked. */
export const architectureSchema = z.strictObject(architectureShape, { error: 'must be a JSON object of architecture fields' }).superRefine(architectureRules)

/** A tiled RRAM CIM chip; every field has a unit in its name or its ARCH_FIELDS entry. */
export type Architecture = z.output<typeof architectureSchema>
/** An architecture as a user may write it: any field left out takes its default. */
export type ArchitectureInput = z.input<typeof architectureSchema>

/** The current format of standalone architecture documents. */
export const ARCH_FORMAT = 2

type Doc = Record<string, unknown>

/** Upgrade steps: UPGRADES[v] turns a format-v document into format v + 1. */
const UPGRADES: Record<number, (doc: Doc) => Doc> = {
  // Format 1 rows stored from runs carried the derived mvmLatencyNs; the MVM latency is computed from the fields.
  1: ({ mvmLatencyNs: _derived, ...doc }) => doc,
}

/**
 * A standalone document upgraded to ARCH_FORMAT, without its `schemaVersion`. A format this program
 * does not know is reported on `schemaVersion`; anything not an object is left for the schema to reject.
 */
export function upgradeArchitecture(doc: unknown, ctx: z.RefinementCtx): unknown {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return doc
  const { schemaVersion = 1, ...body } = doc as Doc
  if (!Number.isInteger(schemaVersion) || (schemaVersion as number) < 1 || (schemaVersion as number) > ARCH_FORMAT) {
    const newer = typeof schemaVersion === 'number' && schemaVersion > ARCH_FORMAT
    ctx.addIssue({
      code: 'custom',
      path: ['schemaVersion'],
      message: `must be an integer in 1..${ARCH_FORMAT}${newer ? ' (written by a newer CIM Workbench)' : ''}`,
    })
    return z.NEVER
  }
  let out: Doc = body
  for (let v = schemaVersion as number; v < ARCH_FORMAT; v++) out = UPGRADES[v](out)
  return out
}

/** A standalone architecture document as read: upgraded, then validated with defaults. */
export const architectureDocumentSchema = z.preprocess(upgradeArchitecture, architectureSchema)

/** An architecture as stored standalone: the current format's fields and its `schemaVersion`. */
export function architectureDocument(a: Architecture): Doc {
  return { schemaVersion: ARCH_FORMAT, ...a }
}

/** One problem found in an architecture: the field, the value given and what is allowed. */
export interface FieldError {
  field: string
  value: unknown
  message: string
}

/** Error thrown for an invalid architecture; `message` is one line naming each bad field, its value and what is allowed. */
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

/** Field errors of zod issues against a document: each names the field, the value given and the rule. */
function fieldErrors(issues: readonly z.core.$ZodIssue[], doc: unknown): FieldError[] {
  const get = (field: string): unknown => (doc && typeof doc === 'object' ? (doc as Doc)[field] : undefined)
  return issues.map((i) => {
    if (i.code === 'unrecognized_keys') return { field: i.keys.join(', '), value: true, message: 'unknown field' }
    const field = i.path.join('.') || '(document)'
    return { field, value: i.path.length ? get(field) : doc, message: i.message }
  })
}

/** All field problems of a candidate architecture document (empty when valid). */
export function architectureErrors(doc: unknown): FieldError[] {
  const parsed = architectureDocumentSchema.safeParse(doc)
  return parsed.success ? [] : fieldErrors(parsed.error.issues, doc)
}

/** Reads an architecture document (upgraded, defaults filled, validated); throws ArchitectureError naming each bad field. */
export function validateArchitecture(doc: unknown, source = 'architecture'): Architecture {
  const parsed = architectureDocumentSchema.safeParse(doc)
  if (!parsed.success) throw new ArchitectureError(fieldErrors(parsed.error.issues, doc), source)
  return parsed.data
}
