import type { EChartsOption } from 'echarts'

/** An option component that may be one object or an array, as an array. */
export function asArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v]
}

/** The tooltip formatter of an option, to call with hand-made params. */
export function tooltipOf(o: EChartsOption): (params: unknown) => string {
  const tooltip = asArray(o.tooltip)[0] as { formatter: (p: unknown) => string }
  return tooltip.formatter
}
