import type { ArchChoice, ExperimentSpec, NetworkChoice } from '../../shared/experiment'
import { presetArchitecture } from './arch/presets'
import { validateArchitecture, type Architecture } from './arch/spec'
import type { Network } from './model/ir'
import { zooNetwork } from './model/zoo'

/** The network a spec names: a zoo network at its input size, or the embedded one. */
export function resolveNetwork(choice: NetworkChoice): Network {
  return 'zoo' in choice ? zooNetwork(choice.zoo, choice.input) : choice.network
}

/** The architecture a spec names, with the chip-size override applied and validated. */
export function resolveArchitecture(choice: ArchChoice, chip: ExperimentSpec['chip']): Architecture {
  const base = 'preset' in choice ? presetArchitecture(choice.preset) : validateArchitecture(choice.architecture)
  if (!chip) return base
  const sized = 'pes' in chip ? { chipPes: chip.pes } : { chipPes: null, extraPes: chip.extraPes }
  return validateArchitecture({ ...base, ...sized }, 'chip')
}
