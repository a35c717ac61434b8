/**
 * What a run looks like and how the form guards it: impossible sizes refused in the form, a failed
 * job's own error, reload mode drawn as it is, the dark theme and the keyboard shortcuts.
 */
import type { Page } from 'playwright-core'
import { chartsDrawn, check, chipSizing, chooseZoo, jobStatus, openScreen, screenshot, startJob, type Scenario } from './helpers'

/** Waits until a run row of the history table is inside the table's visible box. */
async function rowsInView(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const box = document.querySelector('[data-test=run-table]')!.getBoundingClientRect()
    return [...document.querySelectorAll('[data-test=run-table] [data-run]')].some((row) => {
      const r = row.getBoundingClientRect()
      return r.bottom > box.top + 30 && r.top < box.bottom
    })
  })
}

/** The background of the page and of a chart's canvas, as [r, g, b]. */
async function backgrounds(page: Page, chart: string): Promise<{ body: string; canvas: number[] }> {
  return page.evaluate((selector) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`${selector} canvas`)!
    const pixel = canvas.getContext('2d')!.getImageData(2, 2, 1, 1).data
    return { body: getComputedStyle(document.body).backgroundColor, canvas: [pixel[0], pixel[1], pixel[2]] }
  }, chart)
}

/** The reload-mode run, compared with the first run by the keyboard shortcut. */
let reloadRunId = 0

