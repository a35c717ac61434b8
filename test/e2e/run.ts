/**
 * End-to-end tests in a real Chromium against the local web host (`npm run test:e2e`): builds the
 * renderer when it is missing or older than its sources, starts the web host on a free port with a
 * fresh temporary database, runs every scenario of test/e2e/*.e2e.ts in order in one page, and ends
 * with "N passed, M failed" (exit code 1 when any failed). Screenshots go to test-results/screens.
 * E2E_ONLY=text runs only the scenarios whose name contains the text.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'
import type { E2EContext, Scenario } from './helpers'

const ROOT = resolve(import.meta.dirname, '../..')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Builds out/renderer (what the web host serves) when it is missing or older than its sources, before the host's start is timed. */
function buildRendererIfNeeded(): void {
  const r = spawnSync(process.execPath, ['scripts/build.mjs', 'renderer', '--if-stale'], { cwd: ROOT, stdio: 'inherit' })
  if (r.status !== 0) throw new Error('building the renderer failed: see the messages above')
}

interface Host {
  url: string
  child: ChildProcess
  /** The end of what the host wrote to stderr. */
  log(): string
}

/** Starts the web host (`npm run serve`) on a free port with a new database; resolves once it prints its URL. */
function startHost(db: string): Promise<Host> {
  const child = spawn(process.execPath, ['scripts/serve.mjs', '--port', '0', '--db', db], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let err = ''
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-20_000)))
  const log = () => err.slice(-3000)
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`the web host did not print its URL within 120 s:\n${err.slice(-2000)}`)), 120_000)
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const url = out.match(/http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/)?.[0]
      if (url) {
        clearTimeout(timer)
        resolvePromise({ url, child, log })
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the web host exited (${code}):\n${err.slice(-2000)}`))
    })
  })
}

/** Stops the web host started above (its own process group) and waits for it to exit. */
async function stopHost(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || !child.pid) return
  const exited = new Promise((r) => child.once('exit', r))
  try {
    process.kill(-child.pid, 'SIGTERM')
  } catch {
    child.kill('SIGTERM')
  }
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))])
}

/** The host's jobs as main reports them (to tell a stuck job from a missed event). */
async function hostJobs(url: string): Promise<unknown> {
  const u = new URL(url)
  const res = await fetch(`${u.origin}/api/jobs.list`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-cim-token': u.searchParams.get('token')! },
    body: '{}',
  })
  const body = (await res.json()) as { value: { label: string; status: string; step: string; runsDone: number; runsTotal: number }[] }
  return body.value.map((j) => `${j.label}: ${j.status} (${j.step}, runs ${j.runsDone}/${j.runsTotal})`)
}

async function loadScenarios(): Promise<Scenario[]> {
  const files = readdirSync(import.meta.dirname)
    .filter((f) => f.endsWith('.e2e.ts'))
    .sort()
  const lists = await Promise.all(files.map(async (f) => ((await import(join(import.meta.dirname, f))) as { scenarios: Scenario[] }).scenarios))
  return lists.flat()
}

async function main(): Promise<number> {
  buildRendererIfNeeded()
  const dir = mkdtempSync(join(tmpdir(), 'cim-e2e-'))
  const host = await startHost(join(dir, 'history.db'))
  const { url, child } = host
  // If this process dies without reaching the cleanup below (an uncaught error, Ctrl-C), the host goes with it.
  process.once('exit', () => {
    try {
      if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL')
    } catch {
      // already gone
    }
  })
  process.once('SIGINT', () => process.exit(130))
  console.log(`web host: ${url.replace(/token=.*/, 'token=…')}`)
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  })
  let passed = 0
  let failed = 0
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true })
    const page = await context.newPage()
    page.on('pageerror', (e) => console.log(`  page error: ${e.message}`))
    page.on('requestfailed', (r) => console.log(`  request failed: ${r.method()} ${new URL(r.url()).pathname} ${r.failure()?.errorText ?? ''}`))
    const ctx: E2EContext = { page, url, root: ROOT }
    await page.goto(url)
    for (const s of (await loadScenarios()).filter((x) => x.name.includes(process.env.E2E_ONLY ?? ''))) {
      const t0 = Date.now()
      try {
        await s.run(ctx)
        passed++
        console.log(`✓ ${s.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
      } catch (e) {
        failed++
        console.log(`✗ ${s.name}\n  ${(e as Error).stack ?? e}`)
        mkdirSync(join(ROOT, 'test-results'), { recursive: true })
        await page.screenshot({ path: join(ROOT, 'test-results', `failed-${s.name.replace(/\W+/g, '-')}.png`) }).catch(() => undefined)
        console.log(`  jobs in the host: ${JSON.stringify(await hostJobs(url).catch((err: Error) => err.message))}`)
        if (host.log()) console.log(`  host log:\n${host.log().replace(/^/gm, '    ')}`)
      }
    }
  } finally {
    await browser.close()
    await stopHost(child)
    rmSync(dir, { recursive: true, force: true })
  }
  console.log(`${passed} passed, ${failed} failed`)
  return failed ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e)
    console.log('0 passed, 1 failed')
    process.exit(1)
  },
)
