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
  it('answers a plan reaching the lifetime, at least as fast as today’s reload mode, with its candidates', () => {
    const r = cim('run', '--model', 'lenet5', '--pes', '2', '--lifetime-years', '1', '--rate', '30', '--max-batch', '64', '--json')
    expect(r.code).toBe(0)
    const { plan } = JSON.parse(r.stdout)
    expect(plan.targetInferences).toBe(YEAR_S * 30)
    expect(plan.chosen).toBe(true)
    expect(plan.batch).toBeLessThanOrEqual(64)
    expect(plan.lifetimeInferences).toBeGreaterThanOrEqual(plan.targetInferences)
    // every segment starts at PE 0: the most-written cell is rewritten once per segment per batch
    expect(plan.lifetimeInferences).toBe((1e8 * plan.batch) / plan.segments.length)
    expect(plan.lifetimeYears).toBeCloseTo(plan.lifetimeInferences / 30 / YEAR_S, 9)
    expect(plan.throughputPerS).toBeCloseTo(plan.batch / (plan.batchLatencyNs * 1e-9), 6)
    expect(plan.throughputPerS).toBeGreaterThanOrEqual(plan.baseline.throughputPerS)
    expect(plan.segments.map((s: { pes: number }) => s.pes).every((p: number) => p <= 2)).toBe(true)
    expect(plan.segments.reduce((a: number, s: { mvmLayers: number }) => a + s.mvmLayers, 0)).toBe(5)
    expect(plan.candidates.some((c: { throughputPerS: number }) => c.throughputPerS === plan.throughputPerS)).toBe(true)
  })

  it('--svg writes the plan view', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cim-plan-')), 'plan.svg')
    const r = cim('run', '--model', 'lenet5', '--pes', '2', '--lifetime-years', '1', '--max-batch', '64', '--svg', file)
    expect(r.code).toBe(0)
    const svg = readFileSync(file, 'utf8')
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain('Reload plan: lenet5 on 2 PEs')
    expect(svg).toContain('writes / cell / inference')
  })

  it('a batch latency limit below every plan answers none, and says so in text', () => {
    const r = cim('run', '--model', 'lenet5', '--pes', '2', '--lifetime-years', '1', '--max-batch', '64', '--max-batch-latency', '10us')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('no plan reaches 946,728,000 inferences')
  })

  it('refuses bad targets and a network that fits in one line', () => {
    for (const [args, message] of [
      [['--pes', '2', '--lifetime-years', 'x'], '--lifetime-years "x": must be a number of years > 0'],
      [['--pes', '2', '--lifetime-years', '1', '--max-batch-latency', '3parsec'], '--max-batch-latency "3parsec": give a time > 0 with a unit'],
      [['--lifetime-years', '1'], 'lenet5 fits the chip (6 of 70 PEs)'],
    ] as const) {
      const r = cim('run', '--model', 'lenet5', ...args)
      expect(r.code).not.toBe(0)
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
