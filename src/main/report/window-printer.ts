/**
 * Prints reports in Electron with its own Chromium: one hidden window without scripts, kept
 * between reports (a new window costs a renderer process) and opened when a report is likely
 * (warm). The report's HTML goes through a temporary file (a data: URL is capped at 2 MB), and
 * reports print one after another.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ReportPrinter } from './kept-printer'
import type { PageSize } from './model'

/** What the printer uses of an Electron BrowserWindow. */
export interface PrintWindow {
  loadFile(path: string): Promise<void>
  webContents: { printToPDF(options: { pageSize: PageSize; printBackground: boolean }): Promise<Uint8Array> }
  isDestroyed(): boolean
  destroy(): void
}

export class WindowPrinter implements ReportPrinter {
  private window: PrintWindow | null = null
  /** The last report in line (settled once it is printed or failed). */
  private queue: Promise<unknown> = Promise.resolve()

  /** `open` makes a hidden window with scripts off (Electron's BrowserWindow in the app, a stand-in in tests). */
  constructor(private readonly open: () => PrintWindow) {}

  warm(): void {
    this.openWindow()
  }

  print(html: string, pageSize: PageSize): Promise<Uint8Array> {
    const job = this.queue.then(() => this.printNow(html, pageSize))
    this.queue = job.catch(() => undefined)
    return job
  }

  /** Destroys the window now (a report printing in it fails; a later one opens a new window). */
  async close(): Promise<void> {
    if (this.window && !this.window.isDestroyed()) this.window.destroy()
    this.window = null
  }

  private openWindow(): PrintWindow {
    if (!this.window || this.window.isDestroyed()) this.window = this.open()
    return this.window
  }

  private async printNow(html: string, pageSize: PageSize): Promise<Uint8Array> {
    const dir = mkdtempSync(join(tmpdir(), 'cim-report-'))
    try {
      const file = join(dir, 'report.html')
      writeFileSync(file, html)
      const window = this.openWindow()
      await window.loadFile(file)
      return await window.webContents.printToPDF({ pageSize, printBackground: true })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
