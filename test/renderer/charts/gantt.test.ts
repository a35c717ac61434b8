import { describe, expect, it } from 'vitest'
import type { CustomSeriesOption, XAXisComponentOption, YAXisComponentOption } from 'echarts'
import { busyDensity, ganttLayout, ganttOption, ganttRows, ganttRun, reprogramPhases, stackedGanttOption } from '../../../src/shared/charts'
import { reprogrammingSteps } from '../../../src/shared/experiment'
import { largeResult, tinyResult } from '../fixtures/results'
import { asArray, tooltipOf } from './helpers'

describe('ganttOption', () => {
  const r = tinyResult()

  it('draws one bar per MVM layer at its busy span, in steps', () => {
    const o = ganttOption(r.layers, 800)
    const series = asArray(o.series) as CustomSeriesOption[]
    expect(series).toHaveLength(1)
    const data = series[0].data as { name: string; value: number[] }[]
    expect(data.map((d) => d.name)).toEqual(['conv0', 'conv1', 'fc'])
    // conv1 is network layer 2, the second row, busy 3..20 steps
    expect(data[1].value).toEqual([1, 3, 20, 2, 0, 1])
    const y = asArray(o.yAxis)[0] as YAXisComponentOption & { data: string[] }
    expect(y.data).toEqual(['conv0', 'conv1', 'fc'])
    const x = asArray(o.xAxis)[0] as XAXisComponentOption
    expect(x.name).toBe('time (MVM steps, 1 step = 800 ns)')
    expect(x.max).toBe(40)
  })

  it('includes digital layers on request', () => {
    expect(ganttRows(r.layers, true).map(([i]) => i)).toEqual([0, 1, 2, 3])
    const data = (asArray(ganttOption(r.layers, 800, { includeDigital: true }).series)[0] as CustomSeriesOption).data as { value: number[] }[]
    expect(data[1].value).toEqual([1, 1, 9, 1, 0, 1])
  })

  it('says the span with units in the tooltip', () => {
    const o = ganttOption(r.layers, 800)
    const html = tooltipOf(o)({ seriesIndex: 0, value: [1, 3, 20, 2] })
    expect(html).toContain('conv1 (conv)')
    expect(html).toContain('17 steps (13.6 µs)')
    expect(html).toContain('2 × 2 PEs')
  })

  it('has zoom on the time axis and a PNG export', () => {
    const o = ganttOption(r.layers, 800)
    expect(asArray(o.dataZoom).map((z) => (z as { type: string }).type)).toEqual(['inside', 'slider'])
    expect((o.toolbox as { feature: Record<string, unknown> }).feature).toHaveProperty('saveAsImage')
  })
})

