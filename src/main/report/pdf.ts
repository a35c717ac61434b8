/**
 * HTML report to PDF with the headless Chromium that playwright-core drives: the system chromium
 * (or a given path), offline, JavaScript off. Page numbers "Page X of Y" and the footer are drawn
 * by Chromium's header/footer templates (displayHeaderFooter).
 */
import { existsSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { FOOTER_META, MARGIN_BOXES_ATTR, PAGE_MARGINS_MM, PAGE_SIZE_META } from './html'
import { PAGE_SIZES, type PageSize } from './model'
import { REPORT_FONT } from './svg'
import { escapeHtml } from '../../shared/charts'

/** Where Chromium is looked for when no path is given and $CIM_CHROMIUM is not set (first found wins). */
export const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
]

/** Flags of the headless browser: no sandbox (containers, CI), no GPU, nothing fetched in the background. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']

/** How to get a PDF when there is no browser: one sentence, shown by the CLI and the app. */
export const PDF_HELP =
  'to get a PDF, install Chromium (e.g. `apt-get install chromium`), pass --chromium PATH or set CIM_CHROMIUM, or write .html and print it from a browser'

/** No usable Chromium: not found, or it would not start. */
export class BrowserUnavailableError extends Error {
  readonly code = 'NO_BROWSER'
  override name = 'BrowserUnavailableError'
  /** What went wrong, without the advice. */
  constructor(readonly reason: string) {
    super(`${reason}: ${PDF_HELP}`)
  }
}

export interface PdfOptions {
  /** Default: the page size the HTML was rendered for (its meta tag), else A4. */
  pageSize?: PageSize
  /** Chromium executable; default $CIM_CHROMIUM, else the first of CHROMIUM_CANDIDATES that exists. */
  chromiumPath?: string
  /** Footer text; default the one the HTML carries (its meta tag). */
  footer?: string
  /** Browser start and page timeout, ms. */
  timeoutMs?: number
}

/**
 * The Chromium to use: the explicit path, $CIM_CHROMIUM, or the first candidate that exists.
 * Throws BrowserUnavailableError naming what was tried.
 */
export function findChromium(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const given = explicit ?? env.CIM_CHROMIUM
  if (given) {
    if (existsSync(given)) return given
    throw new BrowserUnavailableError(`no Chromium at ${given}`)
  }
  const found = CHROMIUM_CANDIDATES.find((p) => existsSync(p))
  if (!found) throw new BrowserUnavailableError(`no Chromium found (looked for ${CHROMIUM_CANDIDATES[0]})`)
  return found
}

/** The content of one of the report's meta tags. */
function metaContent(html: string, name: string): string | undefined {
  const m = new RegExp(`<meta name="${name}" content="([^"]*)">`).exec(html)
  return m ? unescapeHtml(m[1]) : undefined
}

function unescapeHtml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!)
}

/** The HTML without its CSS margin boxes (Chromium's footer template draws footer and page numbers instead). */
export function withoutMarginBoxes(html: string): string {
  return html.replace(new RegExp(`<style ${MARGIN_BOXES_ATTR}>[\\s\\S]*?</style>\\n?`), '')
}

/**
 * Header and footer templates for Chromium's displayHeaderFooter (page.pdf here, or Electron's
 * webContents.printToPDF): an empty header, the footer text left and "Page X of Y" right.
 */
