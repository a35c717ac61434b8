/**
 * Fixtures of the report tests: a temporary history with real runs (runExperiment), a deep network
 * for long tables, and readers of PDFs through poppler-utils (pdftotext, pdfinfo, pdftoppm).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runExperiment, withDefaults } from '../../src/main/core/pipeline'
import { NetworkBuilder } from '../../src/main/core/model/builder'
import type { Network } from '../../src/main/core/model/ir'
import { openHistory, type History } from '../../src/main/db'
import type { ExperimentSpec } from '../../src/shared/experiment'
import { CHROMIUM_CANDIDATES } from '../../src/main/report/pdf'

const dirs: string[] = []

/** A new temporary folder (removed by removeTempDirs). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cim-report-'))
  dirs.push(dir)
  return dir
}

export function removeTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
}

/** A history database in a temporary folder, and its path. */
export function tempHistory(): { history: History; path: string } {
  const path = join(tempDir(), 'history.sqlite')
  return { history: openHistory(path), path }
}

/** A full spec (defaults filled) of a zoo network or a given network on the clsa-cim preset. */
export function spec(network: string | Network, over: Partial<ExperimentSpec> = {}): ExperimentSpec {
  return withDefaults({ network: typeof network === 'string' ? { zoo: network } : { network }, arch: { preset: 'clsa-cim' }, ...over })
}

/** Fixed finish times, so reports of the same runs have the same date. */
export const FINISHED = '2025-03-04T10:20:30.000Z'

/** Runs `spec` and stores it as a done run of `experimentId` (queued, started, completed); returns the run id. */
export async function storeRun(history: History, experimentId: number, s: ExperimentSpec, finishedAt = FINISHED): Promise<number> {
  const id = history.runs.queue(experimentId, s)
  history.runs.start(id)
  history.runs.complete(id, await runExperiment(s), finishedAt)
  return id
}

/** A residual network of 4 + 3 x `blocks` layers (124 for 40 blocks): long per-layer tables. */
export function deepNetwork(blocks = 40): Network {
  const b = new NetworkBuilder(`deepres${blocks}`, { c: 3, h: 24, w: 24 })
  let x = b.conv(16, 3, { pad: 1, name: 'stem' })
  for (let i = 0; i < blocks; i++) {
    const a = b.conv(16, 3, { pad: 1, from: x, name: `block${i}_conv_a` })
    const c = b.conv(16, 3, { pad: 1, from: a, name: `block${i}_conv_b` })
    x = b.add([x, c], { name: `block${i}_add` })
  }
  b.globalpool({ from: x, name: 'pool' })
  b.flatten({ name: 'flatten' })
  b.dense(10, { name: 'classifier' })
  return b.build()
}

/** The Chromium the PDF tests use ($CIM_CHROMIUM or a standard path), or null when there is none. */
export function chromiumForTests(): string | null {
  const env = process.env.CIM_CHROMIUM
  if (env) return existsSync(env) ? env : null
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p)) ?? null
}

/** Why the PDF tests are skipped (no Chromium), or null when they run; poppler-utils are required then. */
export function pdfSkipReason(): string | null {
  return chromiumForTests() ? null : 'PDF report tests skipped: no Chromium at /usr/bin/chromium or $CIM_CHROMIUM (`apt-get install chromium`)'
}

/** The text of a PDF, pages separated by form feeds. */
export function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
}

/** Text of each page. */
export function pdfPages(file: string): string[] {
  return pdfText(file).split('\f').slice(0, -1)
}

/** Page count and the first page's size in points. */
export function pdfInfo(file: string): { pages: number; width: number; height: number } {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' })
  const pages = Number(/^Pages:\s+(\d+)/m.exec(out)![1])
  const [, w, h] = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(out)!
  return { pages, width: Number(w), height: Number(h) }
}

/**
 * Share of non-white pixels of every page, rendered in gray at 30 dpi (pdftoppm -gray writes
 * binary PGM files: a "P5 width height maxval" header, then one byte per pixel).
 */
export function pageInk(file: string): number[] {
  const dir = tempDir()
  execFileSync('pdftoppm', ['-r', '30', '-gray', file, join(dir, 'p')])
  const pages = execFileSync('ls', [dir], { encoding: 'utf8' }).trim().split('\n').sort()
  return pages.map((name) => {
    const bytes = readFileSync(join(dir, name))
    let fields = 0
    let i = 0
    // Header: magic, width, height, maxval separated by whitespace, then one whitespace byte.
    while (fields < 4) {
      while (/\s/.test(String.fromCharCode(bytes[i]))) i++
      while (!/\s/.test(String.fromCharCode(bytes[i]))) i++
      fields++
    }
    const pixels = bytes.subarray(i + 1)
    let ink = 0
    for (const p of pixels) if (p < 230) ink++
    return ink / pixels.length
  })
}

/** Whitespace collapsed, for matching text that pdftotext wraps or spaces differently. */
export const squash = (s: string): string => s.replace(/\s+/g, ' ')
