/** Stage map: PEs of one copy of every MVM layer, and the chip size in PEs. */
import { checkFits } from '../mapping/duplication'
import { chipPes, mapLayers, minimumPes, type LayerMapping } from '../mapping/pes'
import type { Resolved } from './resolve'

export interface Mapped {
  /** One entry per MVM layer, in layer order. */
  maps: LayerMapping[]
  /** PEs for one copy of every MVM layer. */
  pesMinimum: number
  /** PEs on the chip. */
  pesChip: number
}

/** Maps every MVM layer onto crossbars; throws when the network has none or a copy exceeds the chip. */
export function mapNetwork({ net, arch }: Resolved): Mapped {
  const maps = mapLayers(net, arch)
  if (!maps.length) throw new Error(`network "${net.name}" has no MVM layer (conv or dense) to map`)
  const pesMinimum = minimumPes(maps)
  const pesChip = chipPes(arch, pesMinimum)
  checkFits(
    maps,
    net.layers.map((l) => l.name),
    pesChip,
  )
  return { maps, pesMinimum, pesChip }
}
