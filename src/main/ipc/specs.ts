/** Turns the renderer's run and sweep requests into experiment specs (resolving stored networks and chips). */
import type { ArchChoice, ExperimentSpec, NetworkChoice } from '../../shared/experiment'
import type { RunRequest, SweepGrid } from '../../shared/ipc'
import { presetArchitecture } from '../core/arch/presets'
import { validateArchitecture, type Architecture } from '../../shared/schemas/architecture'
import type { History } from '../db/history'

function networkChoice(history: History, ref: RunRequest['network']): NetworkChoice {
  return 'networkId' in ref ? { network: history.networks.get(ref.networkId).network } : ref
}

function archChoice(history: History, ref: RunRequest['arch']): ArchChoice {
  if ('architectureId' in ref) return { architecture: history.architectures.get(ref.architectureId).architecture }
  if ('architecture' in ref) return { architecture: validateArchitecture(ref.architecture) }
  presetArchitecture(ref.preset) // throws naming the presets when unknown
  return ref
}

/** The spec of one requested run. */
export function specOfRequest(history: History, r: RunRequest): ExperimentSpec {
  const { network, arch, ...options } = r
  return { ...options, network: networkChoice(history, network), arch: archChoice(history, arch) }
}

/** The spec of a requested run as the base of a sweep or a chip search: their chips vary, so a lifetime target (which plans one given chip) is left out. */
export function baseSpecOfRequest(history: History, r: RunRequest): ExperimentSpec {
  const { lifetimeTarget: _, ...spec } = specOfRequest(history, r)
  return spec
}

/** The full architecture behind a choice (to vary its crossbar size). */
function architectureOf(choice: ArchChoice): Architecture {
  return 'preset' in choice ? presetArchitecture(choice.preset) : choice.architecture
}

/** Largest number of runs one sweep may queue. */
export const MAX_SWEEP_RUNS = 5000

/** Runs a grid makes: the product of its list lengths (an omitted list counts 1), computed before anything is expanded. */
export function sweepSize(grid: SweepGrid): number {
  const lists = [grid.models, grid.presets, grid.crossbarSizes, grid.extraPes, grid.duplication, grid.schedule]
  return lists.reduce((n, list) => n * (list ? list.length : 1), 1)
}

/**
 * Every combination of a sweep grid over a base run, in a stable order: network, architecture,
 * crossbar size, extra PEs, duplication, schedule. A grid of no runs or of more than MAX_SWEEP_RUNS
 * is refused before anything is built.
 */
export function sweepSpecs(history: History, base: RunRequest, grid: SweepGrid): ExperimentSpec[] {
  const size = sweepSize(grid)
  if (size === 0) throw Object.assign(new Error('the grid makes no runs: every list needs at least one value'), { code: 'EMPTY_SWEEP' })
  if (size > MAX_SWEEP_RUNS) throw Object.assign(new Error(`the grid makes ${size} runs; at most ${MAX_SWEEP_RUNS} per sweep`), { code: 'SWEEP_TOO_LARGE' })
  const spec = baseSpecOfRequest(history, base)
  const networks: NetworkChoice[] = grid.models ? grid.models.map((zoo) => ({ zoo })) : [spec.network]
  const archs: ArchChoice[] = grid.presets ? grid.presets.map((preset) => archChoice(history, { preset })) : [spec.arch]
  const sized: ArchChoice[] = archs.flatMap((a) => {
    if (!grid.crossbarSizes) return [a]
    const full = architectureOf(a)
    return grid.crossbarSizes.map((n) => ({
      architecture: validateArchitecture({ ...full, name: `${full.name} ${n}x${n}`, crossbarRows: n, crossbarCols: n }),
    }))
  })
  const specs: ExperimentSpec[] = []
  for (const network of networks)
    for (const arch of sized)
      for (const extraPes of grid.extraPes)
        for (const duplication of grid.duplication)
          for (const schedule of grid.schedule) specs.push({ ...spec, network, arch, chip: { extraPes }, duplication, schedule })
  return specs
}
