/**
 * Reports: a run, a comparison or a sweep as a self-contained HTML document or a PDF.
 * history -> loadReportInput -> buildReportModel (pure) -> renderReportHtml -> PdfPrinter (headless
 * Chromium; KeptPrinter keeps one in the web host) or WindowPrinter (Electron).
 */
import type { History } from '../db/history'
import { buildReportModel } from './build-model'
import { renderReportHtml } from './html'
import { loadReportInput, type ReportSelection } from './load'
import type { PageSize, ReportInput } from './model'
import { PdfPrinter, printWith } from './pdf'

export { buildReportModel, reportDate } from './build-model'
export { renderReportHtml, PAGE_MARGINS_MM, PAGE_MM, type HtmlOptions } from './html'
export { loadReportInput, ReportError, type ReportSelection } from './load'
export {
  printWith,
  PdfPrinter,
  findChromium,
  printTemplates,
  withoutMarginBoxes,
  BrowserUnavailableError,
  CHROMIUM_ARGS,
  CHROMIUM_CANDIDATES,
  PDF_HELP,
  type PdfOptions,
} from './pdf'
export { renderChartSvg, printOption } from './svg'
export * from './model'

export type ReportFormat = 'html' | 'pdf'

export interface BuildReportOptions {
  format: ReportFormat
  pageSize?: PageSize
  /** Chromium for PDF output (default $CIM_CHROMIUM or /usr/bin/chromium). */
  chromiumPath?: string
  /** ISO date shown on the report; default the latest finish time of its runs. */
  date?: string
}

export interface BuiltReport {
  /** A suggested file name: cim-report-run-12.pdf, cim-report-runs-3-4.html, cim-report-experiment-5.pdf. */
  fileName: string
  mimeType: string
  bytes: Uint8Array
}

/** The suggested file name of a report (without the folder). */
export function reportFileName(input: ReportInput, format: ReportFormat): string {
  const base =
    input.kind === 'sweep'
      ? `experiment-${input.experiments[0]?.id ?? input.runs[0].experimentId}`
      : input.kind === 'run'
        ? `run-${input.runs[0].id}`
        : `runs-${input.runs.map((r) => r.id).join('-')}`
  return `cim-report-${base}.${format}`
}

/** The HTML text of a loaded report input: model, then HTML with the charts as SVG. */
export function renderReport(input: ReportInput, opts: { pageSize?: PageSize; date?: string } = {}): string {
  return renderReportHtml(buildReportModel(input, { date: opts.date }), { pageSize: opts.pageSize })
}

/** The HTML text of a report of stored runs, with its loaded input (the app prints it with its ReportPrinter). */
export function buildReportHtml(
  history: History,
  selection: ReportSelection,
  opts: { pageSize?: PageSize; date?: string } = {},
): { input: ReportInput; html: string } {
  const input = loadReportInput(history, selection)
  return { input, html: renderReport(input, opts) }
}

/**
 * Starts Chromium (for a PDF) while `work` builds the HTML; closes it again when `work` throws.
 * Resolves to the launch in progress (rejecting with BrowserUnavailableError without a browser).
 */
export function launchDuring<T>(pdf: boolean, chromiumPath: string | undefined, work: () => T): { result: T; launching: Promise<PdfPrinter> | null } {
  const launching = pdf ? PdfPrinter.launch({ chromiumPath }) : null
  launching?.catch(() => undefined) // reported where it is awaited
  try {
    return { result: work(), launching }
  } catch (e) {
    launching?.then((p) => p.close()).catch(() => undefined)
    throw e
  }
}

/**
 * A report of stored runs as a file: the runs by id (one run, or 2 to 8 compared) or a sweep
 * experiment's finished runs. PDF needs Chromium (throws BrowserUnavailableError without one);
 * it starts while the HTML is built.
 */
export async function buildReport(history: History, selection: ReportSelection, opts: BuildReportOptions): Promise<BuiltReport> {
  const input = loadReportInput(history, selection)
  const fileName = reportFileName(input, opts.format)
  const { result: html, launching } = launchDuring(opts.format === 'pdf', opts.chromiumPath, () => renderReport(input, opts))
  if (!launching) return { fileName, mimeType: 'text/html; charset=utf-8', bytes: new TextEncoder().encode(html) }
  const pdf = await printWith(launching, html, { pageSize: opts.pageSize })
  return { fileName, mimeType: 'application/pdf', bytes: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength) }
}
