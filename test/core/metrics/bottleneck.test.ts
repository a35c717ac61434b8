/** Bottleneck analysis (cim-model.md section 7): per-copy work, waits, the bounding layer, one more copy checked by a re-run. */
import { describe, it, expect } from 'vitest'
import { NetworkBuilder } from '../../../src/main/core/model/builder'
import type { Network } from '../../../src/main/core/model/ir'
import { runExperiment, withDefaults } from '../../../src/main/core/pipeline'
import { buildSets } from '../../../src/main/core/schedule/sets'
import { bottleneckLayer, criticalChain, layerLoads } from '../../../src/main/core/metrics/bottleneck'
import type { ExperimentSpec } from '../../../src/shared/experiment'
import { referenceSchedule } from '../../helpers/reference'
import { simulateNet } from '../../helpers/sim'

/** conv1 3x3 pad 1 -> conv2 3x3 pad 1 on a 1x4x4 input: 16 sets of one MVM each, one PE per copy. */
function chain2(): Network {
  const b = new NetworkBuilder('chain2', { c: 1, h: 4, w: 4 })
  b.conv(1, 3, { pad: 1, name: 'conv1' })
  b.conv(1, 3, { pad: 1, name: 'conv2' })
  return b.build()
}

const chainSpec = (o: Partial<ExperimentSpec>) => withDefaults({ network: { network: chain2() }, arch: { preset: 'clsa-cim' }, duplication: 'none', ...o })

describe('per-layer work and waits', () => {
  // One copy each (tests/core/schedule/hand.test.ts): conv1 runs set i at i; conv2's sets are ready at
  //   6 7 8 8 / 10 11 12 12 / 14 15 16 16 / 14 15 16 16 and start at 6..21, makespan 22.
  // conv1 reads the network input, there at 0: its set i waits i steps for the copy (0 + 1 + ... + 15 = 120).
  // conv2's copy is free from 0: it idles 6 steps before set 0 (waiting for inputs), then sets 3, 7, 11
  // wait 1 step each and sets 12..15 wait 4, 4, 4, 5 for the copy: 20 set-steps waiting for a copy.
  it('chain of two convolutions, one copy each', () => {
    const net = chain2()
    const run = simulateNet(net, { granularity: 'pixel', mode: 'clsa' })
    const loads = layerLoads({ sets: buildSets(net, 'pixel'), copies: [1, 1], inferences: 1 } as never, run)
    expect(loads).toEqual([
      { perCopySteps: 16, busyFraction: 16 / 22, waitInputsSteps: 0, waitCopySteps: 120 },
      { perCopySteps: 16, busyFraction: 16 / 22, waitInputsSteps: 6, waitCopySteps: 20 },
    ])
    expect(criticalChain(buildSets(net, 'pixel'), run)).toEqual([0, 1])
  })

  // Two copies of conv2: ceil(16 / 2) = 8 steps per copy, so conv1 (16 steps on one copy) bounds the latency.
  it('the bounding layer is the one with the most work per copy', () => {
    const net = chain2()
    const sets = buildSets(net, 'pixel')
    expect(bottleneckLayer({ sets, copies: [1, 2] })).toBe(0)
    expect(bottleneckLayer({ sets, copies: [2, 1] })).toBe(1)
    expect(bottleneckLayer({ sets, copies: [1, 1] })).toBe(0) // the first of equals
    const run = simulateNet(net, { granularity: 'pixel', mode: 'layer-by-layer', copies: [1, 2] })
    // Layer by layer: conv2's sets are all ready at 16 (the barrier); each copy idles 16 steps waiting for inputs
    // and runs its 8 sets at 16..23, the k-th waiting k steps for it: 2 x (0 + 1 + ... + 7) = 56.
    const loads = layerLoads({ sets, copies: [1, 2], inferences: 1 } as never, run)
    expect(run.makespan).toBe(24)
    expect(loads[1]).toEqual({ perCopySteps: 8, busyFraction: 16 / (2 * 24), waitInputsSteps: 32, waitCopySteps: 56 })
  })

  it('counts every inference: two back to back double the work and queue the second behind the first', () => {
    const net = chain2()
    const sets = buildSets(net, 'pixel')
    const run = simulateNet(net, { granularity: 'pixel', mode: 'clsa', inferences: 2 })
    const loads = layerLoads({ sets, copies: [1, 1], inferences: 2 } as never, run)
    // conv1 runs 32 sets back to back; conv2's second inference is ready by 30 at the latest but its copy
    // is busy until 22 + 16 = 38: every copy-step after 6 is busy.
    expect(run.makespan).toBe(38)
    expect(loads[1].busyFraction).toBe(32 / 38)
    expect(loads[1].waitInputsSteps).toBe(6)
    expect(loads[0].waitInputsSteps).toBe(0)
  })
})

