import { existsSync } from 'node:fs'
import { PRESETS } from '../core/arch/presets'
import { DUPLICATION_STRATEGIES, type DuplicationStrategy, type StrategyInfo } from '../../shared/strategies'
import {
  ASSIGNMENTS,
  GRANULARITIES,
  MAX_INFERENCES,
  NOCS,
  PLACEMENTS,
  type Assignment,
  type Granularity,
  type Noc,
  type Placement,
} from '../../shared/schemas/spec'
import { withDefaults } from '../core/pipeline'
import { SCHEDULES, type ArchChoice, type ExperimentSpec, type NetworkChoice, type ScheduleKind } from '../../shared/experiment'
import { readArchitectureFile } from '../io/arch-file'
import type { Target } from '../../shared/target'
import { isNetworkFile, readNetworkFile } from '../io/network-file'

/** Options shared by run, compare, sweep: how to pick the network and the chip. */
export interface SpecOptions {
  model: string
  input?: string
  arch?: string
  pes?: string
  extraPes?: string
  dup?: string
  schedule?: string
  granularity?: string
  assignment?: string
  noc?: string
  placement?: string
  inferences?: string
  rate?: string
}

/** A user mistake on the command line: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** Parses a whole number option within [min, max]. */
export function intOption(flag: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value)
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} ${JSON.stringify(value)}: must be a whole number in ${min}..${max}`)
  }
  return n
}

/** An id given for `flag` (a run, an experiment): a whole number >= 1. */
export function idOption(flag: string, value: string): number {
  const id = Number(value.trim())
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(id) || id < 1)
    throw new UsageError(`${flag} ${JSON.stringify(value)}: must be a whole number >= 1 (see \`cim history\`)`)
  return id
}

/** Parses a comma-separated list of whole numbers. */
export function intListOption(flag: string, value: string, min: number): number[] {
  return value.split(',').map((v) => intOption(flag, v.trim(), min))
}

/** "none, greedy, optimal (min-max)": a registry's names for the help, with the label where it differs. */
export function choicesHelp(registry: Record<string, StrategyInfo>): string {
  return Object.entries(registry)
    .map(([name, e]) => (e.label.toLowerCase() === name ? name : `${name} (${e.label})`))
    .join(', ')
}

/** Checks a choice option against its allowed values. */
export function choiceOption<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new UsageError(`${flag} ${JSON.stringify(value)}: choose one of ${allowed.join(', ')}`)
  return value as T
}

/** "HxW" (zoo, .cfg) or "NxCxHxW" (ONNX) into numbers. */
export function parseInputShape(value: string): number[] {
  const dims = value
    .toLowerCase()
    .split('x')
    .map((d) => Number(d))
  if (dims.length < 2 || dims.length > 4 || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new UsageError(`--input ${JSON.stringify(value)}: give HxW (e.g. 416x416) or NxCxHxW (e.g. 1x3x320x320)`)
  }
  return dims
}

/** The network a --model argument names: a zoo name or an .onnx/.cfg file. */
export function networkChoice(model: string, input?: string): NetworkChoice {
  const dims = input ? parseInputShape(input) : undefined
  if (isNetworkFile(model)) return { network: readNetworkFile(model, dims) }
  if (existsSync(model)) throw new UsageError(`${model}: unsupported network file type: use .onnx or .cfg`)
  return { zoo: model, input: dims ? { h: dims[dims.length - 2], w: dims[dims.length - 1] } : undefined }
}

/** The chip an --arch argument names: a preset or a JSON file. */
export function archChoice(arch = 'clsa-cim'): ArchChoice {
  if (arch.toLowerCase().endsWith('.json')) return { architecture: readArchitectureFile(arch) }
  if (!PRESETS[arch]) throw new UsageError(`--arch ${JSON.stringify(arch)}: choose a preset (${Object.keys(PRESETS).join(', ')}) or a .json file`)
  return { preset: arch }
}

/** Builds a full experiment spec from command-line options, filling defaults. */
export function specFromOptions(o: SpecOptions, network = networkChoice(o.model, o.input)): ExperimentSpec {
  if (o.pes !== undefined && o.extraPes !== undefined) throw new UsageError('give either --pes or --extra-pes, not both')
  const chip =
    o.pes !== undefined ? { pes: intOption('--pes', o.pes, 1) } : o.extraPes !== undefined ? { extraPes: intOption('--extra-pes', o.extraPes, 0) } : undefined
  return withDefaults({
    network,
    arch: archChoice(o.arch),
    chip,
    ...(o.dup && { duplication: choiceOption<DuplicationStrategy>('--dup', o.dup, DUPLICATION_STRATEGIES) }),
    ...(o.schedule && { schedule: choiceOption<ScheduleKind>('--schedule', o.schedule, SCHEDULES) }),
    ...(o.granularity && { granularity: choiceOption<Granularity>('--granularity', o.granularity, GRANULARITIES) }),
    ...(o.assignment && { assignment: choiceOption<Assignment>('--assignment', o.assignment, ASSIGNMENTS) }),
    ...(o.noc && { noc: choiceOption<Noc>('--noc', o.noc, NOCS) }),
    ...(o.placement && { placement: choiceOption<Placement>('--placement', o.placement, PLACEMENTS) }),
    ...(o.inferences && { inferences: intOption('--inferences', o.inferences, 1, MAX_INFERENCES) }),
    ...(o.rate && { inferenceRate: intOption('--rate', o.rate, 1) }),
  })
}

/** Nanoseconds per unit of a --target-latency time. */
const TIME_UNITS: Record<string, number> = { s: 1e9, ms: 1e6, us: 1e3, ns: 1 }

/** The target of --target-fps F or --target-latency T (MVM steps, or a time with a unit: 2ms, 500us, 1200ns); undefined without either. */
export function targetOption(o: { targetFps?: string; targetLatency?: string }): Target | undefined {
  if (o.targetFps !== undefined && o.targetLatency !== undefined) throw new UsageError('give either --target-fps or --target-latency, not both')
  if (o.targetFps !== undefined) {
    const fps = Number(o.targetFps)
    if (!o.targetFps.trim() || !Number.isFinite(fps) || fps <= 0)
      throw new UsageError(`--target-fps ${JSON.stringify(o.targetFps)}: must be a number of inferences per second > 0`)
    return { fps }
  }
  if (o.targetLatency === undefined) return undefined
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*(s|ms|us|ns)?\s*$/i.exec(o.targetLatency)
  const value = m ? Number(m[1]) : NaN
  if (!m || !(value > 0) || !Number.isFinite(value))
    throw new UsageError(
      `--target-latency ${JSON.stringify(o.targetLatency)}: give MVM steps (e.g. 625) or a time with a unit s, ms, us or ns (e.g. 2ms, 500us) > 0`,
    )
  return m[2] ? { latencyNs: value * TIME_UNITS[m[2].toLowerCase()] } : { latencySteps: value }
}
