/**
 * Pieces every chart shares: the look (system font, quiet axes), the toolbox (zoom, restore, save
 * as PNG) and the tooltip layout. Pure data: no DOM, usable by ECharts' server-side renderer.
 */
import type { DataZoomComponentOption, EChartsOption, LegendComponentOption, ToolboxComponentOption, XAXisComponentOption, YAXisComponentOption } from 'echarts'
import { escapeHtml, formatNs, formatNumber, formatSteps } from './format'

export const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
export const INK = '#1f2937'
export const MUTED = '#6b7280'
export const RULE = '#e5e7eb'
export const AXIS_LINE = '#9ca3af'
export const BACKGROUND = '#ffffff'

/** Title, font, no animation (charts are read, not watched) and room for the toolbox. */
export function chartBase(title: string, subtitle?: string): EChartsOption {
  return {
    animation: false,
    textStyle: { fontFamily: FONT_FAMILY, color: INK, fontSize: 11 },
    title: {
      text: title,
      subtext: subtitle,
      left: 8,
      top: 4,
      textStyle: { fontSize: 13, fontWeight: 600, color: INK },
      subtextStyle: { fontSize: 11, color: MUTED },
    },
    backgroundColor: BACKGROUND,
  }
}

/** Top of the plot area (px): below the title and subtitle, or also below the legend row. */
export const PLOT_TOP = 72
export const PLOT_TOP_LEGEND = 96

/** The legend row under the title (click an entry to hide or show its series); scrolls when long. */
export function legendRow(): LegendComponentOption {
  return { type: 'scroll', top: 46, left: 8, right: 8, itemWidth: 14, itemHeight: 8, itemGap: 14, textStyle: { fontSize: 11, color: INK } }
}

const LEGEND_LINE_PX = 18

/** Lines a wrapping legend of `entries` entries of `itemPx` takes in a chart at least `chartPx` wide. */
function legendLines(entries: number, itemPx: number, chartPx: number): number {
  const perLine = Math.max(1, Math.floor((chartPx - 16) / itemPx))
  return Math.max(1, Math.ceil(entries / perLine))
}

/**
 * A legend that wraps onto as many lines as it needs (never pages), each entry at most `itemPx` wide
 * (longer text truncated), sized for a chart at least `chartPx` wide; `plotTop` is where the plot
 * starts below it, with room for an axis name.
 */
export function wrappingLegend(entries: number, itemPx: number, chartPx: number): { legend: LegendComponentOption; plotTop: number } {
  const legend: LegendComponentOption = {
    type: 'plain',
    top: 46,
    left: 8,
    right: 8,
    itemWidth: 14,
    itemHeight: 8,
    itemGap: 14,
    // icon 14 px, its gap 5 px and the gap to the next entry 14 px
    textStyle: { fontSize: 11, color: INK, width: itemPx - 33, overflow: 'truncate' },
  }
  return { legend, plotTop: 46 + legendLines(entries, itemPx, chartPx) * LEGEND_LINE_PX + 36 }
}

/** Toolbox: box zoom and restore on zoomable charts, and save as PNG named after the chart. */
export function toolbox(fileName: string, zoomable: boolean): ToolboxComponentOption {
  return {
    right: 8,
    top: 4,
    itemSize: 13,
    itemGap: 10,
    feature: {
      ...(zoomable ? { dataZoom: { yAxisIndex: 'none', title: { zoom: 'Zoom to a box', back: 'Undo zoom' } }, restore: { title: 'Reset zoom' } } : {}),
      saveAsImage: { name: fileName, title: 'Save as PNG', pixelRatio: 2 },
    },
  }
}

/** Wheel zoom and a slider on the given x axes (time axes). */
export function timeZoom(xAxisIndex: number[], bottom = 6): DataZoomComponentOption[] {
  return [
    { type: 'inside', xAxisIndex, filterMode: 'weakFilter' },
    { type: 'slider', xAxisIndex, filterMode: 'weakFilter', height: 16, bottom, showDetail: false, brushSelect: false },
  ]
}

/** Tick labels of a value axis: formatted numbers (no float artefacts such as "44,905.240000000005"), overlaps hidden. */
export function tickLabels(format: (v: number) => string = (v) => formatNumber(v)) {
  return { color: MUTED, fontSize: 10, hideOverlap: true, formatter: (v: number) => format(v) }
}

/** A value axis with a name, quiet styling and formatted tick labels. */
export function valueAxis(name: string, extra: Partial<XAXisComponentOption & YAXisComponentOption> = {}): XAXisComponentOption & YAXisComponentOption {
  return {
    type: 'value',
    name,
    nameTextStyle: { color: MUTED, fontSize: 11 },
    axisLine: { show: true, lineStyle: { color: AXIS_LINE } },
    axisLabel: tickLabels(),
    splitLine: { lineStyle: { color: RULE } },
    ...extra,
  } as XAXisComponentOption & YAXisComponentOption
}

/** Tooltip body: a bold heading and label / value rows (all escaped). */
export function tooltipHtml(heading: string, rows: [string, string][]): string {
  const body = rows
    .map(([k, v]) => `<tr><td style="color:${MUTED};padding-right:10px">${escapeHtml(k)}</td><td style="text-align:right">${escapeHtml(v)}</td></tr>`)
    .join('')
  return `<div style="font-weight:600;margin-bottom:2px">${escapeHtml(heading)}</div><table style="border-collapse:collapse;font-size:11px">${body}</table>`
}

/** A time in MVM steps with its wall-clock equivalent: "3,170 steps (2.54 ms)". */
export function stepsAndTime(steps: number, stepNs: number | undefined): string {
  return stepNs ? `${formatSteps(steps)} (${formatNs(steps * stepNs)})` : formatSteps(steps)
}

/** What a time axis counts: MVM steps, or microseconds when runs with different MVM latencies share it. */
export type TimeAxis = 'steps' | 'time'

/** The time axis name, saying what one step lasts when that is known. */
export function timeAxisName(axis: TimeAxis, stepNs?: number): string {
  if (axis === 'time') return 'time (µs)'
  return stepNs ? `time (MVM steps, 1 step = ${formatNs(stepNs)})` : 'time (MVM steps)'
}

/** Converts steps to the axis unit (µs on a time axis). */
export function toAxis(steps: number, axis: TimeAxis, stepNs: number): number {
  return axis === 'time' ? (steps * stepNs) / 1000 : steps
}

/** The axis of a group of runs: steps when every run has the same MVM latency, else time. */
export function sharedTimeAxis(stepNs: number[]): TimeAxis {
  return stepNs.every((s) => s === stepNs[0]) ? 'steps' : 'time'
}
