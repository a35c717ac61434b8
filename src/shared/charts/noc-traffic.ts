/**
 * NoC traffic: the on-chip mesh of a run with `noc: 'mesh'` (cim-model.md section 10), one node per
 * router at its grid position (tiles in chip-map order), one arrow per directed link that carried
 * traffic, wider and darker the longer it was reserved (result.noc).
 */
import type { EChartsOption, GraphSeriesOption } from 'echarts'
import type { ExperimentResult } from '../experiment'
import { chipTiles } from '../formulas'
import { chartBase, INK, MUTED, toolbox, tooltipHtml } from './common'
import { formatPercent, formatSteps } from './format'

/** Link colours from idle to always reserved. */
const LINK_IDLE = '#c7d2fe'
const LINK_BUSY = '#312e81'

/** A colour between LINK_IDLE (0) and LINK_BUSY (1). */
export function linkColor(utilization: number): string {
  const u = Math.min(1, Math.max(0, utilization))
  const mix = (a: string, b: string, i: number) => Math.round(parseInt(a.slice(i, i + 2), 16) * (1 - u) + parseInt(b.slice(i, i + 2), 16) * u)
  return `#${[1, 3, 5].map((i) => mix(LINK_IDLE, LINK_BUSY, i).toString(16).padStart(2, '0')).join('')}`
}

/** Recommended height in pixels for a mesh of `rows` router rows. */
export function nocTrafficHeight(rows: number): number {
  return 120 + Math.min(rows, 12) * 56
}

/** The mesh with its links' use, or null for a run without a network. */
export function nocTrafficOption(result: Pick<ExperimentResult, 'noc' | 'metrics' | 'architecture'>): EChartsOption | null {
  const noc = result.noc
  if (!noc) return null
  const tiles = chipTiles(result.architecture)
  const nodes: GraphSeriesOption['data'] = Array.from({ length: noc.cols * noc.rows }, (_, t) => ({
    name: `tile ${t}`,
    x: (t % noc.cols) * 100,
    y: Math.floor(t / noc.cols) * 100,
    symbolSize: 22,
    itemStyle: { color: t < tiles ? '#ffffff' : '#f3f4f6', borderColor: t < tiles ? INK : MUTED, borderType: t < tiles ? 'solid' : 'dashed' },
    label: { show: true, formatter: String(t), color: t < tiles ? INK : MUTED, fontSize: 9 },
    tooltip: { formatter: () => tooltipHtml(`tile ${t}`, [['router', t < tiles ? 'with a tile' : 'router only']]) },
  }))
  const links: GraphSeriesOption['links'] = noc.links.map((l) => ({
    source: `tile ${l.from}`,
    target: `tile ${l.to}`,
    lineStyle: { width: 1 + 7 * Math.min(1, l.utilization), color: linkColor(l.utilization), curveness: 0.2 },
    tooltip: {
      formatter: () =>
        tooltipHtml(`tile ${l.from} → tile ${l.to}`, [
          ['reserved', formatSteps(l.busySteps)],
          ['utilization', formatPercent(l.utilization)],
        ]),
    },
  }))
  const m = result.metrics
  const series: GraphSeriesOption = {
    type: 'graph',
    layout: 'none',
    roam: true,
    edgeSymbol: ['none', 'arrow'],
    edgeSymbolSize: 6,
    top: 72,
    bottom: 24,
    left: 32,
    right: 32,
    data: nodes,
    links,
  }
  return {
    ...chartBase(
      'NoC traffic',
      `${noc.cols} x ${noc.rows} mesh, XY routing · link use mean ${formatPercent(m.linkUtilizationMean ?? 0)}, max ${formatPercent(m.linkUtilizationMax ?? 0)} · wider, darker: reserved longer`,
    ),
    toolbox: toolbox('noc-traffic', false),
    tooltip: { trigger: 'item' },
    series: [series],
  }
}