export function printTemplates(footer: string): { headerTemplate: string; footerTemplate: string } {
  const m = PAGE_MARGINS_MM
  const style = `width: 100%; margin: 0 ${m.right}mm 0 ${m.left}mm; padding-top: 5mm; font-family: ${REPORT_FONT}; font-size: 7.5pt; color: #6b7280; display: flex; justify-content: space-between; -webkit-print-color-adjust: exact;`
  return {
    headerTemplate: '<div></div>',
    footerTemplate: `<div style="${style.replace(/"/g, "'")}"><span>${escapeHtml(footer)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
  }
}

/**
 * A started headless Chromium that prints report HTML to PDF: offline, JavaScript off, one page
 * that takes each document in turn (a new page costs a renderer process: about 1 s here). Launch
 * it early (before building the HTML) so the browser starts while the report is built; the page
 * opens as soon as the browser is up. Documents print one after another: Chromium fails a print
 * started while another prints.
 */
export class PdfPrinter {
  private page: Promise<Page>
  /** The last document in line (settled once it is printed or failed). */
  private queue: Promise<unknown> = Promise.resolve()

  private constructor(
    private readonly browser: Browser,
    private readonly timeoutMs: number,
  ) {
    this.page = this.openPage()
  }

  /** Starts Chromium (see findChromium); throws BrowserUnavailableError when there is none or it fails. */
  static async launch(opts: Pick<PdfOptions, 'chromiumPath' | 'timeoutMs'> = {}): Promise<PdfPrinter> {
    const executablePath = findChromium(opts.chromiumPath)
    const timeout = opts.timeoutMs ?? 60_000
    let chromium: typeof import('playwright-core').chromium
    try {
      ;({ chromium } = await import('playwright-core')) // loaded only for PDFs (Electron prints with its own Chromium)
    } catch {
      throw new BrowserUnavailableError('playwright-core, which drives Chromium, is not installed')
    }
    try {
      return new PdfPrinter(await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, timeout }), timeout)
    } catch (e) {
      throw new BrowserUnavailableError(`Chromium at ${executablePath} did not start (${(e as Error).message.split('\n')[0]})`)
    }
  }

  private openPage(): Promise<Page> {
    const opening = (async () => {
      const context = await this.browser.newContext({ javaScriptEnabled: false, offline: true })
      const page = await context.newPage()
      page.setDefaultTimeout(this.timeoutMs)
      return page
    })()
    opening.catch(() => undefined) // reported by print()
    return opening
  }

  /** Prints one report's HTML (its page size and footer from the HTML unless given) to PDF bytes. */
  print(html: string, opts: Pick<PdfOptions, 'pageSize' | 'footer'> = {}): Promise<Buffer> {
    const job = this.queue.then(() => this.printNow(html, opts))
    this.queue = job.catch(() => undefined)
    return job
  }

  private async printNow(html: string, opts: Pick<PdfOptions, 'pageSize' | 'footer'>): Promise<Buffer> {
    const metaSize = metaContent(html, PAGE_SIZE_META)
    const pageSize: PageSize = opts.pageSize ?? (PAGE_SIZES.includes(metaSize as PageSize) ? (metaSize as PageSize) : 'A4')
    const footer = opts.footer ?? metaContent(html, FOOTER_META) ?? ''
    const opened = this.page
    try {
      const page = await opened
      await page.setContent(withoutMarginBoxes(html), { waitUntil: 'load' })
      const m = PAGE_MARGINS_MM
      return await page.pdf({
        format: pageSize,
        printBackground: true,
        displayHeaderFooter: true,
        ...printTemplates(footer),
        margin: { top: `${m.top}mm`, right: `${m.right}mm`, bottom: `${m.bottom}mm`, left: `${m.left}mm` },
      })
    } catch (e) {
      // the page may be broken (or never opened): the next document gets a new one
      opened.then((p) => p.context().close()).catch(() => undefined)
      if (this.connected) this.page = this.openPage()
      throw e
    }
  }

  /** Whether the browser still runs (it can crash or be killed). */
  get connected(): boolean {
    return this.browser.isConnected()
  }

  /** Ends the browser. */
  close(): Promise<void> {
    return this.browser.close()
  }
}

/**
 * Prints with a printer being launched (started earlier by the caller), then closes it: the
 * browser exits in the background once the PDF is complete (the process still waits for it).
 */
export async function printWith(launching: Promise<PdfPrinter>, html: string, opts: Pick<PdfOptions, 'pageSize' | 'footer'> = {}): Promise<Buffer> {
  const printer = await launching
  try {
    return await printer.print(html, opts)
  } finally {
    printer.close().catch(() => undefined)
  }
}
