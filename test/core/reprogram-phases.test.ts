import { describe, expect, it } from 'vitest'
import { runExperiment } from '../../src/main/core/pipeline'
import { reprogramPhases } from '../../src/shared/charts'
import { reprogrammingSteps, SPEC_DEFAULTS, type ExperimentResult } from '../../src/shared/experiment'

/** Where each segment's first MVM layer starts in the simulated schedule. */
const segmentStarts = (r: ExperimentResult) =>
  Array.from({ length: r.endurance.segments }, (_, g) => Math.min(...r.layers.filter((l) => l.segment === g && l.pes > 0).map((l) => l.startSteps)))

describe('reprogramming phases derived from a real reload-mode run', () => {
  it('end exactly where the simulation starts each segment (TinyYOLOv4 on 60 PEs, CLSA-CIM)', async () => {
    const r = await runExperiment({ network: { zoo: 'tinyyolov4' }, arch: { preset: 'clsa-cim' }, chip: { pes: 60 }, ...SPEC_DEFAULTS })
    expect(r.endurance.segments).toBe(3)
    const phases = reprogramPhases(r.layers, reprogrammingSteps(r.architecture, r.architecture.mvmLatencyNs))
    expect(phases.map((p) => p.segment)).toEqual([0, 1, 2])
    expect(phases.map((p) => Math.round(p.startSteps * 100) / 100)).toEqual([0, 43902.08, 44158.16])
    phases.forEach((p, g) => expect(p.endSteps).toBeCloseTo(segmentStarts(r)[g], 6))
    expect(r.summary.latencySteps).toBeCloseTo(44905.24, 6)
  })

  it('are absent when the network fits', async () => {
    const r = await runExperiment({ network: { zoo: 'lenet5' }, arch: { preset: 'clsa-cim' }, ...SPEC_DEFAULTS })
    expect(reprogramPhases(r.layers, reprogrammingSteps(r.architecture, r.architecture.mvmLatencyNs))).toEqual([])
  })
})
