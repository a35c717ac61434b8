/**
 * One headless Chromium kept for the reports of a running workbench (the local web host): started
 * on the first PDF or by warm() (the app calls it when the Report button is pointed at), reused while
 * reports are made, closed after `idleMs` without one and on close(). A kept printer's report
 * costs the print alone, not Chromium's start (1-2 s on a 2-core machine).
 */
import type { PageSize } from './model'
import { PdfPrinter } from './pdf'
import { REPORT_FONT } from './svg'

/** What the app prints reports with: a kept Chromium (web host) or Electron's own (printToPDF). */
export interface ReportPrinter {
  /** Report HTML to PDF bytes on paper of `pageSize`. */
  print(html: string, pageSize: PageSize): Promise<Uint8Array>
  /** A report is likely soon (its button pointed at): start what printing needs. May do nothing. */
  warm(): void
  close(): Promise<void>
}

export interface KeptPrinterOptions {
  /** Chromium executable (see findChromium). */
  chromiumPath?: string
  /** Closes the browser after this long without a report, ms; default 5 minutes. */
  idleMs?: number
}

/** The page warm() prints: what a report holds (its fonts, a table, an SVG chart), in a few lines. */
const PRIMER = `<!DOCTYPE html><html><head><meta charset="utf-8"><style>body { font-family: ${REPORT_FONT}; font-size: 9pt; } td { font-variant-numeric: tabular-nums; }</style></head>
<body><h1>CIM Workbench</h1><table><thead><tr><th>layer</th><th>steps</th></tr></thead><tbody><tr><td>conv1</td><td>1,024</td></tr></tbody></table>
<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><rect x="1" y="1" width="80" height="20" fill="#5470c6"/><path d="M0 50 L200 10" stroke="#91cc75"/>
<text x="100" y="40" font-size="12">PE utilization</text></svg></body></html>`

export class KeptPrinter implements ReportPrinter {
  private launching: Promise<PdfPrinter> | null = null
  private idleTimer: NodeJS.Timeout | null = null
  /** Reports asked for and not yet printed. */
  private printing = 0
  /** Browsers started so far (one per launch, a crashed or idle-closed one is started again). */
  launches = 0

  constructor(private readonly opts: KeptPrinterOptions = {}) {}

  /**
   * Starts Chromium in the background, if it is not running, and prints a small page on it: a
   * browser's first print also starts its print service and lays out the fonts, about 1 s here,
   * which the next report then need not wait for.
   */
  warm(): void {
    const current = this.launching
    const started = current ? current.then((p) => (p.connected ? null : this.relaunch(current))) : this.relaunch(null)
    started.then((p) => p?.print(PRIMER)).catch(() => undefined) // a failure is reported by the next print
    this.armIdle()
  }

  /** Prints report HTML to PDF bytes (the footer from the HTML), one report after another. */
  async print(html: string, pageSize: PageSize): Promise<Buffer> {
    this.printing++
    this.disarmIdle()
    try {
      return await (await this.printer()).print(html, { pageSize })
    } finally {
      this.printing--
      this.armIdle()
    }
  }

  /** Closes the browser (a later print starts a new one). */
  async close(): Promise<void> {
    this.disarmIdle()
    const launching = this.launching
    this.launching = null
    await launching?.then(
      (p) => p.close(),
      () => undefined,
    )
  }

  /** The running printer, started if there is none or the last one died; a failed start is retried next time. */
  private printer(): Promise<PdfPrinter> {
    const current = this.launching
    if (current) return current.then((p) => (p.connected ? p : this.relaunch(current)))
    return this.relaunch(null)
  }

  private relaunch(dead: Promise<PdfPrinter> | null): Promise<PdfPrinter> {
    if (this.launching !== dead) return this.printer() // another call started one meanwhile
    const launching = PdfPrinter.launch({ chromiumPath: this.opts.chromiumPath })
    this.launching = launching
    this.launches++
    launching.catch(() => {
      if (this.launching === launching) this.launching = null
    })
    return launching
  }

  private armIdle(): void {
    this.disarmIdle()
    if (this.printing > 0 || !this.launching) return
    this.idleTimer = setTimeout(() => this.close().catch(() => undefined), this.opts.idleMs ?? 5 * 60_000)
    this.idleTimer.unref()
  }

  private disarmIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
  }
}
