/**
 * The chip map: one row per tile, one cell per PE, colored by the layer whose copy it holds
 * (alternate copies of a layer in a lighter shade; one legend entry per layer), with each tile's
 * cell writes alongside (result.placement and result.tiles, cim-model.md sections 3 and 8).
 */
import type { BarSeriesOption, CustomSeriesOption, CustomSeriesRenderItem, EChartsOption, YAXisComponentOption } from 'echarts'
import type { ExperimentResult } from '../experiment'
import { chipTiles, tileOf } from '../formulas'
import { chartBase, INK, tickLabels, toolbox, tooltipHtml, valueAxis, wrappingLegend } from './common'
import { formatCompact, formatCount, formatPes } from './format'
import { layerColors } from './palette'

type ChipMapInput = Pick<ExperimentResult, 'layers' | 'placement' | 'tiles' | 'architecture' | 'endurance'>

export interface ChipMapOptions {
  /** Reload segment shown when the network does not fit (default 0: the first). */
  segment?: number
}

/** One PE holding weights: its slot in its tile, the tile, and the copy it holds. */
export interface PeCell {
  pe: number
  tile: number
  slot: number
  layer: number
  copy: number
}

/** The PEs of a segment's placement, one cell per PE. */
export function chipCells(result: Pick<ExperimentResult, 'layers' | 'placement' | 'architecture'>, segment = 0): PeCell[] {
  const perTile = result.architecture.pesPerTile
  const cells: PeCell[] = []
  for (const c of result.placement) {
    if (result.layers[c.layer].segment !== segment) continue
    for (let pe = c.firstPe; pe < c.firstPe + c.pes; pe++) cells.push({ pe, tile: tileOf(pe, perTile), slot: pe % perTile, layer: c.layer, copy: c.copy })
  }
  return cells
}

/** Tiles on the chip: ceil(chip PEs / PEs per tile). */
export function tileCount(result: Pick<ExperimentResult, 'architecture'>): number {
  return chipTiles(result.architecture)
}

/** Colour of PEs holding no weights. */
export const FREE_PE_COLOR = '#e3e6eb'

/** Rows shown at once before the tile axis scrolls. */
const VISIBLE_TILES = 40

/** The layers holding PEs in a segment, by layer index in network order. */
export function segmentLayers(result: Pick<ExperimentResult, 'placement' | 'layers'>, segment = 0): number[] {
  return [...new Set(result.placement.map((c) => c.layer))].filter((l) => result.layers[l].segment === segment).sort((a, b) => a - b)
}

/** Legend entries besides the layers: free PEs and the cell writes per tile. */
const OTHER_ENTRIES = 2
/** Legend entry width (layer names), px, and the narrowest the chip map is drawn (a report page). */
const LEGEND_PX = 140
const CHART_PX = 720
const legendFor = (layers: number) => wrappingLegend(layers + OTHER_ENTRIES, LEGEND_PX, CHART_PX)

/** Recommended chart height in pixels for a chip of `tiles` tiles whose map shows `layers` layers (one legend entry each). */
export function chipMapHeight(tiles: number, layers = 0): number {
  return legendFor(layers).plotTop + 54 + Math.min(tiles, VISIBLE_TILES) * 16
}

const cellRect =
  (inset: number): CustomSeriesRenderItem =>
  (_params, api) => {
    const [x0, y] = api.coord([api.value(0), api.value(1)])
    const [x1] = api.coord([(api.value(0) as number) + (api.value(2) as number), api.value(1)])
    const h = (api.size!([0, 1]) as number[])[1] * 0.8
    return {
      type: 'rect',
      shape: { x: x0 + inset, y: y - h / 2, width: Math.max(1, x1 - x0 - 2 * inset), height: h },
      style: { fill: api.visual('color') as string },
    }
  }

