/** Stage duplicate: copies of every MVM layer within the chip's PEs, and where they sit. */
import type { ExperimentSpec } from '../../../shared/experiment'
import { duplicate } from '../mapping/duplication'
import { placeCopies, type PlacementSegment } from '../mapping/placement'
import type { Network } from '../model/ir'
import { mvmsPerSet, setGrid } from '../schedule/sets'
import type { Mapped } from './map'

export interface Duplicated {
  /** Copies d_l of each MVM layer, in the order of the mappings. */
  dup: number[]
  /** Copies per layer index (1 for digital layers). */
  copies: Int32Array
  /** Copies on the chip's PEs: one segment, or several in reload mode. */
  placement: PlacementSegment[]
}

/** Chooses the copies with the spec's strategy (each layer's work: its sets and MVMs per set) and places them as the spec says. */
export function duplicateWeights(spec: ExperimentSpec, net: Network, { maps, pesChip }: Mapped): Duplicated {
  const outs = maps.map((m) => net.layers[m.layer].out)
  const dup = duplicate(
    spec.duplication,
    maps,
    outs.map((o) => {
      const g = setGrid(o, spec.granularity)
      return g.rows * g.cols
    }),
    pesChip,
    outs.map((o) => mvmsPerSet(o, spec.granularity)),
  )
  const copies = new Int32Array(net.layers.length).fill(1)
  maps.forEach((m, i) => (copies[m.layer] = dup[i]))
  return { dup, copies, placement: placeCopies(maps, dup, pesChip, spec.placement) }
}
