/** A lifetime target in run setup: LeNet-5 on 2 PEs planned for a year, run, and its plan view and segments shown. */
import { chartsDrawn, check, chipSizing, chooseZoo, jobStatus, openScreen, screenshot, startJob, type Scenario } from './helpers'

export const scenarios: Scenario[] = [
  {
    name: 'plan LeNet-5 on 2 PEs for a lifetime of 1 year: the run shows the plan chart and the segments table',
    async run(ctx) {
      const { page } = ctx
      await openScreen(page, 'setup')
      await chooseZoo(page, 'lenet5')
      await page.click('[data-test=schedule-clsa]')
      await page.click('[data-test=duplication-greedy]')
      await chipSizing(page, 'Exactly')
      await page.fill('[data-test=chip-pes] input', '2')
      await page.click('[data-test=lifetime-on]')
      await page.fill('[data-test=lifetime-years] input', '1')
      await page.fill('[data-test=max-batch] input', '64')
      await page.locator('[data-test=lifetime-target]').scrollIntoViewIfNeeded()
      await screenshot(ctx, 'setup-lifetime', 1300)
      const job = await startJob(page, '[data-test=run]')
      await jobStatus(page, job, 'done')
      await page.click(`[data-job="${job}"] [data-test=job-open]`)
      await chartsDrawn(page, '[data-test=chart-plan]', 1)
      const plan = (await page.getAttribute('[data-test=chart-plan] [role=img]', 'aria-label')) ?? ''
      check(plan.includes('Reload plan: lenet5 on 2 PEs'), `the plan view is drawn: ${plan.slice(0, 120)}`)
      const rows = await page.$$eval('[data-test=plan-segments] tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''))
      check(rows.length === 4, `the chosen plan has 4 segments: ${rows.join(' | ')}`)
      check(rows[0].includes('conv1') && rows[3].includes('fc2 … fc3'), `segments named by their layers: ${rows.join(' | ')}`)
      const heading = (await page.textContent('[data-test=plan] h3')) ?? ''
      check(heading.includes('batch 64'), `the plan's batch is shown: ${heading}`)
      await screenshot(ctx, 'run-plan', 1500)
      await openScreen(page, 'setup')
      await page.click('[data-test=lifetime-on]')
      await chipSizing(page, 'As the architecture')
      await chooseZoo(page, 'tinyyolov4')
    },
  },
]
