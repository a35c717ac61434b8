/**
 * Start-up benchmark (issue 14): commands as a user types them, each timed against references
 * measured in the same rounds (`npm --version`, `node -e 0`), since absolute times on these machines
 * drift by 2-3x between runs. Rounds interleave the commands so that drift weighs on all alike.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { median } from './core'

const ROOT = resolve(import.meta.dirname, '../..')

export interface StartupFigures {
  /** Medians over the rounds, ms. */
  npmVersionMs: number
  nodeMs: number
  cimVersionMs: number
  cimRunMs: number
  /** timingsMs.total that `cim run --model tinyyolov4 --json` reports (a fresh process each time). */
  cimRunPipelineMs: number
  /** From `npm run serve` to its URL on stdout. */
  serveUrlMs: number
}

/** Wall time of a command run to its end, ms; throws with its stderr when it fails. */
function timed(cmd: string, args: string[]): { ms: number; stdout: string } {
  const t0 = performance.now()
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' })
  const ms = performance.now() - t0
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`)
  return { ms, stdout: r.stdout }
}

/** Time from `npm run serve` to the URL it prints, ms; the host (its own process group) is stopped afterwards. */
function serveUrlMs(db: string): Promise<number> {
  const t0 = performance.now()
  const child = spawn('npm', ['run', '-s', 'serve', '--', '--port', '0', '--db', db], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  return new Promise((resolveMs, reject) => {
    let ms: number | null = null
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (ms !== null || !/http:\/\/127\.0\.0\.1:\d+\//.test(out)) return
      ms = performance.now() - t0
      process.kill(-child.pid!, 'SIGTERM')
    })
    child.once('exit', (code) => (ms !== null ? resolveMs(ms) : reject(new Error(`npm run serve exited (${code}) before printing its URL:\n${err}`))))
  })
}

/** Runs `rounds` rounds of every command (after one warm-up round) and returns the medians. */
export async function benchStartup(rounds = 7): Promise<StartupFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'cim-bench-startup-'))
  const t: Record<keyof StartupFigures, number[]> = { npmVersionMs: [], nodeMs: [], cimVersionMs: [], cimRunMs: [], cimRunPipelineMs: [], serveUrlMs: [] }
  try {
    for (let i = 0; i <= rounds; i++) {
      const round = {
        npmVersionMs: timed('npm', ['--version']).ms,
        nodeMs: timed(process.execPath, ['-e', '0']).ms,
        cimVersionMs: timed('npm', ['run', '-s', 'cim', '--', '--version']).ms,
        ...(() => {
          const r = timed('npm', ['run', '-s', 'cim', '--', 'run', '--model', 'tinyyolov4', '--json'])
          return { cimRunMs: r.ms, cimRunPipelineMs: (JSON.parse(r.stdout) as { timingsMs: { total: number } }).timingsMs.total }
        })(),
        serveUrlMs: await serveUrlMs(join(dir, `history-${i}.db`)),
      }
      if (i > 0) for (const k of Object.keys(t) as (keyof StartupFigures)[]) t[k].push(round[k])
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)])) as unknown as StartupFigures
}
