/** Colors: one hue per layer (the same in the Gantt, the PE bars and the chip map), one per run or group. */

const GOLDEN_ANGLE = 137.508

/** The color of layer `index`: consecutive layers get far-apart hues; `lighter` shades alternate copies. */
export function layerColor(index: number, lighter = false): string {
  const hue = (index * GOLDEN_ANGLE + 210) % 360
  return `hsl(${hue.toFixed(1)}, 60%, ${lighter ? 64 : 50}%)`
}

/** Colors of runs in a comparison, or of groups in a sweep (up to 8 distinct, then repeating). */
export const SERIES_COLORS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563']

export function seriesColor(i: number): string {
  return SERIES_COLORS[i % SERIES_COLORS.length]
}

/** Color of digital (GPEU) layers, which hold no PEs. */
export const DIGITAL_COLOR = '#9ca3af'
