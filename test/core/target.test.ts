/** Plan for a target (cim-model.md section 6, "Inverse"): the smallest chip, checked by running the answer and the chip one PE smaller. */
import { describe, expect, it } from 'vitest'
import { duplicate, duplicationSteps } from '../../src/main/core/mapping/duplication'
import { mapLayers, minimumPes } from '../../src/main/core/mapping/pes'
import { runExperiment, withDefaults } from '../../src/main/core/pipeline'
import { resolveArchitecture, resolveNetwork } from '../../src/main/core/resolve'
import { layerWork } from '../../src/main/core/stages/duplicate'
import { planForTarget } from '../../src/main/core/target'
import type { Target } from '../../src/shared/target'
import type { DuplicationStrategy, ExperimentSpec } from '../../src/shared/experiment'

const spec = (zoo: string, o: Partial<ExperimentSpec> = {}) => withDefaults({ network: { zoo }, arch: { preset: 'clsa-cim' }, ...o })

/** The latency and throughput of the spec on a chip of `pes` PEs, from the full pipeline. */
async function onChip(s: ExperimentSpec, pes: number) {
  const r = await runExperiment({ ...s, chip: { pes } })
  return { latencySteps: r.summary.latencySteps, latencyNs: r.summary.latencyNs, fps: r.summary.throughputPerS }
}

const meets = (t: Target, r: { latencySteps: number; latencyNs: number; fps: number }) =>
  'fps' in t ? r.fps >= t.fps : 'latencyNs' in t ? r.latencyNs <= t.latencyNs : r.latencySteps <= t.latencySteps

describe('duplicationSteps', () => {
  // The enumeration is what makes the target exact: at every budget the strategy's choice is the last step within it.
  for (const [zoo, strategy] of [
    ['mobilenetv2', 'greedy'],
    ['mobilenetv2', 'optimal'],
    ['tinyyolov4', 'greedy'],
    ['tinyyolov4', 'optimal'],
    ['resnet18', 'optimal'],
  ] as [string, DuplicationStrategy][]) {
    it(`${strategy} on ${zoo}: duplicate(B) is the last step within B for every B up to the minimum + 400`, () => {
      const s = spec(zoo)
      const net = resolveNetwork(s.network)
      const maps = mapLayers(net, resolveArchitecture(s.arch, s.chip))
      const work = layerWork(s, net, maps)
      const min = minimumPes(maps)
      const steps = []
      for (const step of duplicationSteps(strategy, maps, work.sets, work.mvmsPerSet)) {
        if (step.budget > min + 400) break
        steps.push(step)
      }
      expect(steps[0]).toEqual({ budget: min, dup: maps.map(() => 1) })
      expect(steps.length).toBeGreaterThan(5)
      let k = 0
      for (let b = min; b <= min + 400; b++) {
        while (k + 1 < steps.length && steps[k + 1].budget <= b) k++
        expect(duplicate(strategy, maps, work.sets, b, work.mvmsPerSet)).toEqual(steps[k].dup)
      }
    })
  }
})

