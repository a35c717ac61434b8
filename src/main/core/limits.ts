/**
 * Size limits of a run, checked from shapes before anything per set, per PE or per tile is
 * allocated: a run above a limit is refused in milliseconds with one line naming the limit and the
 * layer, instead of exhausting memory after minutes. The defaults hold every zoo network at 4x its
 * default input; raise them with CIM_LIMITS="sets=2e8,pes=1e7" or the CLI's --limits option.
 */
import type { ExperimentSpec } from '../../shared/experiment'
import type { Granularity, Noc } from '../../shared/schemas/spec'
import { PERIODIC_WITHIN } from './schedule/period'
import { chipPes, mapLayers, minimumPes, type LayerMapping } from './mapping/pes'
import type { Network } from './model/ir'
import { resolveArchitecture, resolveNetwork } from './resolve'

/** The documented limits (counts). */
export interface Limits {
  /** Sets scheduled in one run: sets of every layer times inferences. */
  sets: number
  /** PEs on the chip. */
  pes: number
  /** Tiles on the chip (ceil(chip PEs / PEs per tile)). */
  tiles: number
  /** Elements (C x H x W) of one layer's output feature map. */
  map: number
  /** Elements of every layer's output feature map together. */
  elements: number
}

export const DEFAULT_LIMITS: Limits = { sets: 50_000_000, pes: 1_000_000, tiles: 100_000, map: 1_000_000_000, elements: 10_000_000_000 }

/** What each limit counts, for error messages. */
const WHAT: Record<keyof Limits, string> = {
  sets: 'sets',
  pes: 'PEs',
  tiles: 'tiles',
  map: 'elements in one feature map',
  elements: 'feature-map elements',
}

/** Environment variable holding limit overrides, in the syntax of parseLimits. */
export const LIMITS_ENV = 'CIM_LIMITS'

/** A run or network above a limit; `limit` names which. */
export class LimitError extends Error {
  readonly code = 'LIMIT_EXCEEDED'
  override name = 'LimitError'
  constructor(
    readonly limit: keyof Limits,
    message: string,
  ) {
    super(message)
  }
}

/** Parses "sets=2e8,pes=1e7" into limit overrides; throws naming the bad entry. */
export function parseLimits(text: string, source = LIMITS_ENV): Partial<Limits> {
  const out: Partial<Limits> = {}
  for (const entry of text.split(',').filter((e) => e.trim())) {
    const [key, value] = entry.split('=').map((s) => s.trim())
    if (!Object.hasOwn(DEFAULT_LIMITS, key))
      throw new LimitError('sets', `${source}: unknown limit "${key.slice(0, 40)}": use ${Object.keys(DEFAULT_LIMITS).join(', ')}`)
    const n = Number(value)
    if (!Number.isFinite(n) || n < 1) throw new LimitError(key as keyof Limits, `${source}: ${key}=${String(value).slice(0, 40)}: must be a number >= 1`)
    out[key as keyof Limits] = n
  }
  return out
}

/** The limits in force: the defaults overridden by $CIM_LIMITS. */
export function currentLimits(env: NodeJS.ProcessEnv = process.env): Limits {
  return { ...DEFAULT_LIMITS, ...parseLimits(env[LIMITS_ENV] ?? '') }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

function refuse(limit: keyof Limits, limits: Limits, found: number, where: string): never {
  throw new LimitError(
    limit,
    `${where}: ${fmt(found)} ${WHAT[limit]}, over the limit of ${fmt(limits[limit])} (raise it with ${LIMITS_ENV}="${limit}=N" or --limits ${limit}=N)`,
  )
}

/** Refuses a network whose feature maps are too large: one map over `map`, or all of them over `elements`. */
export function checkNetworkLimits(net: Network, limits: Limits = currentLimits()): void {
  let total = 0
  for (const l of net.layers) {
    const size = l.out.c * l.out.h * l.out.w
    if (size > limits.map) refuse('map', limits, size, `network "${net.name}", layer ${l.name} (${l.out.c}x${l.out.h}x${l.out.w})`)
    total += size
  }
  if (total > limits.elements) refuse('elements', limits, total, `network "${net.name}"`)
}

/**
 * Inferences of a run of n that are simulated set by set, as the limits count them up front: all of them over an
 * on-chip network; without one, those before the schedule turns periodic and the rest follows in closed form,
 * counted as PERIODIC_WITHIN + 1. A batch that takes longer is refused while it runs once the sets it simulated pass
 * the limit (schedule/simulate.ts `maxSets`).
 */
export function simulatedInferences(n: number, noc: Noc): number {
  return noc === 'none' ? Math.min(n, PERIODIC_WITHIN + 1) : n
}

/**
 * Refuses a run above a limit, from shapes and the mapping alone (before sets are built): the
 * network's feature maps, the sets scheduled (per layer H x W for pixel sets, H for row sets, times
 * the inferences simulated set by set), the chip's PEs and tiles.
 */
export function checkRunLimits(
  net: Network,
  maps: LayerMapping[],
  chip: { pes: number; pesPerTile: number },
  options: { granularity: Granularity; inferences: number; noc: Noc },
  limits: Limits = currentLimits(),
): void {
  checkNetworkLimits(net, limits)
  const { granularity } = options
  const inferences = simulatedInferences(options.inferences, options.noc)
  let sets = 0
  let largest = net.layers[0]
  const setsOf = (l: Network['layers'][number]) => (granularity === 'pixel' ? l.out.h * l.out.w : l.out.h)
  for (const l of net.layers) {
    sets += setsOf(l) * inferences
    if (setsOf(l) > setsOf(largest)) largest = l
  }
  if (sets > limits.sets) refuse('sets', limits, sets, `network "${net.name}" (largest layer ${largest.name}: ${fmt(setsOf(largest))} sets)`)
  const biggest = maps.reduce((a, m) => (m.pes > a.pes ? m : a), maps[0])
  const where = `chip for "${net.name}" (layer ${net.layers[biggest.layer].name} needs ${fmt(biggest.pes)} PEs per copy)`
  if (chip.pes > limits.pes) refuse('pes', limits, chip.pes, where)
  const tiles = Math.ceil(chip.pes / chip.pesPerTile)
  if (tiles > limits.tiles) refuse('tiles', limits, tiles, where)
}

/**
 * Checks the run of a spec against the limits without running it (resolves the network and chip and
 * maps the layers: milliseconds). Throws only LimitError: a spec that cannot be resolved or mapped
 * is left to the run, which reports why.
 */
export function checkSpecLimits(spec: ExperimentSpec, limits: Limits = currentLimits()): void {
  let net: Network
  let arch: ReturnType<typeof resolveArchitecture>
  let maps: LayerMapping[]
  try {
    net = resolveNetwork(spec.network)
    arch = resolveArchitecture(spec.arch, spec.chip)
    maps = mapLayers(net, arch)
  } catch {
    return
  }
  if (maps.length) checkRunLimits(net, maps, { pes: chipPes(arch, minimumPes(maps)), pesPerTile: arch.pesPerTile }, spec, limits)
}

/** Refuses a batch that has not turned periodic after k inferences when simulating the rest would pass `maxSets`. */
export function refuseSetBySet(maxSets: number, n: number, k: number): never {
  throw new LimitError(
    'sets',
    `the schedule of ${fmt(n)} inferences has not turned periodic after ${fmt(k)}: simulating the rest set by set passes the limit of ${fmt(maxSets)} sets (run fewer inferences or a smaller batch, or raise it with CIM_LIMITS="sets=N" or --limits sets=N)`,
  )
}