describe('stackedGanttOption', () => {
  it('stacks one grid per run on a shared, linked time axis', () => {
    const a = tinyResult()
    const b = tinyResult()
    b.layers = b.layers.map((l) => ({ ...l, startSteps: l.startSteps * 2, endSteps: l.endSteps * 2 }))
    const o = stackedGanttOption([
      { label: 'A', layers: a.layers, stepNs: 800 },
      { label: 'B', layers: b.layers, stepNs: 800 },
    ])
    expect(asArray(o.grid)).toHaveLength(2)
    const xs = asArray(o.xAxis) as XAXisComponentOption[]
    expect(xs.map((x) => x.max)).toEqual([80, 80])
    expect((asArray(o.dataZoom)[0] as { xAxisIndex: number[] }).xAxisIndex).toEqual([0, 1])
    expect(asArray(o.series).map((s) => (s as CustomSeriesOption).name)).toEqual(['A', 'B'])
  })

  it('switches to µs when the runs have different MVM latencies', () => {
    const a = tinyResult()
    const o = stackedGanttOption([
      { label: 'A', layers: a.layers, stepNs: 800 },
      { label: 'B', layers: a.layers, stepNs: 1600 },
    ])
    const data = (asArray(o.series)[1] as CustomSeriesOption).data as { value: number[] }[]
    // conv1 of B: 3..20 steps at 1.6 µs per step
    expect(data[1].value.slice(1, 3)).toEqual([4.8, 32])
    expect((asArray(o.xAxis)[1] as XAXisComponentOption).name).toBe('time (µs)')
  })

  it('names all of 120 layers, 48 rows at a time on a scrolling layer axis', () => {
    const { rowPx, heights, height } = ganttLayout([120])
    expect(rowPx).toBe(12)
    expect(heights[0]).toBe(48 * 12)
    expect(height).toBeLessThan(800)
    const big = largeResult(120, 10)
    const o = ganttOption(big.layers, 800)
    const y = asArray(o.yAxis)[0] as { axisLabel: { interval: number; hideOverlap: boolean } }
    expect(y.axisLabel.interval).toBe(0)
    expect(y.axisLabel.hideOverlap).toBe(true) // printed without the scroll, names that would overlap are left out
    const zoom = asArray(o.dataZoom) as { type: string; yAxisIndex?: number; startValue?: number; endValue?: number }[]
    expect(zoom.find((z) => z.yAxisIndex === 0)).toMatchObject({ type: 'slider', startValue: 0, endValue: 47 })
    expect(asArray(ganttOption(tinyResult().layers, 800).dataZoom).some((z) => 'yAxisIndex' in z)).toBe(false)
  })

  it('formats time ticks without float artefacts and leaves out the crowded end tick', () => {
    const x = asArray(ganttOption(tinyResult().layers, 800).xAxis)[0] as { axisLabel: { formatter: (v: number) => string; showMaxLabel: boolean } }
    expect(x.axisLabel.formatter(44905.240000000005)).toBe('44,905')
    expect(x.axisLabel.formatter(2.5)).toBe('2.5')
    expect(x.axisLabel.showMaxLabel).toBe(false)
  })

  it('has no legend of runs: bars are coloured by layer, runs are named above their grids', () => {
    const a = tinyResult()
    const o = stackedGanttOption([
      { label: 'A', layers: a.layers, stepNs: 800 },
      { label: 'B', layers: a.layers, stepNs: 800 },
    ])
    expect(o.legend).toBeUndefined()
    expect((asArray(o.title) as { text: string }[]).map((t) => t.text)).toEqual(['Layer Gantt', 'A', 'B'])
  })
})

describe('reprogramming phases (reload mode)', () => {
  /** tinyResult cut into two segments: conv0 and the pool, then conv1 and fc, as the simulation times them. */
  function reloaded() {
    const r = tinyResult()
    const w = reprogrammingSteps(r.architecture, r.architecture.mvmLatencyNs) // 256 rows x 219 ns / 800 ns = 70.08 steps
    r.layers = [
      { ...r.layers[0], startSteps: w, endSteps: w + 8, segment: 0 },
      { ...r.layers[1], startSteps: w + 1, endSteps: w + 9, segment: 0 },
      { ...r.layers[2], startSteps: 2 * w + 9, endSteps: 2 * w + 26, segment: 1 },
      { ...r.layers[3], startSteps: 2 * w + 26, endSteps: 2 * w + 46, segment: 1 },
    ]
    r.endurance = { ...r.endurance, segments: 2, reloadMode: true }
    return r
  }

  it('takes crossbar rows x row write time per segment, in MVM steps', () => {
    expect(reprogrammingSteps(tinyResult().architecture, 800)).toBeCloseTo(70.08, 10)
  })

  it('puts the programming of each segment after everything before it', () => {
    const r = reloaded()
    const phases = reprogramPhases(r.layers, 70.08)
    expect(phases.map((p) => p.segment)).toEqual([0, 1])
    expect(phases[0].startSteps).toBe(0)
    expect(phases[0].endSteps).toBeCloseTo(70.08, 10)
    expect(phases[1].startSteps).toBeCloseTo(79.08, 10) // the pool, segment 0's last layer, ends at 70.08 + 9
    expect(phases[1].endSteps).toBeCloseTo(149.16, 10) // where conv1 starts
    expect(reprogramPhases(tinyResult().layers, 70.08)).toEqual([]) // one segment: nothing to reprogram
  })

  it('draws the phases as bands with a legend entry and a tooltip', () => {
    const r = reloaded()
    const o = stackedGanttOption([ganttRun('', r)])
    const series = asArray(o.series) as CustomSeriesOption[]
    expect(series.map((x) => x.name)).toEqual(['layers', 'reprogramming (reload mode)'])
    const bands = series[1].data as { value: number[] }[]
    expect(bands.map((b) => b.value.map((v) => Math.round(v * 100) / 100))).toEqual([
      [0, 70.08, 0, 0],
      [79.08, 149.16, 0, 1],
    ])
    expect((o.legend as { data: string[] }).data).toEqual(['reprogramming (reload mode)'])
    expect((o.title as { subtext: string }[])[0].subtext).toBe(
      '3 layers · latency 186 steps (149 µs) · 2 reload segments, 70.1 steps (56.1 µs) to program each · bound by fc (outlined)',
    )
    const html = tooltipOf(o)({ seriesName: 'reprogramming (reload mode)', seriesIndex: 1, value: bands[1].value })
    expect(html).toContain('reprogramming segment 2 of 2')
    expect(html).toContain('70.1 steps (56.1 µs)')
  })
})

