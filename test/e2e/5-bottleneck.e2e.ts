/** The bottleneck in the run view: named in a line, outlined in the Gantt, highlighted in the layer table, busy density on request. */
import type { Page } from 'playwright-core'
import { chartsDrawn, check, chooseZoo, jobStatus, openScreen, screenshot, startJob, type Scenario } from './helpers'

/** Pixels of the Gantt's canvas in the bottleneck colour (#b91c1c, src/shared/charts/palette.ts: BOTTLENECK_COLOR), give or take antialiasing. */
async function bottleneckPixels(page: Page): Promise<number> {
  return page.$eval('[data-test=chart-gantt] canvas', (c) => {
    const canvas = c as HTMLCanvasElement
    const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
    let n = 0
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - 185) <= 7 && Math.abs(d[i + 1] - 28) <= 8 && Math.abs(d[i + 2] - 28) <= 8 && d[i + 3] > 200) n++
    return n
  })
}

const ganttLabel = async (page: Page) => (await page.getAttribute('[data-test=chart-gantt] [role=img]', 'aria-label')) ?? ''

export const scenarios: Scenario[] = [
  {
    name: 'the bottleneck of TinyYOLOv4 (CLSA-CIM + greedy): named, outlined in the Gantt, highlighted in the layer table, busy density',
    async run(ctx) {
      const { page } = ctx
      await openScreen(page, 'setup')
      await chooseZoo(page, 'tinyyolov4')
      await page.click('[data-test=schedule-clsa]')
      await page.click('[data-test=duplication-greedy]')
      const job = await startJob(page, '[data-test=run]')
      await jobStatus(page, job, 'done')
      await page.click(`[data-job="${job}"] [data-test=job-open]`)
      await chartsDrawn(page, '[data-test^=chart-]', 4)

      const line = (await page.textContent('[data-test=bottleneck-line]')) ?? ''
      check(
        line.includes('latency is bound by conv13 (2,704 steps of work on 1 copy); one more copy (3 PEs) does not fit: 0 of 181 PEs are free'),
        `the bottleneck line: ${line}`,
      )
      check((await ganttLabel(page)).includes('bound by conv13 (outlined)'), `the Gantt names the bottleneck: ${await ganttLabel(page)}`)
      const outline = await bottleneckPixels(page)
      check(outline > 150, `the bottleneck's bar and label are drawn in its colour: ${outline} pixels`)

      const row = page.locator('[data-test=layer-table] tr.bottleneck')
      await row.scrollIntoViewIfNeeded()
      check((await row.count()) === 1, 'one row of the layer table is highlighted')
      const cells = await row.locator('td').allTextContents()
      check(cells[1] === 'conv13' && cells.includes('2,704'), `the highlighted row is conv13 with its work per copy: ${cells.join(' | ')}`)

      await page.locator('[data-test=chart-gantt]').scrollIntoViewIfNeeded()
      await screenshot(ctx, 'run-bottleneck', 1300)
      await page.click('[data-test=gantt-density]')
      await page.waitForFunction(
        () => document.querySelector('[data-test=chart-gantt] [role=img]')?.getAttribute('aria-label')?.includes('shade: busy share of each span'),
        undefined,
        { timeout: 10_000 },
      )
      await chartsDrawn(page, '[data-test=chart-gantt]', 1)
      await screenshot(ctx, 'run-bottleneck-density', 1300)
      await page.click('[data-test=gantt-density]')
    },
  },
]
