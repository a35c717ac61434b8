import { SPEC_DEFAULTS, type ExperimentResult, type ExperimentSpec } from '../../shared/experiment'
import { PROGRAM_VERSION } from '../../shared/version'
import { contentHash } from './content-hash'
import { checkRunLimits, type Limits } from './limits'
import { measure } from './metrics/measure'
import { simulate } from './schedule/simulate'
import { checkPlanLimits, duplicateWeights } from './stages/duplicate'
import { mapNetwork } from './stages/map'
import { meshNetwork } from './stages/network'
import { resolveSpec } from './stages/resolve'
import { prepareSets } from './stages/sets'

export { TIMELINE_POINTS } from './metrics/measure'

/** Progress of a run: fraction done in [0, 1] and the stage just finished. */
export interface Progress {
  fraction: number
  step: string
}

export interface RunHooks {
  signal?: AbortSignal
  onProgress?: (p: Progress) => void
  /** Size limits of the run; default currentLimits() (the defaults and $CIM_LIMITS). */
  limits?: Limits
}

/** A spec with every optional field filled with its default. */
export function withDefaults(spec: Partial<ExperimentSpec> & Pick<ExperimentSpec, 'network' | 'arch'>): ExperimentSpec {
  return { ...SPEC_DEFAULTS, ...spec }
}

/** The stages of a run, in order; each one's time is in the result's timingsMs (ms). */
const STAGES = ['resolve', 'map', 'duplicate', 'sets', 'schedule', 'measure'] as const

/**
 * Runs one experiment: resolve the network and chip -> map layers to PEs -> duplicate weights ->
 * build sets and dependencies -> schedule -> measure. Cancellable between stages through
 * hooks.signal; reports progress after each stage.
 */
export async function runExperiment(spec: ExperimentSpec, hooks: RunHooks = {}): Promise<ExperimentResult> {
  const timingsMs: Record<string, number> = {}
  const t0 = performance.now()
  let clock = t0
  let stage = 0
  const done = async (name: (typeof STAGES)[number]) => {
    timingsMs[name] = performance.now() - clock
    hooks.onProgress?.({ fraction: ++stage / STAGES.length, step: name })
    if (hooks.signal) {
      await new Promise((r) => setImmediate(r))
      hooks.signal.throwIfAborted()
    }
    clock = performance.now()
  }
  hooks.signal?.throwIfAborted()

  const resolved = resolveSpec(spec)
  await done('resolve')
  const mapped = mapNetwork(resolved)
  checkRunLimits(resolved.net, mapped.maps, { pes: mapped.pesChip, pesPerTile: resolved.arch.pesPerTile }, spec, hooks.limits)
  await done('map')
  // planning a lifetime target takes seconds: its progress moves within the duplicate stage
  const planning = (f: number) => hooks.onProgress?.({ fraction: (stage + f) / STAGES.length, step: 'plan' })
  const duplicated = duplicateWeights(spec, resolved.net, mapped, hooks.limits, planning)
  if (duplicated.plan) checkPlanLimits(spec, resolved, mapped, duplicated.plan.batch, hooks.limits)
  await done('duplicate')
  const schedule = prepareSets(spec, resolved, mapped, duplicated, hooks.limits)
  await done('sets')
  const network = meshNetwork(spec, resolved, mapped, duplicated, schedule.sets)
  const run = simulate({ ...schedule, mode: spec.schedule, timeline: true, network })
  const noc = network && { network, latencyFreeSteps: simulate({ ...schedule, mode: spec.schedule }).makespan }
  await done('schedule')
  const measured = measure({ spec, resolved, mapped, duplicated, schedule, run, noc })
  await done('measure')

  const { net, arch, stepNs } = resolved
  const architecture = { ...arch, chipPes: mapped.pesChip, mvmLatencyNs: stepNs }
  const { duplication, schedule: kind, granularity, assignment, inferences, inferenceRate, noc: nocModel, placement, lifetimeTarget } = spec
  const options = {
    duplication,
    schedule: kind,
    granularity,
    assignment,
    inferences,
    inferenceRate,
    noc: nocModel,
    placement,
    ...(lifetimeTarget && { lifetimeTarget }),
  }
  const inputHash = contentHash({ network: net, architecture, options, version: PROGRAM_VERSION })
  timingsMs.total = performance.now() - t0
  return { programVersion: PROGRAM_VERSION, inputHash, spec, network: net, architecture, ...measured, plan: duplicated.plan, timingsMs }
}
