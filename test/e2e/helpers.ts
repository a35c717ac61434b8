/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/** Page helpers of the e2e scenarios: waiting for drawn charts, screenshots, finished jobs. */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'

export interface E2EContext {
  page: Page
  /** The workbench URL with its session token. */
  url: string
  /** Repository root. */
  root: string
}

/** One scenario: a name and what it does with the shared page (files run in name order, scenarios in list order). */
export interface Scenario {
  name: string
  run(ctx: E2EContext): Promise<void>
}

export const SCREENS_DIR = 'test-results/screens'

/** Fails with `message` unless `ok`. */
export function check(ok: unknown, message: string): asserts ok {
  if (!ok) throw new Error(message)
}

/** Saves a screenshot of the whole screen (the page is resized to show `height` px) under test-results/screens. */
export async function screenshot(ctx: E2EContext, name: string, height = 900): Promise<string> {
  const dir = join(ctx.root, SCREENS_DIR)
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${name}.png`)
  const size = ctx.page.viewportSize()!
  if (height !== size.height) await ctx.page.setViewportSize({ width: size.width, height })
  await ctx.page.waitForTimeout(400)
  await ctx.page.screenshot({ path })
  if (height !== size.height) await ctx.page.setViewportSize(size)
  return path
}

/** Waits until every element matching `selector` holds a chart with drawn pixels (canvas) or shapes (svg). */
export async function chartsDrawn(page: Page, selector: string, count: number, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    ({ selector, count }) => {
      // No named inner functions: tsx would wrap them in a helper the page does not have.
      const cards = [...document.querySelectorAll(selector)]
      if (cards.length < count) return false
      for (const card of cards) {
        let drawn = card.querySelectorAll('svg path, svg rect').length > 10
        for (const c of card.querySelectorAll('canvas')) {
          const ctx = c.getContext('2d')
          if (drawn || !ctx || !c.width || !c.height) continue
          const d = ctx.getImageData(0, 0, c.width, c.height).data
          let inked = 0
          for (let i = 0; i < d.length && !drawn; i += 64) if (d[i + 3] > 0 && (d[i] < 230 || d[i + 1] < 230 || d[i + 2] < 230)) drawn = ++inked > 100
        }
        if (!drawn) return false
      }
      return true
    },
    { selector, count },
    { timeout, polling: 250 },
  )
}

/** Goes to a screen through the navigation rail. */
export async function openScreen(page: Page, screen: string): Promise<void> {
  await page.click(`nav [data-screen=${screen}]`)
  await page.waitForTimeout(150)
}

/** Chooses a zoo network in the run setup. */
export async function chooseZoo(page: Page, name: string): Promise<void> {
  await page.click('[data-test=network-zoo]')
  await page.click('[data-test=zoo-select]')
  await page.keyboard.type(name)
  await page.keyboard.press('Enter')
  await page.waitForSelector(`[data-test=zoo-select]:has-text("${name}")`)
}

/** Picks a chip sizing in the run options ("As the architecture", "Minimum + extra", "Exactly"). */
export async function chipSizing(page: Page, label: string): Promise<void> {
  await page.click(`[data-test=chip-size] .n-radio-button:has-text("${label}")`)
}

/** Clicks what starts a job, waits for its card to appear first in the list; returns the job id. */
export async function startJob(page: Page, selector: string): Promise<string> {
  const before = await page.getAttribute('[data-test=job]:first-child', 'data-job').catch(() => null)
  await page.click(selector)
  await page.waitForFunction((old) => {
    const id = document.querySelector('[data-test=job]')?.getAttribute('data-job')
    return id && id !== old
  }, before)
  return (await page.getAttribute('[data-test=job]:first-child', 'data-job'))!
}

/** Waits for a job's card to reach a status. */
export async function jobStatus(page: Page, jobId: string, status: string, timeout = 120_000): Promise<void> {
  await page.waitForSelector(`[data-job="${jobId}"][data-status=${status}]`, { timeout })
}