export const scenarios: Scenario[] = [
  {
    name: 'refuse an input size TinyYOLOv4 cannot take and a chip of -5 PEs in the form, with the reason',
    async run(ctx) {
      const { page } = ctx
      await openScreen(page, 'setup')
      await chooseZoo(page, 'tinyyolov4')
      await page.fill('[data-test=input-h] input', '100')
      await page.fill('[data-test=input-w] input', '100')
      await page.waitForSelector('[data-test=input-h] .n-form-item-feedback:has-text("tinyyolov4 needs a multiple of 32 (e.g. 96 or 128)")')
      check(await page.isDisabled('[data-test=run]'), 'Run is disabled at 100x100')
      check(await page.isDisabled('[data-test=sweep-start]'), 'a sweep cannot start either')
      check((await page.textContent('[data-test=run-blocked]')) === 'Input height: tinyyolov4 needs a multiple of 32 (e.g. 96 or 128)', 'the reason is shown')
      await chipSizing(page, 'Exactly')
      await page.fill('[data-test=chip-pes] input', '-5')
      await page.waitForSelector('[data-test=chip-size] .n-form-item-feedback:has-text("must be a whole number from 1 to 100,000,000")')
      await page.click('[data-test=card-network]') // blur: the value must stay -5, not be clamped to 1
      check((await page.inputValue('[data-test=chip-pes] input')) === '-5', 'the chip size is not clamped')
      await screenshot(ctx, 'setup-validation', 1300)
      await page.fill('[data-test=input-h] input', '')
      await page.fill('[data-test=input-w] input', '')
      await chipSizing(page, 'As the architecture')
      await page.waitForSelector('[data-test=run-blocked]', { state: 'detached' })
      check(await page.isEnabled('[data-test=run]'), 'Run is enabled again')
    },
  },
  {
    name: "a failed job's card shows the run's own error",
    async run(ctx) {
      const { page } = ctx
      await openScreen(page, 'setup')
      await chooseZoo(page, 'vgg16')
      await page.fill('[data-test=input-h] input', '16') // VGG-16's five poolings cannot halve 16 px five times
      await page.fill('[data-test=input-w] input', '16')
      const job = await startJob(page, '[data-test=run]')
      await jobStatus(page, job, 'failed', 60_000)
      const error = (await page.textContent(`[data-job="${job}"] [data-test=job-error]`)) ?? ''
      check(error.startsWith('vgg16 cannot be built at input 16x16'), `the job card shows the first error: ${error}`)
      await screenshot(ctx, 'job-failed')
      await page.fill('[data-test=input-h] input', '')
      await page.fill('[data-test=input-w] input', '')
      await chooseZoo(page, 'tinyyolov4')
    },
  },
  {
    name: 'run TinyYOLOv4 on 60 PEs: reload mode drawn with its reprogramming phases and "duplication off"',
    async run(ctx) {
      const { page } = ctx
      await openScreen(page, 'setup')
      await page.click('[data-test=schedule-clsa]')
      await page.click('[data-test=duplication-greedy]')
      await chipSizing(page, 'Exactly')
      await page.fill('[data-test=chip-pes] input', '60')
      const job = await startJob(page, '[data-test=run]')
      await jobStatus(page, job, 'done')
      await page.click(`[data-job="${job}"] [data-test=job-open]`)
      await chartsDrawn(page, '[data-test^=chart-]', 4)
      reloadRunId = Number(new URL(page.url()).hash.split('/')[2])
      const tag = await page.textContent('[data-test=run-duplication]')
      check(tag?.trim() === 'duplication off (reload mode)', `the header says duplication is off: ${tag}`)
      const gantt = (await page.getAttribute('[data-test=chart-gantt] [role=img]', 'aria-label')) ?? ''
      check(gantt.includes('3 reload segments, 70.1 steps (56.1 µs) to program each'), `the Gantt draws the reprogramming phases: ${gantt}`)
      await screenshot(ctx, 'run-reload', 2300)
      await openScreen(page, 'setup')
      await chipSizing(page, 'As the architecture')
    },
  },
  {
    name: 'switch to the dark theme: the page and the charts turn dark, and it is remembered',
    async run(ctx) {
      const { page } = ctx
      await openScreen(page, 'run')
      await chartsDrawn(page, '[data-test^=chart-]', 4)
      if ((await page.getAttribute('html', 'data-theme')) === 'dark') await page.click('[data-test=theme-toggle]')
      const light = await backgrounds(page, '[data-test=chart-gantt]')
      check(light.body === 'rgb(246, 247, 249)' && light.canvas.every((c) => c > 240), `light first: ${JSON.stringify(light)}`)
      await page.click('[data-test=theme-toggle]')
      await page.waitForSelector('html[data-theme=dark]')
      await page.waitForTimeout(300)
      const dark = await backgrounds(page, '[data-test=chart-gantt]')
      check(dark.body === 'rgb(16, 19, 24)' && dark.canvas.every((c) => c < 40), `dark page and chart: ${JSON.stringify(dark)}`)
      await screenshot(ctx, 'run-detail-dark', 2300)
      for (const screen of ['setup', 'history', 'compare', 'tradeoffs']) {
        await openScreen(page, screen)
        if (screen === 'compare' || screen === 'tradeoffs') await chartsDrawn(page, '[data-test^=chart-]', 3)
        if (screen === 'history') await rowsInView(page) // the table was left scrolled far down: its rows are still drawn in view
        await screenshot(ctx, `${screen}-dark`, screen === 'setup' ? 1300 : 1150)
      }
      await page.reload()
      await page.waitForSelector('nav [data-screen=setup]')
      check((await page.getAttribute('html', 'data-theme')) === 'dark', 'the dark theme is remembered after a reload')
    },
  },
  {
    name: 'keyboard shortcuts: ? lists them, T switches the theme, H opens the history, / searches, C compares, Ctrl+Enter runs',
    async run(ctx) {
      const { page } = ctx
      await openScreen(page, 'setup')
      await page.click('.screen-header h1') // no field has the focus
      await page.keyboard.press('?')
      await page.waitForSelector('[data-test=shortcut-help]:has-text("Ctrl+Enter")')
      await screenshot(ctx, 'shortcuts-help')
      await page.keyboard.press('Escape')
      await page.waitForSelector('[data-test=shortcut-help]', { state: 'detached' })
      await page.keyboard.press('t')
      await page.waitForSelector('html[data-theme=light]')
      await page.keyboard.press('h')
      await page.waitForSelector('nav [data-screen=history].active')
      await page.keyboard.press('/')
      check(await page.evaluate(() => Boolean(document.activeElement?.closest('[data-test=run-search]'))), '/ focuses the history search')
      await page.keyboard.type('tinyyolov4')
      check((await page.inputValue('[data-test=run-search] input')) === 'tinyyolov4', 'typing in the search is not taken as shortcuts')
      await page.fill('[data-test=run-search] input', '')
      await page.click('[data-experiment]:has-text("workbench runs")')
      await page.waitForSelector('[data-run="1"]')
      await page.click('[data-run="1"] input[type=checkbox]')
      await page.click(`[data-run="${reloadRunId}"] input[type=checkbox]`)
      await page.click('.screen-header h1')
      await page.keyboard.press('c')
      await page.waitForSelector('nav [data-screen=compare].active')
      const compared = new URL(page.url()).hash
        .replace('#/compare/', '')
        .split(',')
        .map(Number)
        .sort((a, b) => a - b)
      check(compared.join() === `1,${reloadRunId}`, `C compares the selected runs: ${compared.join()}`)
      await chartsDrawn(page, '[data-test^=chart-compare]', 3)
      await openScreen(page, 'setup')
      await page.click('.screen-header h1')
      const before = await page.getAttribute('[data-test=job]:first-child', 'data-job')
      await page.keyboard.press('Control+Enter')
      await page.waitForFunction((old) => document.querySelector('[data-test=job]')?.getAttribute('data-job') !== old, before)
      await jobStatus(page, (await page.getAttribute('[data-test=job]:first-child', 'data-job'))!, 'done')
    },
  },
]
