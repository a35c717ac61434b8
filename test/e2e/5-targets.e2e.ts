/**
 * Target mode: a long search (40,000 inferences/s) shows each strategy's progress and is cancelled; then the smallest
 * chip for 2000 inferences/s of TinyYOLOv4, for each duplication strategy side by side, and a run of one answer.
 */
import { check, jobStatus, openScreen, screenshot, startJob, type Scenario } from './helpers'

export const scenarios: Scenario[] = [
  {
    name: 'plan TinyYOLOv4: a long search shows its progress and is cancelled; for 2000 inferences/s each strategy side by side, then run the greedy answer',
    async run(ctx) {
      const { page } = ctx
      await openScreen(page, 'setup')
      await page.waitForSelector('[data-test=zoo-select]:has-text("tinyyolov4")')
      await page.click('[data-test=schedule-clsa]')
      await page.click('[data-test=target-fps]')
      const text = async (s: string) => (await page.textContent(s)) ?? ''
      await page.fill('[data-test=target-value] input', '40000')
      await page.click('[data-test=target-plan]')
      await page.waitForSelector('[data-test=target-progress-greedy]:has-text("chips scheduled")', { timeout: 60_000 })
      check(/^Greedy [\d,]+ chips scheduled, [\d,]+ skipped, at [\d,]+ PEs$/.test(await text('[data-test=target-progress-greedy]')), 'greedy shows its search')
      check((await text('[data-test=target-progress-none]')) === 'None answered', 'without duplication the answer came at once')
      await page.locator('[data-test=card-target]').scrollIntoViewIfNeeded()
      await screenshot(ctx, 'setup-target-searching', 1500)
      await page.click('[data-test=target-cancel]')
      await page.waitForSelector('text=Target search cancelled')
      await page.waitForSelector('[data-test=target-progress]', { state: 'detached' })
      check(!(await page.$('[data-test=target-answers]')), 'a cancelled search shows no answers')
      await page.fill('[data-test=target-value] input', '2000')
      await page.click('[data-test=target-plan]')
      await page.waitForSelector('[data-test=target-answers]', { timeout: 120_000 })
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