describe('planForTarget', () => {
  const cases: [string, DuplicationStrategy, Target, number][] = [
    ['tinyyolov4', 'greedy', { fps: 2000 }, 535],
    ['tinyyolov4', 'optimal', { fps: 2000 }, 535],
    ['tinyyolov4', 'greedy', { latencyNs: 1e6 }, 296],
    ['mobilenetv2', 'greedy', { latencySteps: 3460 }, 395],
    ['mobilenetv2', 'optimal', { latencySteps: 3460 }, 403],
    ['resnet18', 'greedy', { fps: 1000 }, 249],
    ['resnet18', 'optimal', { fps: 1000 }, 249],
    ['vgg16', 'optimal', { latencyNs: 5e6 }, 2169],
  ]
  for (const [zoo, duplication, target, answer] of cases) {
    it(`${zoo}, ${duplication}, ${JSON.stringify(target)}: ${answer} PEs reach it, one PE fewer does not`, async () => {
      const s = spec(zoo, { duplication })
      const { report, result } = await planForTarget(s, target)
      expect(report.met).toBe(true)
      expect(report.pes).toBe(answer)
      expect(result!.summary.pesChip).toBe(answer)
      const at = await onChip(s, answer)
      const below = await onChip(s, answer - 1)
      expect(meets(target, at)).toBe(true)
      expect(meets(target, below)).toBe(false)
      expect(result!.summary.latencySteps).toBe(at.latencySteps)
      expect(report.below).toEqual({ pes: answer - 1, latencySteps: below.latencySteps, throughputPerS: below.fps })
    })
  }

  it('is the smallest chip: every chip from the network minimum up to the answer misses the target (MobileNetV2, greedy)', async () => {
    const s = spec('mobilenetv2')
    const { report } = await planForTarget(s, { latencySteps: 3460 })
    const min = (await runExperiment({ ...s, chip: { extraPes: 0 } })).summary.pesMinimum
    const latencies = []
    for (let p = min; p < report.pes!; p++) latencies.push((await onChip(s, p)).latencySteps)
    expect(latencies).toHaveLength(report.pes! - min)
    expect(Math.min(...latencies)).toBeGreaterThan(3460)
  })

  it('equals brute force over every chip (TinyYOLOv4 at 64x64, both schedules, greedy and min-max, targets met on the way)', async () => {
    for (const schedule of ['clsa', 'layer-by-layer'] as const)
      for (const duplication of ['greedy', 'optimal'] as const) {
        const s = spec('tinyyolov4', { network: { zoo: 'tinyyolov4', input: { h: 64, w: 64 } }, schedule, duplication })
        const min = (await runExperiment({ ...s, chip: { extraPes: 0 } })).summary.pesMinimum
        const latency: number[] = []
        for (let p = min; p <= min + 160; p++) latency.push((await onChip(s, p)).latencySteps)
        for (const pick of [3, 40, 97, 160]) {
          const target = latency[pick] + 0.5
          const { report } = await planForTarget(s, { latencySteps: target })
          expect(report.pes, `${schedule} ${duplication} ${target}`).toBe(min + latency.findIndex((l) => l <= target))
        }
      }
  })

  it('a target the network minimum already meets answers the minimum, with nothing below it', async () => {
    const s = spec('lenet5')
    const { report, result } = await planForTarget(s, { latencySteps: 1e6 })
    expect(report).toMatchObject({ met: true, pes: result!.summary.pesMinimum, below: null, candidatesEvaluated: 1 })
  })
})

describe('unreachable targets', () => {
  it('beyond the critical path: bounded by it, nothing scheduled', async () => {
    const { report, result } = await planForTarget(spec('tinyyolov4'), { fps: 100_000 })
    expect(result).toBeNull()
    expect(report).toMatchObject({ met: false, pes: null, bound: 'critical-path', boundSteps: 19, candidatesEvaluated: 0 })
  })

  it('without duplication: bounded by the strategy, the network minimum is the best chip', async () => {
    const s = spec('lenet5', { duplication: 'none' })
    const min = await runExperiment({ ...s, chip: { extraPes: 0 } })
    const { report } = await planForTarget(s, { latencySteps: min.summary.latencySteps - 1 })
    expect(report).toMatchObject({ met: false, bound: 'strategy', boundSteps: min.summary.latencySteps })
    expect(report.best).toEqual({ pes: min.summary.pesMinimum, latencySteps: min.summary.latencySteps, throughputPerS: min.summary.throughputPerS })
  })

  it('above the chip-size limit: bounded by it, with the best chip within it', async () => {
    const limits = { sets: 5e7, pes: 300, tiles: 1e5, map: 1e9, elements: 1e10 }
    const { report } = await planForTarget(spec('tinyyolov4'), { fps: 2000 }, { limits })
    expect(report).toMatchObject({ met: false, bound: 'chip-limit' })
    expect(report.best!.pes).toBeLessThanOrEqual(300)
    expect(report.best!.throughputPerS).toBeLessThan(2000)
  })
})
