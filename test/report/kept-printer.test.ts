/**
 * The kept printer of a running workbench: one Chromium for many reports, started again after it
 * died or was closed for idling, and a clear error (and no stuck state) without a browser.
 */
import type { Browser, Page } from 'playwright-core'
import { describe, expect, it, vi } from 'vitest'
import { pageCount } from '../../src/main/cli/report'
import { KeptPrinter } from '../../src/main/report/kept-printer'
import type { PdfPrinter } from '../../src/main/report/pdf'
import { chromiumForTests, pdfSkipReason } from './helpers'

const skip = pdfSkipReason()
const html = (title: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1></body></html>`
const isPdf = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-' && pageCount(bytes) === 1

describe.skipIf(skip !== null)(skip ?? 'KeptPrinter (system Chromium)', () => {
  it('prints many reports with one browser; a new page after a broken one; a new browser after it died or idled out', async () => {
    const kept = new KeptPrinter({ chromiumPath: chromiumForTests()!, idleMs: 1500 })
    try {
      kept.warm()
      const [a, b] = await Promise.all([kept.print(html('a'), 'A4'), kept.print(html('b'), 'Letter')])
      expect(isPdf(a) && isPdf(b)).toBe(true)
      expect(await kept.print(html('c'), 'A4')).toSatisfy(isPdf)
      expect(kept.launches).toBe(1)

      // the page breaks (closed under the printer): that report fails, the next one gets a new page
      const printer = await (kept as unknown as { launching: Promise<PdfPrinter> }).launching
      await (await (printer as unknown as { page: Promise<Page> }).page).context().close()
      await expect(kept.print(html('broken'), 'A4')).rejects.toThrow(/closed/)
      expect(await kept.print(html('d'), 'A4')).toSatisfy(isPdf)
      // ... also when opening that new page fails once
      const browser = (printer as unknown as { browser: Browser }).browser
      const newContext = browser.newContext.bind(browser)
      browser.newContext = () => ((browser.newContext = newContext), Promise.reject(new Error('no context this time')))
      await (await (printer as unknown as { page: Promise<Page> }).page).context().close()
      await expect(kept.print(html('broken'), 'A4')).rejects.toThrow(/closed/)
      await expect(kept.print(html('no page'), 'A4')).rejects.toThrow('no context this time')
      expect(await kept.print(html('d'), 'A4')).toSatisfy(isPdf)
      expect(kept.launches).toBe(1)

      // the browser goes away (crash, killed): pointing at Report starts a new one, the report uses it
      await printer.close()
      kept.warm()
      await vi.waitFor(() => expect(kept.launches).toBe(2))
      expect(await kept.print(html('d'), 'A4')).toSatisfy(isPdf)
      expect(kept.launches).toBe(2)

      // unused for idleMs: closed, and started again for the next report
      await new Promise((r) => setTimeout(r, 2500))
      expect((kept as unknown as { launching: unknown }).launching).toBeNull()
      expect(await kept.print(html('e'), 'A4')).toSatisfy(isPdf)
      expect(kept.launches).toBe(3)
    } finally {
      await kept.close()
    }
  }, 60_000)
})

describe('KeptPrinter without a browser', () => {
  it('warm() is quiet; print() names the missing Chromium and says how to get a PDF, every time', async () => {
    const kept = new KeptPrinter({ chromiumPath: '/nonexistent/chromium' })
    kept.warm()
    for (let i = 0; i < 2; i++)
      await expect(kept.print(html('x'), 'A4')).rejects.toThrow(/no Chromium at \/nonexistent\/chromium: to get a PDF, install Chromium/)
    await kept.close()
  })
})
