/** Stage network: the on-chip mesh a run's inputs travel over (cim-model.md section 10), when the spec asks for one. */
import type { ExperimentSpec } from '../../../shared/experiment'
import { meshOf, OnChipNetwork } from '../schedule/noc'
import type { LayerSets } from '../schedule/sets'
import type { Duplicated } from './duplicate'
import type { Mapped } from './map'
import type { Resolved } from './resolve'

/**
 * The mesh of the chip's tiles with every copy on the tile of its first PE, each set's output size
 * (pixels per set x channels x activation bits / 8 bytes) and the link speed and router latency in
 * MVM steps; undefined with `noc: 'none'` (data movement is free).
 */
export function meshNetwork(
  spec: ExperimentSpec,
  { net, arch, stepNs }: Resolved,
  { pesChip }: Mapped,
  { copies, placement, inferences }: Duplicated,
  sets: LayerSets[],
): OnChipNetwork | undefined {
  if (spec.noc === 'none') return undefined
  const copyTile = net.layers.map((_, l) => new Int32Array(copies[l]))
  for (const segment of placement) for (const c of segment.copies) copyTile[c.layer][c.copy] = Math.floor(c.firstPe / arch.pesPerTile)
  const setBytes = net.layers.map((l) => ((spec.granularity === 'row' ? l.out.w : 1) * l.out.c * arch.inputBits) / 8)
  return new OnChipNetwork(
    {
      mesh: meshOf(Math.ceil(pesChip / arch.pesPerTile)),
      copyTile,
      setBytes,
      linkBytesPerStep: (arch.linkWidthBits / 8) * arch.linkClockGhz * stepNs,
      hopSteps: arch.routerLatencyNs / stepNs,
    },
    sets,
    inferences,
  )
}
