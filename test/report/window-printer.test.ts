/**
 * The Electron report printer with a stand-in window (Electron's binary is absent here): one
 * hidden window kept between reports, the HTML through a temporary file, reports one at a time.
 */
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { PageSize } from '../../src/main/report/model'
import { WindowPrinter, type PrintWindow } from '../../src/main/report/window-printer'

/** A window that "prints" the file it loaded: the PDF bytes are the HTML's text and the page size. */
class StandInWindow implements PrintWindow {
  static opened: StandInWindow[] = []
  destroyed = false
  file = ''
  /** Calls to printToPDF running now (at most one, if reports print one at a time). */
  static printing = 0
  static mostAtOnce = 0
  constructor() {
    StandInWindow.opened.push(this)
  }
  loadFile(path: string): Promise<void> {
    this.file = path
    return Promise.resolve()
  }
  webContents = {
    printToPDF: async ({ pageSize }: { pageSize: PageSize; printBackground: boolean }): Promise<Uint8Array> => {
      StandInWindow.mostAtOnce = Math.max(StandInWindow.mostAtOnce, ++StandInWindow.printing)
      const text = readFileSync(this.file, 'utf8') // the file exists while the page prints
      await new Promise((r) => setTimeout(r, 20))
      StandInWindow.printing--
      return new TextEncoder().encode(`${pageSize}:${text}`)
    },
  }
  isDestroyed() {
    return this.destroyed
  }
  destroy() {
    this.destroyed = true
  }
}

const decode = (b: Uint8Array) => new TextDecoder().decode(b)

describe('WindowPrinter (Electron)', () => {
  it('prints reports one at a time in one kept window, through temporary files it removes', async () => {
    const printer = new WindowPrinter(() => new StandInWindow())
    printer.warm()
    expect(StandInWindow.opened).toHaveLength(1)
    const big = `<p>${'x'.repeat(3_000_000)}</p>` // more than a data: URL may carry
    const [a, b, c] = await Promise.all([printer.print('<p>a</p>', 'A4'), printer.print(big, 'Letter'), printer.print('<p>c</p>', 'A4')])
    expect([decode(a), decode(c)]).toEqual(['A4:<p>a</p>', 'A4:<p>c</p>'])
    expect(decode(b)).toBe(`Letter:${big}`)
    expect(StandInWindow.mostAtOnce).toBe(1)
    expect(StandInWindow.opened).toHaveLength(1)
    const window = StandInWindow.opened[0]
    expect(existsSync(window.file)).toBe(false)

    // a window destroyed from outside is replaced for the next report; close() destroys the kept one
    window.destroy()
    expect(decode(await printer.print('<p>d</p>', 'A4'))).toBe('A4:<p>d</p>')
    expect(StandInWindow.opened).toHaveLength(2)
    await printer.close()
    expect(StandInWindow.opened[1].destroyed).toBe(true)
  })
})
