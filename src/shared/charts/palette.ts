/** Colors: one per MVM layer (the same in the Gantt, the PE bars and the chip map), one per run or group. */
import type { LayerResult } from '../experiment'

const GOLDEN_ANGLE = 137.508
const LIGHTNESS = [46, 54, 40]

/**
 * The color of the MVM layer of rank `rank` (0 = the network's first MVM layer): consecutive ranks
 * get hues 137.5° apart and a lightness cycle, so neighbours on the chip and in the charts never share
 * a color; `lighter` shades a layer's alternate copies.
 */
export function layerColor(rank: number, lighter = false): string {
  const hue = (rank * GOLDEN_ANGLE + 210) % 360
  return `hsl(${hue.toFixed(1)}, 62%, ${LIGHTNESS[rank % LIGHTNESS.length] + (lighter ? 16 : 0)}%)`
}

/** The color of every layer of a network by layer index: MVM layers by their rank, digital layers grey. */
export function layerColors(layers: Pick<LayerResult, 'pes'>[], lighter = false): string[] {
  let rank = 0
  return layers.map((l) => (l.pes > 0 ? layerColor(rank++, lighter) : DIGITAL_COLOR))
}

/** Colors of runs in a comparison, or of groups in a sweep (up to 8 distinct, then repeating). */
export const SERIES_COLORS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563']

export function seriesColor(i: number): string {
  return SERIES_COLORS[i % SERIES_COLORS.length]
}

/** Marker shapes of groups whose lines may coincide (drawn largest first, so every one stays visible). */
export const SERIES_SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'roundRect', 'pin', 'arrow'] as const

export function seriesSymbol(i: number): string {
  return SERIES_SYMBOLS[i % SERIES_SYMBOLS.length]
}

/** Color of digital (GPEU) layers, which hold no PEs. */
export const DIGITAL_COLOR = '#9ca3af'

/** Color of the reprogramming phases of reload mode. */
export const REPROGRAM_COLOR = '#f59e0b'

/** Outline and label of the layer that bounds the latency (the bottleneck). */
export const BOTTLENECK_COLOR = '#b91c1c'