export function chipMapOption(result: ChipMapInput, opts: ChipMapOptions = {}): EChartsOption {
  const { architecture: arch, layers, endurance } = result
  const segment = opts.segment ?? 0
  const tiles = tileCount(result)
  const perTile = arch.pesPerTile
  const cells = chipCells(result, segment)
  const shown = segmentLayers(result, segment)
  const light = layerColors(layers)
  const lighter = layerColors(layers, true)
  const { legend, plotTop } = legendFor(shown.length)
  const copiesOf = (layer: number) => layers[layer].copies
  const spanOf = new Map(result.placement.map((c) => [`${c.layer}:${c.copy}`, c]))
  const writes = new Map(result.tiles.map((t) => [t.tile, t]))
  const tileNames = Array.from({ length: tiles }, (_, t) => `tile ${t}`)
  const tileAxis = (gridIndex: number, labels: boolean): YAXisComponentOption => ({
    type: 'category',
    gridIndex,
    inverse: true,
    data: tileNames,
    axisTick: { show: false },
    axisLine: { show: false },
    axisLabel: { show: labels, color: INK, fontSize: 10 },
  })
  const free: CustomSeriesOption = {
    type: 'custom',
    name: 'free PEs',
    renderItem: cellRect(0),
    encode: { x: 0, y: 1 },
    itemStyle: { color: FREE_PE_COLOR },
    silent: true,
    data: tileNames.map((_, t) => [0, t, Math.min(perTile, arch.chipPes - t * perTile)]),
  }
  const cellsOf = new Map<number, PeCell[]>(shown.map((l) => [l, []]))
  for (const c of cells) cellsOf.get(c.layer)!.push(c)
  // One series per layer, so the legend names each layer with its colour (and can hide it).
  const used: CustomSeriesOption[] = shown.map((layer) => ({
    type: 'custom',
    name: layers[layer].name,
    progressive: 0, // draw every PE at once (a big chip has tens of thousands)
    renderItem: cellRect(0.5),
    encode: { x: 0, y: 1 },
    itemStyle: { color: light[layer] },
    data: cellsOf
      .get(layer)!
      .map((c) => ({ value: [c.slot, c.tile, 1, c.layer, c.copy, c.pe], itemStyle: { color: c.copy % 2 ? lighter[layer] : light[layer] } })),
  }))
  const tileWrites: BarSeriesOption = {
    type: 'bar',
    name: 'cell writes per tile',
    xAxisIndex: 1,
    yAxisIndex: 1,
    barWidth: '70%',
    itemStyle: { color: '#64748b' },
    data: tileNames.map((_, t) => writes.get(t)?.cellWrites ?? 0),
  }
  const segmentText = endurance.segments > 1 ? ` · reload segment ${segment + 1} of ${endurance.segments}` : ''
  const scroll = tiles > VISIBLE_TILES
  return {
    ...chartBase('Chip map', `${tiles} tiles × ${formatPes(perTile)} · ${formatPes(cells.length)} holding weights${segmentText}`),
    toolbox: toolbox('chip-map', false),
    legend,
    grid: [
      { left: 56, right: '31%', top: plotTop, bottom: 40 },
      { left: '72%', right: scroll ? 44 : 24, top: plotTop, bottom: 40 },
    ],
    xAxis: [
      valueAxis('PE slot in tile', { gridIndex: 0, min: 0, max: perTile, minInterval: 1, nameLocation: 'middle', nameGap: 22, splitLine: { show: false } }),
      valueAxis('cell writes', {
        gridIndex: 1,
        min: 0,
        nameLocation: 'middle',
        nameGap: 22,
        splitNumber: 2,
        axisLabel: tickLabels(formatCompact),
      }),
    ],
    yAxis: [tileAxis(0, true), tileAxis(1, false)],
    dataZoom: scroll
      ? [
          { type: 'slider', yAxisIndex: [0, 1], right: 8, width: 14, startValue: 0, endValue: VISIBLE_TILES - 1, showDetail: false, zoomLock: true },
          { type: 'inside', yAxisIndex: [0, 1], zoomOnMouseWheel: false, moveOnMouseWheel: true },
        ]
      : undefined,
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const params = p as unknown as { seriesName: string; value: number[] | number; dataIndex: number }
        if (params.seriesName === 'cell writes per tile') {
          const t = params.dataIndex
          return tooltipHtml(`tile ${t}`, [
            ['PEs holding weights', formatPes(writes.get(t)?.pesUsed ?? 0)],
            ['cell writes', `${formatCount(writes.get(t)?.cellWrites ?? 0)} cells`],
          ])
        }
        const [slot, tile, , layer, copy, pe] = params.value as number[]
        const span = spanOf.get(`${layer}:${copy}`)!
        return tooltipHtml(`PE ${pe} · tile ${tile}, slot ${slot}`, [
          ['layer', `${layers[layer].name} (${layers[layer].kind})`],
          ['copy', `${copy + 1} of ${copiesOf(layer)}`],
          ['copy spans', span.pes > 1 ? `PEs ${span.firstPe}–${span.firstPe + span.pes - 1} (${formatPes(span.pes)})` : `PE ${span.firstPe}`],
        ])
      },
    },
    series: [free, ...used, tileWrites],
  }
}
