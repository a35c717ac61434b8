/** The busy-PE timeline: exact binning, at most ~1000 points, consistent with the busy PE-steps. */
import { describe, it, expect } from 'vitest'
import { BusyHistogram } from '../../../src/main/core/schedule/timeline'
import { runExperiment, withDefaults, TIMELINE_POINTS } from '../../../src/main/core/pipeline'
import type { ExperimentSpec } from '../../../src/shared/experiment'

describe('BusyHistogram', () => {
  it('splits fractional intervals over unit bins exactly', () => {
    const h = new BusyHistogram()
    h.add(0.5, 2.5, 3) // 1.5 PE-steps in [0,1), 3 in [1,2), 1.5 in [2,3)
    h.add(1, 2, 2)
    expect(Array.from(h.bins.slice(0, 4))).toEqual([1.5, 5, 1.5, 0])
    expect(h.downsample(3, 1000)).toEqual({ binSteps: 1, busyPes: [1.5, 5, 1.5] })
    // 2 points: [0, 2) mean (1.5 + 5) / 2, then the last, shorter interval [2, 3)
    expect(h.downsample(3, 2)).toEqual({ binSteps: 2, busyPes: [3.25, 1.5] })
  })

  it('merges bins when the horizon outgrows its capacity, keeping the totals', () => {
    const h = new BusyHistogram()
    h.add(0, 3_000_000, 2)
    h.add(2_999_999, 3_000_001, 1)
    expect(h.binSteps).toBe(4)
    expect(h.bins.reduce((a, b) => a + b, 0)).toBe(6_000_002)
    const d = h.downsample(3_000_001, 1000)
    expect(d.busyPes.length).toBeLessThanOrEqual(1000)
    expect(d.busyPes[0]).toBe(2)
  })
})

describe('the timeline of a run', () => {
  const cases: Array<Partial<ExperimentSpec> & Pick<ExperimentSpec, 'network' | 'arch'>> = [
    { network: { zoo: 'lenet5' }, arch: { preset: 'clsa-cim' } }, // 21 steps: unit bins
    { network: { zoo: 'tinyyolov4' }, arch: { preset: 'clsa-cim' } },
    { network: { zoo: 'resnet18' }, arch: { preset: 'clsa-cim' }, schedule: 'layer-by-layer', duplication: 'none' }, // 12945 steps
    { network: { zoo: 'lenet5' }, arch: { preset: 'clsa-cim' }, chip: { pes: 3 }, inferences: 4 }, // reload: fractional times
  ]
  for (const spec of cases) {
    it(`${'zoo' in spec.network ? spec.network.zoo : ''} ${spec.schedule ?? 'clsa'}${spec.chip ? ' (reload)' : ''}`, async () => {
      const r = await runExperiment(withDefaults(spec))
      const { binSteps, utilization } = r.timeline
      const latency = r.summary.latencySteps
      const chip = r.summary.pesChip
      expect(utilization.length).toBeLessThanOrEqual(TIMELINE_POINTS)
      expect(utilization.length).toBe(Math.ceil(latency / binSteps))
      if (latency <= TIMELINE_POINTS) expect(binSteps).toBe(1)
      else expect(utilization.length).toBeGreaterThan(TIMELINE_POINTS / 2)
      for (const u of utilization) {
        expect(u).toBeGreaterThanOrEqual(0)
        expect(u).toBeLessThanOrEqual(1 + 1e-12)
      }
      // every point is exact for its interval (the last one may be shorter)
      const span = (i: number) => Math.min(binSteps, latency - i * binSteps)
      const busy = utilization.reduce((a, u, i) => a + u * span(i), 0) * chip
      expect(busy / r.metrics.busyPeSteps).toBeCloseTo(1, 9)
      // mean x latency = busy PE-steps / chip PEs, up to the shorter last interval
      const mean = utilization.reduce((a, b) => a + b, 0) / utilization.length
      expect(Math.abs(mean * latency - r.metrics.busyPeSteps / chip)).toBeLessThanOrEqual(binSteps)
      expect((mean * latency * chip) / r.metrics.busyPeSteps).toBeCloseTo(1, 1)
      // the mean chip utilization over the whole run is the summary's
      expect(busy / (chip * latency)).toBeCloseTo(r.summary.utilizationChip, 9)
    })
  }
})
