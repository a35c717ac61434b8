/** `cim report` as a user runs it: files written, one-line errors with exit code 2, the no-browser fallback. */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Command } from 'commander'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerReportCommand } from '../../src/main/cli/report'
import { chromiumForTests, pdfInfo, pdfSkipReason, removeTempDirs, spec, storeRun, tempDir, tempHistory } from './helpers'

/** Runs `cim ARGS` (scripts/cim.mjs, the built command line) and returns its exit code and output. */
function cim(...args: string[]) {
  const r = spawnSync(process.execPath, ['scripts/cim.mjs', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, CIM_CHROMIUM: '' },
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

let db: string
let dir: string
let runA: number
let runB: number
let sweep: number

beforeAll(async () => {
  const { history, path } = tempHistory()
  db = path
  dir = tempDir()
  const exp = history.experiments.create({ name: 'cli report' })
  runA = await storeRun(history, exp, spec('lenet5', { schedule: 'layer-by-layer', duplication: 'none' }))
  runB = await storeRun(history, exp, spec('lenet5'))
  sweep = history.experiments.create({ name: 'cli sweep' })
  for (const extraPes of [0, 16, 64]) await storeRun(history, sweep, spec('lenet5', { chip: { extraPes } }))
  history.close()
})

afterAll(() => removeTempDirs())

/** The one line a failed command prints. */
function oneLineError(r: ReturnType<typeof cim>): string {
  expect(r.code).toBe(2)
  const lines = r.stderr.trim().split('\n')
  expect(lines).toHaveLength(1)
  return lines[0]
}

describe('cim report', () => {
  it('writes a self-contained HTML report of a comparison', () => {
    const file = join(dir, 'compare.html')
    const r = cim('report', '--runs', `${runA},${runB}`, '--db', db, '-o', file)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`^wrote ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ KB\\)\\n$`))
    const html = readFileSync(file, 'utf8')
    expect(html).toContain(`Comparison of runs #${runA}, #${runB}`)
    expect(html).not.toContain('<script')
  })

  it('bad ids and a missing -o are one-line errors with exit code 2', () => {
    expect(oneLineError(cim('report', '--run', '999', '--db', db, '-o', join(dir, 'x.html')))).toBe('error: no run with id 999')
    expect(oneLineError(cim('report', '--run', String(runA), '--db', db))).toBe('error: missing -o FILE.pdf or -o FILE.html: where to write the report')
  })

  it('every bad request names what is wrong (in-process)', async () => {
    const x = join(dir, 'x.html')
    const cases: [string[], string | RegExp][] = [
      [['--experiment', '999', '--db', db, '-o', x], 'no experiment with id 999'],
      [['--run', 'abc', '--db', db, '-o', x], /^--run "abc": must be a whole number >= 1/],
      [['--runs', `${runA},0`, '--db', db, '-o', x], /^--runs "0": must be a whole number >= 1/],
      [['--runs', `${runA},${runA}`, '--db', db, '-o', x], `run ${runA} is listed twice`],
      [['--db', db, '-o', x], 'say what to report: --run ID, --runs ID,ID or --experiment ID'],
      [['--run', '1', '--experiment', '1', '--db', db, '-o', x], 'use one of --run, --experiment, not several'],
      [['--run', String(runA), '--db', db, '-o', join(dir, 'x.docx')], /the file must end in \.pdf or \.html$/],
      [['--run', String(runA), '--db', db, '--page', 'A3', '-o', x], '--page "A3": choose one of A4, Letter'],
    ]
    for (const [args, message] of cases) {
      const program = new Command('cim').exitOverride()
      registerReportCommand(program, () => undefined)
      const error = await program.parseAsync(['report', ...args], { from: 'user' }).then(
        () => null,
        (e: Error) => e.message,
      )
      if (typeof message === 'string') expect(error).toBe(message)
      else expect(error).toMatch(message)
    }
    expect(existsSync(x)).toBe(false)
  })

  it('without a browser, a .pdf request writes the .html next to it and says how to get a PDF', () => {
    const pdf = join(dir, 'nobrowser.pdf')
    const line = oneLineError(cim('report', '--run', String(runB), '--db', db, '--chromium', '/nonexistent/chromium', '-o', pdf))
    const html = join(dir, 'nobrowser.html')
    expect(line).toBe(
      `error: no Chromium at /nonexistent/chromium: wrote ${html} instead; to get a PDF, install Chromium (e.g. \`apt-get install chromium\`), pass --chromium PATH or set CIM_CHROMIUM, or write .html and print it from a browser`,
    )
    expect(existsSync(pdf)).toBe(false)
    expect(readFileSync(html, 'utf8')).toContain(`Run #${runB}: lenet5 on clsa-cim`)
  })

  it.skipIf(pdfSkipReason() !== null)('writes a PDF of a sweep on Letter pages', () => {
    const file = join(dir, 'sweep.pdf')
    const r = cim('report', '--experiment', String(sweep), '--db', db, '--page', 'letter', '--chromium', chromiumForTests()!, '-o', file)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const info = pdfInfo(file)
    expect(r.stdout).toContain(`wrote ${file} (${info.pages} pages,`)
    expect([Math.floor(info.width), Math.floor(info.height)]).toEqual([612, 792])
  })
})
