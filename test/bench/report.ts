/**
 * Report benchmark (issue 6: a 10-page report in under 3 s): the PDF report of a stored run of a
 * 214-layer network, from the history to PDF bytes (model, HTML with SVG charts, headless Chromium).
 * Run alone: npx tsx test/bench/report.ts
 */
import { existsSync, readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { runExperiment } from '../../src/main/core/pipeline'
import { openHistory } from '../../src/main/db'
import { buildReport, buildReportHtml } from '../../src/main/report'
import { pageCount } from '../../src/main/cli/report'
import { deepNetwork, spec } from '../report/helpers'

export interface ReportBench {
  /** Pages of the PDF. */
  pages: number
  /** History to PDF bytes, ms. */
  ms: number
  /** Report model and HTML with the charts as SVG alone (measured apart), ms. */
  htmlMs: number
  /** ms - htmlMs: what Chromium adds (it starts while the HTML is built), ms. */
  pdfMs: number
  /**
   * CPU time of the whole build, ms: this process plus Chromium and its helpers (Linux; null
   * elsewhere). Unlike the wall time it does not grow when other work shares the machine.
   */
  cpuMs: number | null
}

/** CPU time of this process and of its children that have exited (Linux /proc), ms; null elsewhere. */
function cpuMs(): number | null {
  if (!existsSync('/proc/self/stat')) return null
  const stat = readFileSync('/proc/self/stat', 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ') // f[0] is field 3 (state)
  const ticks = Number(f[13]) + Number(f[14]) // cutime + cstime: exited children, in clock ticks of 10 ms
  const self = process.cpuUsage()
  return ticks * 10 + (self.user + self.system) / 1000
}

/** Waits until this process has no child left (Chromium exits in the background after printing). */
async function childrenGone(timeoutMs = 10_000): Promise<void> {
  const file = `/proc/self/task/${process.pid}/children`
  const end = Date.now() + timeoutMs
  while (existsSync(file) && readFileSync(file, 'utf8').trim() && Date.now() < end) await new Promise((r) => setTimeout(r, 20))
}

/**
 * Builds the PDF report of one run of a 214-layer residual network (about 10 A4 pages) with
 * buildReport, as the app and the CLI do, and times it from the stored run to the PDF bytes.
 */
export async function benchReport(): Promise<ReportBench> {
  const history = openHistory(':memory:')
  try {
    const s = spec(deepNetwork(70))
    const id = history.runs.queue(history.experiments.create({ name: 'report bench', notes: 'A deep residual network: a long per-layer table.' }), s)
    history.runs.start(id)
    history.runs.complete(id, await runExperiment(s), '2025-01-01T00:00:00.000Z')
    buildReportHtml(history, { runIds: [id] }, { pageSize: 'A4' }) // warm up (module loading, JIT), as in a running app
    const htmlStart = performance.now()
    buildReportHtml(history, { runIds: [id] }, { pageSize: 'A4' })
    const htmlMs = performance.now() - htmlStart
    await childrenGone()
    const cpu0 = cpuMs()
    const t0 = performance.now()
    const report = await buildReport(history, { runIds: [id] }, { format: 'pdf', pageSize: 'A4' })
    const ms = performance.now() - t0
    await childrenGone()
    const cpu1 = cpuMs()
    return { pages: pageCount(report.bytes), ms, htmlMs, pdfMs: ms - htmlMs, cpuMs: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0 }
  } finally {
    history.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchReport()
  const ok = r.ms < 3000
  const cpu = r.cpuMs === null ? '' : `, CPU ${r.cpuMs.toFixed(0)} ms`
  console.log(
    `${ok ? 'ok  ' : 'SLOW'} PDF report of ${r.pages} pages: ${r.ms.toFixed(0)} ms (HTML ${r.htmlMs.toFixed(0)} ms + PDF ${r.pdfMs.toFixed(0)} ms${cpu}) (target < 3000 ms)`,
  )
}