describe('the bottleneck and busy density', () => {
  const r = tinyResult()
  const yAxis = (o: ReturnType<typeof stackedGanttOption>) => asArray(o.yAxis)[0] as YAXisComponentOption & { axisLabel: { formatter: (n: string) => string } }
  const bars = (o: ReturnType<typeof stackedGanttOption>) => (asArray(o.series)[0] as CustomSeriesOption).data as { name: string; value: number[] }[]

  it('marks the layer that bounds the latency: its bar outlined, its name in red, named in the subtitle', () => {
    const o = stackedGanttOption([ganttRun('', r)])
    expect(bars(o).map((d) => [d.name, d.value[4]])).toEqual([
      ['conv0', 0],
      ['conv1', 0],
      ['fc', 1],
    ])
    expect(yAxis(o).axisLabel.formatter('fc')).toBe('{hot|fc ▶}')
    expect(yAxis(o).axisLabel.formatter('conv1')).toBe('conv1')
    expect((asArray(o.title)[0] as { subtext: string }).subtext).toBe('3 layers · latency 40 steps (32 µs) · bound by fc (outlined)')
    expect(tooltipOf(o)({ seriesIndex: 0, value: [2, 20, 40, 3] })).toContain('fc (dense): bounds the latency')
  })

  it('a result of an older version (no bottleneck) highlights nothing', () => {
    const o = stackedGanttOption([ganttRun('', { ...r, bottleneck: null })])
    expect(bars(o).every((d) => d.value[4] === 0)).toBe(true)
    expect((asArray(o.title)[0] as { subtext: string }).subtext).toBe('3 layers · latency 40 steps (32 µs)')
  })

  it('density mode shades each bar by the share of its span its copies compute', () => {
    // conv0: 16 copy-steps on 2 copies over 0..8 = 1; conv1: 16 on 2 copies over 3..20 = 16 / 34; fc: 16 on 1 copy over 20..40 = 0.8.
    expect(r.layers.map(busyDensity)).toEqual([1, 1, 16 / 34, 0.8])
    const o = stackedGanttOption([ganttRun('', r)], { density: true })
    expect(bars(o).map((d) => d.value[5])).toEqual([1, 16 / 34, 0.8])
    expect(bars(stackedGanttOption([ganttRun('', r)])).map((d) => d.value[5])).toEqual([1, 1, 1])
    expect((asArray(o.title)[0] as { subtext: string }).subtext).toContain('shade: busy share of each span')
    const html = tooltipOf(o)({ seriesIndex: 0, value: [1, 3, 20, 2] })
    for (const row of [
      'busy in its span',
      '47.1 %',
      'work per copy',
      '8 steps',
      'busy in the run',
      '20.0 %',
      'waiting for inputs',
      '6 copy-steps',
      'waiting for a copy',
      '0 set-steps',
    ])
      expect(html).toContain(row)
  })
})
