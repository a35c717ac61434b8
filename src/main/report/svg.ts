/**
 * Charts to vector SVG with ECharts' server-side SVG renderer (no DOM, no canvas), made fit for
 * paper and for inlining many charts in one HTML page: no toolbox or zoom slider, no animation,
 * the report's font, and element ids that are unique per chart and the same on every render.
 */
import * as echarts from 'echarts'
import type { EChartsOption, GridComponentOption, LegendComponentOption, TitleComponentOption } from 'echarts'

/** The report's font stack; single quotes only (the SVG renderer puts it in a double-quoted attribute). */
export const REPORT_FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"

/** A builder's option with the screen-only parts removed (toolbox, zoom slider, animation). */
export function printOption(option: EChartsOption): EChartsOption {
  const { toolbox: _t, dataZoom: _d, textStyle, ...rest } = option
  return {
    ...rest,
    animation: false,
    textStyle: { ...(textStyle as object), fontFamily: REPORT_FONT },
  }
}

/** Height of one legend line, px; average width of a legend character at 11 px, px (generous). */
const LEGEND_LINE_PX = 22
const LEGEND_CHAR_PX = 6.2

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v])

/** The entries a legend shows: its data, else the series names in order. */
function legendNames(option: EChartsOption, legend: LegendComponentOption): string[] {
  if (legend.data) return legend.data.map((d) => (typeof d === 'object' ? String(d.name) : String(d)))
  const names = asArray(option.series as { name?: string } | { name?: string }[]).map((s) => s.name)
  return [...new Set(names.filter((n): n is string => typeof n === 'string'))]
}

/**
 * Paper cannot scroll: a scrolling legend becomes a plain one that wraps onto more lines, and the
 * plots and titles below it move down by the lines added. Returns the option and the height added, px.
 */
export function unscrollLegend(option: EChartsOption, width: number): { option: EChartsOption; extraHeight: number } {
  const legends = asArray(option.legend as LegendComponentOption | LegendComponentOption[])
  const legend = legends[0]
  if (!legend || legend.type !== 'scroll') return { option, extraHeight: 0 }
  const px = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback)
  const available = width - px(legend.left, 8) - px(legend.right, 8)
  const gap = px(legend.itemGap, 10)
  let lines = 1
  let used = 0
  for (const name of legendNames(option, legend)) {
    const w = px(legend.itemWidth, 25) + 5 + name.length * LEGEND_CHAR_PX
    if (used > 0 && used + w > available) {
      lines++
      used = 0
    }
    used += w + gap
  }
  const extra = (lines - 1) * LEGEND_LINE_PX
  const legendTop = px(legend.top, 0)
  const shift = <T extends { top?: unknown }>(c: T): T => (typeof c.top === 'number' && c.top > legendTop ? { ...c, top: c.top + extra } : c)
  return {
    option: {
      ...option,
      legend: [{ ...legend, type: 'plain' }, ...legends.slice(1)],
      grid: option.grid === undefined ? undefined : asArray(option.grid as GridComponentOption | GridComponentOption[]).map(shift),
      title: option.title === undefined ? undefined : asArray(option.title as TitleComponentOption | TitleComponentOption[]).map(shift),
    },
    extraHeight: extra,
  }
}

/**
 * Renders an option to an SVG string of `width` x `height` view-box pixels (taller when a long
 * legend needs more lines). `id` makes the SVG's element ids unique within the report (ECharts
 * numbers them per renderer instance, which differs from one call to the next); the SVG scales to
 * its container's width.
 */
export function renderChartSvg(option: EChartsOption, width: number, height: number, id: string): string {
  const { option: laidOut, extraHeight } = unscrollLegend(printOption(option), width)
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height: height + extraHeight })
  let svg: string
  try {
    chart.setOption(laidOut)
    svg = chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
  return tidySvg(svg, id)
}

/** Deterministic ids, no hover styles or ECharts metadata, and a root element that scales. */
export function tidySvg(svg: string, id: string): string {
  return svg
    .replace(/\bzr\d+-/g, `${id}-`)
    .replace(/<style\s*>[\s\S]*?<\/style>\s*/g, '')
    .replace(/ class="[^"]*"/g, '')
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
    .replace(/ pointer-events="visible"/g, '')
    .replace(/<defs\s*>\s*<\/defs>\s*/g, '')
    .replace(/^<svg width="[\d.]+" height="[\d.]+"/, '<svg role="img" preserveAspectRatio="xMidYMin meet"')
}
