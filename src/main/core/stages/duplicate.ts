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

/** Each MVM layer's work, in the order of the mappings: its sets and the MVMs each set costs. */
export function layerWork(spec: ExperimentSpec, net: Network, maps: Mapped['maps']): { sets: number[]; mvmsPerSet: number[] } {
  const outs = maps.map((m) => net.layers[m.layer].out)
  return {
    sets: outs.map((o) => {
      const g = setGrid(o, spec.granularity)
      return g.rows * g.cols
    }),
    mvmsPerSet: outs.map((o) => mvmsPerSet(o, spec.granularity)),
  }
}

/** Copies per layer index (1 for digital layers) of copies d_l per MVM layer. */
export function copiesByLayer(net: Network, maps: Mapped['maps'], dup: number[]): Int32Array {
  const copies = new Int32Array(net.layers.length).fill(1)
  maps.forEach((m, i) => (copies[m.layer] = dup[i]))
  return copies
}

/** Chooses the copies with the spec's strategy (each layer's work: its sets and MVMs per set) and places them. */
export function duplicateWeights(spec: ExperimentSpec, net: Network, { maps, pesChip }: Mapped): Duplicated {
  const work = layerWork(spec, net, maps)
  const dup = duplicate(spec.duplication, maps, work.sets, pesChip, work.mvmsPerSet)
  return { dup, copies: copiesByLayer(net, maps, dup), placement: placeCopies(maps, dup, pesChip, spec.placement) }
}
