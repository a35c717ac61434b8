/** Small text helpers of the report; numbers with units come from src/shared/charts/format (the UI's). */
import type { Shape } from '../../shared/experiment'
import { formatNumber } from '../../shared/charts'

/** An ISO time as "YYYY-MM-DD HH:MM UTC" (the report's dates are UTC, like the CLI's). */
export function formatDate(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const s = d.toISOString()
  return `${s.slice(0, 10)} ${s.slice(11, 16)} UTC`
}

/** A tensor shape "C×H×W". */
export function formatShape(s: Shape): string {
  return `${s.c}×${s.h}×${s.w}`
}

/** The first 12 hex digits of a sha256 (enough to tell runs apart in a table). */
export function shortHash(hash: string | null | undefined): string {
  return hash ? hash.slice(0, 12) : '—'
}

/** Steps as a bare number (table cells whose header names the unit). */
export function stepsCell(steps: number): string {
  return formatNumber(steps)
}

/** Distinct values in first-seen order. */
export function distinct<T>(values: T[], key: (v: T) => string = (v) => String(v)): T[] {
  const seen = new Set<string>()
  return values.filter((v) => {
    const k = key(v)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

/** A list of numbers, runs of consecutive steps shortened: "0, 16, 32 … 256 (17 values)". */
export function numberList(values: number[], max = 8): string {
  const v = [...new Set(values)].sort((a, b) => a - b)
  if (v.length <= max) return v.map((x) => formatNumber(x)).join(', ')
  return `${v
    .slice(0, max - 2)
    .map((x) => formatNumber(x))
    .join(', ')} … ${formatNumber(v[v.length - 1])} (${v.length} values)`
}
