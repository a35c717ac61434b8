/**
 * Runs in Chromium (bundled by test/e2e/perf/build.ts for the e2e timing test): draws chart options with the workbench's
 * ECharts build and reports how long building the option and drawing it took.
 */
import { echarts } from '../../../src/renderer/src/components/chart/echarts'
import { ganttLayout, ganttOption, utilizationOption } from '../../../src/shared/charts'
import type { LayerResult } from '../../../src/shared/experiment'

function layers(count: number): LayerResult[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `conv${i}`,
    kind: 'conv',
    out: { c: 64, h: 52, w: 52 },
    k: 576,
    n: 64,
    groups: 1,
    copies: 1 + (i % 4),
    pes: 1 + (i % 3),
    cellUtilization: 0.2,
    sets: 2704,
    macs: 1e8,
    startSteps: 25 * i,
    endSteps: 25 * i + 900 + (i % 7) * 40,
    busySteps: 2704,
    segment: 0,
    cellWrites: 1000 * (1 + (i % 4)),
    perCopySteps: Math.ceil(2704 / (1 + (i % 4))),
    busyFraction: 0.5,
    waitInputsSteps: 25 * i,
    waitCopySteps: 0,
  }))
}

/** How long drawing one chart took, ms: in all (until the frame is painted) and building the option. */
export interface DrawTiming {
  totalMs: number
  buildMs: number
}

/** Draws one option into a fresh chart in `el`, then disposes of it. */
function draw(el: HTMLElement, build: () => Parameters<echarts.ECharts['setOption']>[0]): Promise<DrawTiming> {
  const t0 = performance.now()
  const option = build()
  const buildMs = performance.now() - t0
  const chart = echarts.init(el, null, { renderer: 'canvas' })
  return new Promise((resolve) => {
    chart.on('finished', () => {
      const totalMs = performance.now() - t0
      chart.dispose()
      resolve({ totalMs, buildMs })
    })
    chart.setOption(option)
  })
}

/** Times of a Gantt of `count` layers and of a `points`-point utilization timeline, ms. */
async function measure(count: number, points: number): Promise<{ gantt: DrawTiming; timeline: DrawTiming }> {
  const el = document.getElementById('chart')!
  const rows = layers(count)
  el.style.height = `${ganttLayout([count]).height}px`
  const gantt = await draw(el, () => ganttOption(rows, 800))
  el.style.height = '320px'
  const latency = rows[rows.length - 1].endSteps
  const bins = { binSteps: Math.ceil(latency / points), utilization: Array.from({ length: points }, (_, i) => 0.3 + 0.3 * Math.sin(i / 17)) }
  const timeline = await draw(el, () => utilizationOption([{ label: 'run', timeline: bins, stepNs: 800, latencySteps: latency, meanUtilization: 0.3 }]))
  return { gantt, timeline }
}

;(window as unknown as { measure: typeof measure }).measure = measure
