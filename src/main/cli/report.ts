/**
 * `cim report`: a stored run, a comparison of runs or a sweep experiment as a PDF or a
 * self-contained HTML file. Without a browser, a .pdf request writes the .html next to it and fails
 * with how to get a PDF.
 */
import { writeFileSync } from 'node:fs'
import { extname } from 'node:path'
import type { Command } from 'commander'
import { DB_HELP } from '../db/location'
import type { ReportSelection } from '../report'
import { PAGE_SIZES, type PageSize } from '../report/model'
import { withHistory } from './history'
import { UsageError, choiceOption, idOption } from './spec-options'

interface ReportOptions {
  run?: string
  runs?: string
  experiment?: string
  db?: string
  page: string
  chromium?: string
  output?: string
}

/** The runs or experiment chosen by --run, --runs or --experiment (exactly one). */
function selection(o: ReportOptions): ReportSelection {
  const given = [o.run !== undefined && '--run', o.runs !== undefined && '--runs', o.experiment !== undefined && '--experiment'].filter(Boolean)
  if (given.length !== 1)
    throw new UsageError(given.length ? `use one of ${given.join(', ')}, not several` : 'say what to report: --run ID, --runs ID,ID or --experiment ID')
  if (o.run !== undefined) return { runIds: [idOption('--run', o.run)] }
  if (o.runs !== undefined) return { runIds: o.runs.split(',').map((s) => idOption('--runs', s)) }
  return { experimentId: idOption('--experiment', o.experiment!) }
}

/** Where to write and in which format, from -o's file ending. */
function output(o: ReportOptions): { path: string; format: 'pdf' | 'html' } {
  if (!o.output) throw new UsageError('missing -o FILE.pdf or -o FILE.html: where to write the report')
  const ext = extname(o.output).toLowerCase()
  if (ext === '.pdf') return { path: o.output, format: 'pdf' }
  if (ext === '.html' || ext === '.htm') return { path: o.output, format: 'html' }
  throw new UsageError(`-o ${JSON.stringify(o.output)}: the file must end in .pdf or .html`)
}

function write(path: string, data: string | Uint8Array): void {
  try {
    writeFileSync(path, data)
  } catch (e) {
    throw new Error(`cannot write ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
  }
}

const kb = (n: number) => `${Math.max(1, Math.round(n / 1024))} KB`

/** Registers `report`; `out` prints one line. */
export function registerReportCommand(program: Command, out: (text: string) => void): void {
  program
    .command('report')
    .description('write a PDF or self-contained HTML report of a run, a comparison of runs or a sweep experiment')
    .option('--run <id>', 'one stored run')
    .option('--runs <ids>', `2 to 8 stored runs to compare, comma separated`)
    .option('--experiment <id>', 'every finished run of an experiment (a sweep)')
    .option('--db <path>', DB_HELP)
    .option('--page <size>', `page size: ${PAGE_SIZES.join(' or ')}`, 'A4')
    .option('--chromium <path>', 'Chromium executable for PDF output (default: $CIM_CHROMIUM or /usr/bin/chromium)')
    .option('-o, --output <file>', 'FILE.pdf or FILE.html')
    .action(async (o: ReportOptions) => {
      const sel = selection(o)
      const target = output(o)
      const pageSize = PAGE_SIZES.find((p) => p.toLowerCase() === o.page.toLowerCase()) ?? choiceOption<PageSize>('--page', o.page, PAGE_SIZES)
      // The report builder (ECharts) and Chromium load only here.
      const { BrowserUnavailableError, launchDuring, loadReportInput, PDF_HELP, printWith, renderReport } = await import('../report')
      const input = await withHistory(o.db, (h) => loadReportInput(h, sel), true)
      // For a PDF, Chromium starts while the HTML is built.
      const { result: html, launching } = launchDuring(target.format === 'pdf', o.chromium, () => renderReport(input, { pageSize }))
      if (!launching) {
        write(target.path, html)
        return out(`wrote ${target.path} (${kb(Buffer.byteLength(html))})`)
      }
      let pdf: Buffer
      try {
        pdf = await printWith(launching, html, { pageSize })
      } catch (e) {
        if (!(e instanceof BrowserUnavailableError)) throw e
        const htmlPath = target.path.slice(0, -extname(target.path).length) + '.html'
        write(htmlPath, html)
        throw new Error(`${e.reason}: wrote ${htmlPath} instead; ${PDF_HELP}`)
      }
      write(target.path, pdf)
      out(`wrote ${target.path} (${pageCount(pdf)} pages, ${kb(pdf.length)})`)
    })
}

/** Pages of a PDF written by Chromium (its page objects are not compressed). */
export function pageCount(pdf: Uint8Array): number {
  return (
    Buffer.from(pdf)
      .toString('latin1')
      .match(/\/Type\s*\/Page\b(?!s)/g) ?? []
  ).length
}
