import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/** Runs `cim ARGS` as a user would (the built command line). */
function cim(...args: string[]) {
  const r = spawnSync(process.execPath, ['scripts/cim.mjs', ...args], { encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const YEAR_S = 365.25 * 24 * 3600

describe('cim run --lifetime-years', () => {
  it('runs the plan reaching the lifetime, at least as fast as today’s reload mode: the run report plus the plan section', () => {
    const r = cim('run', '--model', 'lenet5', '--pes', '2', '--lifetime-years', '1', '--rate', '30', '--max-batch', '64', '--json')
    expect(r.code).toBe(0)
    const { summary, plan } = JSON.parse(r.stdout)
    expect(plan.target).toEqual({ years: 1, maxBatch: 64 })
    expect(plan.targetInferences).toBe(YEAR_S * 30)
    expect(plan.batch).toBeLessThanOrEqual(64)
    expect(plan.lifetimeInferences).toBeGreaterThanOrEqual(plan.targetInferences)
    // the most-written cell is rewritten once per segment covering its PE per batch
    const programmings = [0, 1].map((pe) => plan.segments.filter((s: { firstPe: number; pes: number }) => s.firstPe <= pe && pe < s.firstPe + s.pes).length)
    expect(plan.lifetimeInferences).toBe((1e8 * plan.batch) / Math.max(...programmings))
    expect(plan.lifetimeYears).toBeCloseTo(plan.lifetimeInferences / 30 / YEAR_S, 9)
    expect(plan.throughputPerS).toBeCloseTo(plan.batch / (plan.batchLatencyNs * 1e-9), 6)
    expect(plan.throughputPerS).toBeGreaterThanOrEqual(plan.baseline.throughputPerS)
    expect(plan.segments.map((s: { pes: number }) => s.pes).every((p: number) => p <= 2)).toBe(true)
    expect(plan.segments.reduce((a: number, s: { mvmLayers: number }) => a + s.mvmLayers, 0)).toBe(5)
    expect(plan.candidates.some((c: { throughputPerS: number }) => c.throughputPerS === plan.throughputPerS)).toBe(true)
    // the run is the plan: its schedule of the batch gives the plan's latency, writes and lifetime
    expect(summary.latencyNs).toBeCloseTo(plan.batchLatencyNs, 3)
    expect(summary.lifetimeInferences).toBe(plan.lifetimeInferences)
    expect(summary.writesPerInference).toBeCloseTo(plan.writesPerInference, 6)
    expect(summary.throughputPerS).toBeCloseTo(plan.throughputPerS, 6)
    expect(summary.inferences).toBe(plan.batch)
  })

  it('text: the run report with the plan lines; --svg writes the plan view from the stored section', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cim-plan-')), 'plan.svg')
    const r = cim('run', '--model', 'lenet5', '--pes', '2', '--lifetime-years', '1', '--max-batch', '64', '--svg', file)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('64 inference(s), network none, contiguous placement, RELOAD MODE: 4 segments')
    expect(r.stdout).toContain('lifetime target 1 year: 946,728,000 inferences; 2 candidate plans')
    expect(r.stdout).toMatch(/\nplan: batch 64, 4 segments, [\d,.]+ inferences\/s/)
    expect(r.stdout).toContain('  segment 1: conv1 .. conv1 (1 MVM layers, PEs 0..1,')
    expect(r.stdout).toContain('today (one copy each, cut where the chip fills): batch 64, 3 segments')
    const svg = readFileSync(file, 'utf8')
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain('Reload plan: lenet5 on 2 PEs')
    expect(svg).toContain('writes / cell / inference')
  })

  it('--save stores the planned run with its plan section', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'cim-plan-')), 'h.sqlite')
    const r = cim('run', '--model', 'lenet5', '--pes', '2', '--lifetime-years', '1', '--max-batch', '64', '--save', '--db', db, '--json')
    expect(r.code).toBe(0)
    const { runId, plan } = JSON.parse(r.stdout)
    const shown = cim('show', String(runId), '--db', db)
    expect(shown.code).toBe(0)
    expect(shown.stdout).toContain(`plan: batch ${plan.batch}, ${plan.segments.length} segments`)
    expect(JSON.parse(cim('show', String(runId), '--db', db, '--json').stdout).spec.lifetimeTarget).toEqual({ years: 1, maxBatch: 64 })
  })

  it('refuses bad targets, a target no plan reaches and a network that fits in one line', () => {
    for (const [args, message] of [
      [['--pes', '2', '--lifetime-years', 'x'], '--lifetime-years "x": must be a number of years in (0, 1000]'],
      [['--pes', '2', '--lifetime-years', '1', '--max-batch-latency', '3parsec'], '--max-batch-latency "3parsec": give a time > 0 with a unit'],
      [['--pes', '2', '--lifetime-years', '1', '--max-batch', '0'], '--max-batch "0": must be a whole number in 1..1000000'],
      [['--pes', '2', '--max-batch', '8'], '--max-batch needs --lifetime-years'],
      [
        ['--pes', '2', '--lifetime-years', '1', '--max-batch', '64', '--max-batch-latency', '10us'],
        'lifetime target of 1 year at 30 inferences/s: no plan reaches 946,728,000 inferences with batches of up to 64 inferences taking at most 10 µs',
      ],
      [['--lifetime-years', '1'], 'lenet5 fits the chip (6 of 70 PEs)'],
    ] as const) {
      const r = cim('run', '--model', 'lenet5', ...args)
      expect(r.code).toBe(2)
      expect(r.stderr).toContain(message)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
    }
  })
})

describe('cim sweep --pes', () => {
  it('runs chip sizes below the network minimum in reload mode', () => {
    const r = cim('sweep', '--model', 'lenet5', '--pes', '2,6', '--dup', 'none', '--schedule', 'clsa', '--json')
    expect(r.code).toBe(0)
    const rows = JSON.parse(r.stdout)
    expect(rows.map((x: { extraPes: number; pesChip: number }) => [x.extraPes, x.pesChip])).toEqual([
      [-4, 2],
      [0, 6],
    ])
  })
})
