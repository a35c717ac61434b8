/** A run with a lifetime target: the pipeline plans reload mode and runs the chosen plan (issue 15). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runExperiment, withDefaults } from '../../../src/main/core/pipeline'
import { DEFAULT_LIMITS } from '../../../src/main/core/limits'
import { openHistory } from '../../../src/main/db/history'
import { resultSchema } from '../../../src/shared/schemas/result'
import { specSchema } from '../../../src/shared/schemas/spec'
import { planView, writesPerPe } from '../../../src/shared/charts/plan'
import type { ExperimentResult, ExperimentSpec } from '../../../src/shared/experiment'
import { removeTempDirs, tempDbPath } from '../../db/helpers'

const YEAR_S = 365.25 * 24 * 3600
// TinyYOLOv4 at 64x64 needs 117 PEs; the chip has 60. A small maxBatch keeps the schedule of a batch fast.
const spec = (o: Partial<ExperimentSpec> = {}) =>
  withDefaults({
    network: { zoo: 'tinyyolov4', input: { h: 64, w: 64 } },
    arch: { preset: 'clsa-cim' },
    chip: { pes: 60 },
    lifetimeTarget: { years: 0.2, maxBatch: 16 },
    ...o,
  })

let r: ExperimentResult
const progress: { fraction: number; step: string }[] = []
beforeAll(async () => {
  r = await runExperiment(spec(), { onProgress: (p) => progress.push(p) })
})
afterAll(removeTempDirs)

describe('a run with a lifetime target', () => {
  it('reports the planning within the duplicate stage: rising from 2/6 (map done) to 3/6, then the later stages', () => {
    const planning = progress.filter((p) => p.step === 'plan').map((p) => p.fraction)
    expect(planning.length).toBeGreaterThan(10)
    planning.forEach((f, i) => {
      expect(f).toBeGreaterThan(2 / 6)
      expect(f).toBeLessThanOrEqual(3 / 6)
      if (i > 0) expect(f).toBeGreaterThanOrEqual(planning[i - 1])
    })
    expect(progress.map((p) => p.step).filter((s) => s !== 'plan')).toEqual(['resolve', 'map', 'duplicate', 'sets', 'schedule', 'measure'])
  })

  it('runs the chosen plan: its batch, segments and copies are the run’s, its lifetime and latency the plan’s', () => {
    const p = r.plan!
    expect(p.target).toEqual({ years: 0.2, maxBatch: 16 })
    expect(p.targetInferences).toBeCloseTo(0.2 * YEAR_S * 30, 3)
    expect(p.batch).toBe(16)
    expect(p.lifetimeInferences).toBeGreaterThanOrEqual(p.targetInferences)
    expect(r.summary.pesMinimum).toBe(117)
    expect(r.endurance.reloadMode).toBe(true)
    expect(r.endurance.segments).toBe(p.segments.length)
    expect(r.endurance.lifetimeInferences).toBe(p.lifetimeInferences)
    expect(r.endurance.maxWritesPerCellPerInference).toBe(p.maxWritesPerCellPerInference)
    expect(r.summary.latencyNs).toBeCloseTo(p.batchLatencyNs, 3)
    expect(r.summary.writesPerInference).toBeCloseTo(p.writesPerInference, 6)
    expect(r.summary.throughputPerS).toBeCloseTo(p.throughputPerS, 6)
    expect(r.summary.inferences).toBe(p.batch)
    // copies: each MVM layer has its segment's copies, and each segment's copies sit in [firstPe, firstPe + pes)
    expect(r.layers.filter((l) => l.pes > 0).map((l) => l.copies)).toEqual(p.segments.flatMap((s) => s.copies))
    const bySegment = new Map<number, number[]>()
    for (const c of r.placement) {
      const seg = r.layers[c.layer].segment
      bySegment.set(seg, [...(bySegment.get(seg) ?? []), c.firstPe, c.firstPe + c.pes])
    }
    p.segments.forEach((s, g) => {
      expect(Math.min(...bySegment.get(g)!)).toBe(s.firstPe)
      expect(Math.max(...bySegment.get(g)!)).toBe(s.firstPe + s.pes)
    })
    // one more copy of the bottleneck must fit after its segment's last PE: greedy filled the 60 PEs
    expect(r.bottleneck!.oneMoreCopy).toMatchObject({ pes: 1, fits: false, latencySteps: null })
    expect(r.bottleneck!.line).toBe('latency is bound by conv0 (1,104 steps of work on 15 copies); one more copy (1 PE) does not fit: 0 of 60 PEs are free')
    // the plan is at least as fast as today's reload mode under the same target, and is one of the candidates
    expect(p.throughputPerS).toBeGreaterThanOrEqual(p.baseline!.throughputPerS)
    expect(p.candidates.map((c) => c.throughputPerS)).toContain(p.throughputPerS)
  })

  it('the plan view: every candidate, the chosen plan and today’s, writes per PE from each segment’s PEs', () => {
    const v = planView(r)!
    expect(v).toMatchObject({ model: 'tinyyolov4', chipPes: 60, lifetimeTargetYears: 0.2, chosen: r.plan, baseline: r.plan!.baseline })
    expect(Math.max(...writesPerPe(v.chosen, 60))).toBe(r.endurance.maxWritesPerCellPerInference)
    expect(planView({ ...r, plan: null })).toBeNull()
  })

  it('the target is part of the input hash', async () => {
    const other = await runExperiment(spec({ lifetimeTarget: { years: 0.2, maxBatch: 12 } }))
    expect(other.inputHash).not.toBe(r.inputHash)
    expect(other.plan!.batch).toBe(12)
  })

  it('round-trips through the history; a result stored before plans existed loads with plan null', () => {
    const h = openHistory(tempDbPath())
    try {
      const id = h.runs.queue(h.experiments.ensure('plans'), r.spec)
      h.runs.start(id)
      h.runs.complete(id, r)
      expect(h.results.get(id)).toEqual(r)
      expect(h.runs.get(id).spec.lifetimeTarget).toEqual({ years: 0.2, maxBatch: 16 })
    } finally {
      h.close()
    }
    const { plan: _, ...older } = JSON.parse(JSON.stringify(r))
    expect(resultSchema.parse(older).plan).toBeNull()
  })

  it('refuses a network that fits, a target no plan reaches and a bad target, in one line', async () => {
    await expect(runExperiment(spec({ chip: { pes: 117 } }))).rejects.toThrow(
      'the lifetime target plans reload mode, but tinyyolov4 fits the chip (117 of 117 PEs): its weights are written once',
    )
    await expect(runExperiment(spec({ lifetimeTarget: { years: 10, maxBatch: 16 } }))).rejects.toThrow(
      'lifetime target of 10 years at 30 inferences/s: no plan reaches 9,467,280,000 inferences with batches of up to 16 inferences: allow larger batches or a longer batch latency',
    )
    // TinyYOLOv4 at 64x64: 3,800 sets per inference (within the limit), a batch of 16 schedules 60,800
    await expect(runExperiment(spec(), { limits: { ...DEFAULT_LIMITS, sets: 50_000 } })).rejects.toThrow(
      'the lifetime plan\'s batch of 16 inferences: network "tinyyolov4" (largest layer conv0: 1,024 sets): 60,800 sets, over the limit of 50,000',
    )
    const bad = specSchema.safeParse({ ...spec(), lifetimeTarget: { years: 0 } })
    expect(bad.success).toBe(false)
    expect(bad.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['lifetimeTarget.years', 'must be a number of years > 0']])
  })
})
