/**
 * Numbers with their units, formatted the same way in the workbench, its charts and the report
 * (cim-model.md section 7). Locale-independent (en-US digits) so tests and reports are stable.
 */
import { SECONDS_PER_YEAR } from '../formulas'

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/** Significant figures without trailing zeros: 3 -> "2.54", 1234.5 -> "1,235". */
export function formatNumber(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value)
  const abs = Math.abs(value)
  if (abs >= 10 ** digits || Number.isInteger(value)) return grouped.format(value)
  return Number(value.toPrecision(digits)).toString()
}

/** An integer count with thousands separators: 6559328 -> "6,559,328". */
export function formatCount(value: number): string {
  return grouped.format(value)
}

/** MVM steps (cycles): "3,170 steps". */
export function formatSteps(steps: number): string {
  return `${formatNumber(steps)} ${steps === 1 ? 'step' : 'steps'}`
}

/**
 * A value in the largest of its units (each 1000 times the one before, the first the value's own)
 * that keeps it >= 1, the first unit below that.
 */
function inThousands(value: number, units: readonly string[]): string {
  let i = 0
  while (i < units.length - 1 && Math.abs(value) >= 1000 ** (i + 1)) i++
  return `${formatNumber(value / 1000 ** i)} ${units[i]}`
}

/** A time given in nanoseconds, in the largest unit that keeps it >= 1: 2536000 -> "2.54 ms". */
export function formatNs(ns: number): string {
  return inThousands(ns, ['ns', 'µs', 'ms', 's'])
}

/** A fraction in [0, 1] as a percentage: 0.379 -> "37.9 %". */
export function formatPercent(fraction: number, decimals = 1): string {
  return `${(fraction * 100).toFixed(decimals)} %`
}

/** A ratio such as a speedup: 35.67 -> "35.7×". */
export function formatFactor(x: number): string {
  return `${formatNumber(x)}×`
}

/** A ratio without a unit, three decimals: latency / lower bound 1.1746 -> "1.175". */
export function formatRatio(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : String(x)
}

/** Energy given in nanojoules: 288288 -> "288 µJ". */
export function formatEnergyNj(nj: number): string {
  return inThousands(nj, ['nJ', 'µJ', 'mJ', 'J'])
}

/** Bytes in decimal units: 11023360 -> "11 MB", 1536 -> "1.54 kB", 512 -> "512 B". */
export function formatBytes(bytes: number): string {
  const compact = formatCompact(bytes)
  return /[kMGT]$/.test(compact) ? `${compact}B` : `${compact} B`
}

/** PEs: "181 PEs". */
export function formatPes(pes: number): string {
  return `${formatCount(pes)} ${pes === 1 ? 'PE' : 'PEs'}`
}

/** A large count in compact form for axes: 6559328 -> "6.56 M". */
export function formatCompact(value: number): string {
  const abs = Math.abs(value)
  if (abs >= 1e12) return `${formatNumber(value / 1e12)} T`
  if (abs >= 1e9) return `${formatNumber(value / 1e9)} G`
  if (abs >= 1e6) return `${formatNumber(value / 1e6)} M`
  if (abs >= 1e3) return `${formatNumber(value / 1e3)} k`
  return formatNumber(value)
}

/** A wall-clock duration given in milliseconds: "0.4 s", "12 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, ms) / 1000
  if (s < 10) return `${s.toFixed(1)} s`
  if (s < 60) return `${Math.round(s)} s`
  const min = Math.floor(s / 60)
  if (min < 60) return `${min} min ${String(Math.round(s % 60)).padStart(2, '0')} s`
  return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`
}

/** Seconds per unit of a lifespan, largest first (a year as the endurance model counts it). */
const LIFESPAN_UNITS: [number, string, string][] = [
  [SECONDS_PER_YEAR, 'year', 'years'],
  [86_400, 'day', 'days'],
  [3_600, 'hour', 'hours'],
  [60, 'minute', 'minutes'],
  [1, 'second', 'seconds'],
]

/** A lifespan given in years, in the largest unit that keeps it >= 1: 0.0352 -> "12.9 days", 2.1 -> "2.1 years". */
export function formatLifespan(years: number): string {
  const seconds = years * LIFESPAN_UNITS[0][0]
  const [scale, one, many] = LIFESPAN_UNITS.find(([s]) => Math.abs(seconds) >= s) ?? LIFESPAN_UNITS[LIFESPAN_UNITS.length - 1]
  const value = formatNumber(seconds / scale)
  return `${value} ${value === '1' ? one : many}`
}

/** Lifetime in inferences (null = weights written once, no wear from inference), with its lifespan when known. */
export function formatLifetime(inferences: number | null, years: number | null = null): string {
  if (inferences === null) return 'unlimited'
  const base = `${formatCompact(inferences)} inferences`
  return years === null ? base : `${base} (${formatLifespan(years)})`
}

/** Escapes text for the HTML of chart tooltips (layer names come from imported files). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}
