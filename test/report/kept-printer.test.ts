/**
 * The kept printer of a running workbench: one Chromium for many reports, started again after it
 * died or was closed for idling, and a clear error (and no stuck state) without a browser.
 */
import { describe, expect, it } from 'vitest'
import { pageCount } from '../../src/main/cli/report'
import { KeptPrinter } from '../../src/main/report/kept-printer'
import type { PdfPrinter } from '../../src/main/report/pdf'
import { chromiumForTests, pdfSkipReason } from './helpers'

const skip = pdfSkipReason()
const html = (title: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1></body></html>`
const isPdf = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-' && pageCount(bytes) === 1

describe.skipIf(skip !== null)(skip ?? 'KeptPrinter (system Chromium)', () => {
  it('prints many reports with one browser; starts another after the browser died or idled out', async () => {
    const kept = new KeptPrinter({ chromiumPath: chromiumForTests()!, idleMs: 1500 })
    try {
      kept.warm()
      const [a, b] = await Promise.all([kept.print(html('a')), kept.print(html('b'), { pageSize: 'Letter' })])
      expect(isPdf(a) && isPdf(b)).toBe(true)
      expect(await kept.print(html('c'))).toSatisfy(isPdf)
      expect(kept.launches).toBe(1)

      // the browser goes away under the printer (crash, killed): the next report starts a new one
      await (await (kept as unknown as { launching: Promise<PdfPrinter> }).launching).close()
      expect(await kept.print(html('d'))).toSatisfy(isPdf)
      expect(kept.launches).toBe(2)

      // unused for idleMs: closed, and started again for the next report
      await new Promise((r) => setTimeout(r, 2500))
      expect((kept as unknown as { launching: unknown }).launching).toBeNull()
      expect(await kept.print(html('e'))).toSatisfy(isPdf)
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
    for (let i = 0; i < 2; i++) await expect(kept.print(html('x'))).rejects.toThrow(/no Chromium at \/nonexistent\/chromium: to get a PDF, install Chromium/)
    await kept.close()
  })
})
