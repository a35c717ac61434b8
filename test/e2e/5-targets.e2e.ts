/** Target mode: the smallest chip for 2000 inferences/s of TinyYOLOv4, for each duplication strategy side by side, and a run of one answer. */
import { check, jobStatus, openScreen, screenshot, startJob, type Scenario } from './helpers'

export const scenarios: Scenario[] = [
  {
    name: 'plan TinyYOLOv4 for 2000 inferences/s: each strategy side by side, then run the greedy answer',
    async run(ctx) {
      const { page } = ctx
      await openScreen(page, 'setup')
      await page.waitForSelector('[data-test=zoo-select]:has-text("tinyyolov4")')
      await page.click('[data-test=schedule-clsa]')
      await page.click('[data-test=target-fps]')
      await page.fill('[data-test=target-value] input', '2000')
      await page.click('[data-test=target-plan]')
      await page.waitForSelector('[data-test=target-answers]', { timeout: 120_000 })
      const text = async (s: string) => (await page.textContent(s)) ?? ''
      check((await text('[data-test=target-answer-greedy]')).includes('535 PEs'), 'greedy reaches 2000 inferences/s with 535 PEs')
      check((await text('[data-test=target-answer-greedy]')).includes('one PE fewer, 534 PEs'), 'greedy shows the chip one PE smaller')
      check((await text('[data-test=target-answer-optimal]')).includes('535 PEs'), 'min-max reaches it with 535 PEs')
      check((await text('[data-test=target-answer-none]')).includes('Unreachable'), 'without duplication it is unreachable')
      await page.locator('[data-test=card-target]').scrollIntoViewIfNeeded()
      await screenshot(ctx, 'setup-target', 1500)
      const job = await startJob(page, '[data-test=target-run-greedy]')
      await jobStatus(page, job, 'done')
      await page.click(`[data-job="${job}"] [data-test=job-open]`)
      await page.waitForSelector('[data-test=metric]')
      const cards = await page.$$eval('[data-test=metric]', (els) => els.map((e) => e.textContent ?? ''))
      check(
        cards.some((t) => /Latency623 steps/.test(t)),
        `the answer's run has 623 steps: ${cards.slice(0, 3).join(' | ')}`,
      )
    },
  },
]
