/**
 * The dark look of the charts: the same option with its light colours (background, ink, rules,
 * free PEs) swapped for dark ones. Data colours (layers, runs) stay, so a layer keeps its colour.
 */
import type { EChartsOption } from 'echarts'
import { FREE_PE_COLOR } from './chip-map'
import { AXIS_LINE, BACKGROUND, INK, MUTED, RULE } from './common'
import { ONE_COPY_SWATCH } from './pes-per-layer'
import { PARETO_COLOR } from './tradeoffs'

export type ChartTheme = 'light' | 'dark'

/** Each light colour of the chart chrome and its dark counterpart. */
const DARK_COLORS: Record<string, string> = {
  [BACKGROUND]: '#181c22',
  [INK]: '#e5e7eb',
  [MUTED]: '#9ca3af',
  [RULE]: '#2c333c',
  [AXIS_LINE]: '#5b6472',
  [FREE_PE_COLOR]: '#2c333c',
  [ONE_COPY_SWATCH]: '#d1d5db',
  [PARETO_COLOR]: '#f3f4f6',
}

/** Recolours the chrome of an option (data arrays are left as they are: they hold data colours only). */
function recolor(value: unknown): unknown {
  if (typeof value === 'string') return DARK_COLORS[value] ?? value
  if (Array.isArray(value)) return value.map(recolor)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'data' ? v : recolor(v)]))
}

/** The option in the given theme: unchanged when light; dark chrome and tooltips when dark. */
export function themedOption(option: EChartsOption, theme: ChartTheme): EChartsOption {
  if (theme === 'light') return option
  const dark = recolor(option) as EChartsOption
  const tooltip = option.tooltip && !Array.isArray(option.tooltip) ? option.tooltip : undefined
  return tooltip
    ? { ...dark, tooltip: { ...(dark.tooltip as object), backgroundColor: '#22272e', borderColor: '#3d444d', textStyle: { color: '#e5e7eb' } } }
    : dark
}