describe('one more copy of the bounding layer', () => {
  // conv1 with 2 copies runs set i at floor(i / 2): conv2's sets are ready at 3 4 4 4 / 5 6 6 6 /
  // 7 8 8 8 / 7 8 8 8 and its one copy runs them at 3..18: makespan 19, 3 steps saved although conv1's
  // work per copy halves (16 -> 8): conv2 now bounds the latency.
  it('is scheduled again and saves what the reference scheduler says', async () => {
    const r = await runExperiment(chainSpec({ chip: { pes: 3 } }))
    expect(r.summary.latencySteps).toBe(22)
    expect(r.summary.bottleneckLayer).toBe('conv1')
    const ref = referenceSchedule({
      net: chain2(),
      granularity: 'pixel',
      copies: [2, 1],
      assignment: 'interleaved',
      inferences: 1,
      mode: 'clsa',
      digitalSteps: 0,
    })
    expect(ref.makespan).toBe(19)
    expect(r.bottleneck).toEqual({
      layer: 'conv1',
      copies: 1,
      workSteps: 16,
      criticalPath: ['conv1', 'conv2'],
      oneMoreCopy: { pes: 1, fits: true, estimatedSavingSteps: 8, latencySteps: 19, savedSteps: 3 },
      line: 'latency is bound by conv1 (16 steps of work on 1 copy); one more copy would save ~8 steps; run again with 2 copies it saves 3 steps (22 steps -> 19 steps)',
    })
    expect(r.layers.map((l) => [l.perCopySteps, l.waitInputsSteps, l.waitCopySteps])).toEqual([
      [16, 0, 120],
      [16, 6, 20],
    ])
  })

  it('says so when the extra copy does not fit the chip', async () => {
    const r = await runExperiment(chainSpec({ chip: { pes: 2 } }))
    expect(r.bottleneck!.oneMoreCopy).toEqual({ pes: 1, fits: false, estimatedSavingSteps: 8, latencySteps: null, savedSteps: null })
    expect(r.bottleneck!.line).toBe('latency is bound by conv1 (16 steps of work on 1 copy); one more copy (1 PE) does not fit: 0 of 2 PEs are free')
  })

  it('TinyYOLOv4 with greedy duplication is bound by conv13, 2,704 steps on its one copy, with no PE left', async () => {
    const r = await runExperiment(withDefaults({ network: { zoo: 'tinyyolov4' }, arch: { preset: 'clsa-cim' } }))
    expect(r.summary.bottleneckLayer).toBe('conv13')
    expect(r.bottleneck!.workSteps).toBe(2704)
    expect(r.bottleneck!.workSteps).toBe(r.metrics.bottleneckSteps)
    expect(r.bottleneck!.line).toBe('latency is bound by conv13 (2,704 steps of work on 1 copy); one more copy (3 PEs) does not fit: 0 of 181 PEs are free')
    const conv13 = r.layers.find((l) => l.name === 'conv13')!
    expect(conv13.perCopySteps).toBe(2704)
    expect(conv13.busyFraction).toBeCloseTo(2704 / r.summary.latencySteps, 12)
    expect(r.bottleneck!.criticalPath.at(-1)).toBe(r.layers.reduce((a, l) => (l.endSteps >= a.endSteps ? l : a)).name)
  })

  it('TinyYOLOv4 without duplication: the claim for conv0 equals a real schedule with its copies + 1', async () => {
    const r = await runExperiment(withDefaults({ network: { zoo: 'tinyyolov4' }, arch: { preset: 'clsa-cim' }, duplication: 'none' }))
    const b = r.bottleneck!
    expect(b.layer).toBe('conv0')
    expect(b.workSteps).toBe(43_264)
    const copies = r.layers.map((l) => Math.max(1, l.copies) + (l.name === 'conv0' ? 1 : 0))
    const again = simulateNet(r.network, {
      granularity: 'pixel',
      mode: 'clsa',
      copies,
      digitalSteps: r.architecture.gpeuLatencyNs / r.architecture.mvmLatencyNs,
    })
    expect(b.oneMoreCopy).toEqual({
      pes: 1,
      fits: true,
      estimatedSavingSteps: 21_632,
      latencySteps: again.makespan,
      savedSteps: r.summary.latencySteps - again.makespan,
    })
    expect(b.oneMoreCopy.savedSteps).toBe(21_632)
  })
})
