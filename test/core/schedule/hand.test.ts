/**
 * Schedules worked out by hand (cim-model.md sections 4-5). One MVM takes one step, digital layers
 * take 0 steps, every layer has one copy unless stated. Each case is checked against simulate() and
 * against the brute-force reference scheduler.
 */
import { describe, it, expect } from 'vitest'
import { NetworkBuilder } from '../../../src/main/core/model/builder'
import type { Network } from '../../../src/main/core/model/ir'
import type { Assignment, Granularity } from '../../../src/shared/schemas/spec'
import type { ScheduleMode } from '../../../src/main/core/schedule/simulate'
import { referenceSchedule } from '../../helpers/reference'
import { simulateNet, startsOf } from '../../helpers/sim'

interface Case {
  granularity?: Granularity
  copies?: number[]
  assignment?: Assignment
  inferences?: number
  mode?: ScheduleMode
}

/** Start times of one layer (all inferences) from simulate(), after checking the reference agrees. */
function run(net: Network, layer: string, c: Case = {}): { starts: number[]; makespan: number } {
  const o = {
    granularity: c.granularity ?? 'pixel',
    copies: c.copies ?? net.layers.map(() => 1),
    assignment: c.assignment ?? 'interleaved',
    inferences: c.inferences ?? 1,
    mode: c.mode ?? 'clsa',
    digitalSteps: 0,
  } as const
  const sim = simulateNet(net, o)
  const ref = referenceSchedule({ net, ...o, mode: o.mode })
  const l = net.layers.findIndex((x) => x.name === layer)
  expect(ref.starts[l]).toEqual(Array.from(sim.starts![l]))
  expect(ref.makespan).toBe(sim.makespan)
  return { starts: startsOf(net, sim, layer), makespan: sim.makespan }
}

/** conv1 3x3 pad 1 -> conv2 3x3 pad 1 on a 1x4x4 input: 16 sets each. */
function chain2(): Network {
  const b = new NetworkBuilder('chain2', { c: 1, h: 4, w: 4 })
  b.conv(1, 3, { pad: 1, name: 'conv1' })
  b.conv(1, 3, { pad: 1, name: 'conv2' })
  return b.build()
}

describe('hand-computed CLSA schedules', () => {
  // conv1 has no producer: its copy runs set (y, x) = 4y + x at time 4y + x, done at 4y + x + 1.
  // conv2 (y, x) reads conv1 rows y-1..y+1 and columns x-1..x+1 clipped to 0..3; conv1 finishes in
  // raster order, so it is ready when conv1 (min(y+1, 3), min(x+1, 3)) is done:
  //   ready(y, x) = 4 * min(y+1, 3) + min(x+1, 3) + 1
  //   row 0: 6 7 8 8    row 1: 10 11 12 12    row 2: 14 15 16 16    row 3: 14 15 16 16
  // One copy, one step per set: start = max(ready, previous start + 1):
  //   row 0: 6 7 8 9 (ready 8, but the copy is busy until 9)
  //   row 1: 10 11 12 13    row 2: 14 15 16 17    row 3: 18 19 20 21 (copy-bound)
  // Makespan 21 + 1 = 22, against 16 + 16 = 32 layer by layer.
  it('2-layer conv chain, 4x4, pad 1', () => {
    const net = chain2()
    expect(run(net, 'conv1').starts).toEqual([...Array(16).keys()])
    const { starts, makespan } = run(net, 'conv2')
    expect(starts).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21])
    expect(makespan).toBe(22)
    expect(run(net, 'conv2', { mode: 'layer-by-layer' }).makespan).toBe(32)
  })

  // conv1 3x3 pad 1 on 5x5: set (y, x) runs at 5y + x, done at 5y + x + 1.
  // conv2 3x3 pad 0 -> 3x3: (y, x) reads conv1 rows y..y+2, cols x..x+2, ready when conv1 (y+2, x+2)
  //   is done: 5(y+2) + (x+2) + 1 = 5y + x + 13 -> starts 13 14 15 / 18 19 20 / 23 24 25 (never
  //   copy-bound: consecutive ready times differ by >= 1); conv2 (y, x) done at 5y + x + 14.
  // conv3 3x3 pad 1 on 3x3: (y, x) ready when conv2 (min(y+1, 2), min(x+1, 2)) is done:
  //   (0,0): conv2 (1,1) 20 -> 20    (0,1): conv2 (1,2) 21 -> 21    (0,2): (1,2) 21, copy free 22 -> 22
  //   (1,0): conv2 (2,1) 25 -> 25    (1,1): (2,2) 26 -> 26          (1,2): 26, free 27 -> 27
  //   (2,0): (2,1) 25, free 28 -> 28 (2,1): 29                      (2,2): 30
  // Makespan 31, against 25 + 9 + 9 = 43 layer by layer.
  it('3-layer conv chain, 5x5, pad 1 / 0 / 1', () => {
    const b = new NetworkBuilder('chain3', { c: 1, h: 5, w: 5 })
    b.conv(1, 3, { pad: 1, name: 'conv1' })
    b.conv(1, 3, { pad: 0, name: 'conv2' })
    b.conv(1, 3, { pad: 1, name: 'conv3' })
    const net = b.build()
    expect(run(net, 'conv2').starts).toEqual([13, 14, 15, 18, 19, 20, 23, 24, 25])
    const { starts, makespan } = run(net, 'conv3')
    expect(starts).toEqual([20, 21, 22, 25, 26, 27, 28, 29, 30])
    expect(makespan).toBe(31)
    expect(run(net, 'conv3', { mode: 'layer-by-layer' }).starts).toEqual([34, 35, 36, 37, 38, 39, 40, 41, 42])
  })

  // TinyYOLO-like neck on 1x4x4:
  //   conv1 3x3 pad 1 (4x4) -> conv2 3x3 stride 2 pad 1 (2x2) -> conv3 1x1 (2x2) -> upsample x2 (4x4)
  //   -> concat [upsample, conv1] (4x4) -> conv4 3x3 pad 1 (4x4)
  // conv1 (y, x) done at 4y + x + 1.
  // conv2 (y, x) reads conv1 rows 2y-1..2y+1, cols 2x-1..2x+1: ready at conv1 (2y+1, 2x+1) = 8y + 2x + 6
  //   -> starts 6 8 14 16, done 7 9 15 17.  conv3 (1x1) starts when conv2 (y, x) is done: 7 9 15 17.
  // upsample (y, x) = conv3 (floor(y/2), floor(x/2)) done: 8 in the top-left 2x2 quadrant, 10 top-right,
  //   16 bottom-left, 18 bottom-right. concat = max(upsample, conv1 at 4y + x + 1 <= 16) = the same.
  // conv4 (y, x) ready when concat (min(y+1, 3), min(x+1, 3)) is done (quadrant times grow right and down):
  //   row 0: 8 10 10 10    rows 1-3: 16 18 18 18
  //   one copy: row 0: 8 10 11 12; row 1: 16 18 19 20; row 2: 21 22 23 24; row 3: 25 26 27 28.
  // Makespan 29; layer by layer: 16 + 4 + 4 + 16 = 40.
  it('branch: conv -> conv -> upsample x2 -> concat with an earlier layer -> conv', () => {
    const b = new NetworkBuilder('neck', { c: 1, h: 4, w: 4 })
    const c1 = b.conv(2, 3, { pad: 1, name: 'conv1' })
    b.conv(2, 3, { stride: 2, pad: 1, name: 'conv2' })
    b.conv(2, 1, { name: 'conv3' })
    b.upsample(2, { name: 'up' })
    b.concat([b.last, c1], { name: 'route' })
    b.conv(2, 3, { pad: 1, name: 'conv4' })
    const net = b.build()
    expect(run(net, 'conv2').starts).toEqual([6, 8, 14, 16])
    expect(run(net, 'conv3').starts).toEqual([7, 9, 15, 17])
    expect(run(net, 'up').starts).toEqual([8, 8, 10, 10, 8, 8, 10, 10, 16, 16, 18, 18, 16, 16, 18, 18])
    expect(run(net, 'route').starts).toEqual(run(net, 'up').starts)
    const { starts, makespan } = run(net, 'conv4')
    expect(starts).toEqual([8, 10, 11, 12, 16, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28])
    expect(makespan).toBe(29)
    const lbl = run(net, 'conv4', { mode: 'layer-by-layer' })
    expect(lbl.makespan).toBe(40)
    expect(lbl.starts[0]).toBe(24) // after conv1 (16), conv2 (4), conv3 (4); upsample and concat take 0
  })

  // chain2 with 2 copies of conv2; ready times as in the first case:
  //   row 0: 6 7 8 8    row 1: 10 11 12 12    rows 2 and 3: 14 15 16 16
  // Interleaved: copy 0 runs sets 0 2 4 ... 14, copy 1 runs 1 3 ... 15.
  //   copy 0: s0 6, s2 8, s4 10, s6 12, s8 14, s10 16, s12 (ready 14, free 17) 17, s14 (16, free 18) 18
  //   copy 1: s1 7, s3 8, s5 11, s7 12, s9 15, s11 16, s13 (15, free 17) 17, s15 (16, free 18) 18
  //   -> makespan 19 (22 with one copy).
  // Block: copy 0 runs sets 0-7 (rows 0-1), copy 1 sets 8-15 (rows 2-3).
  //   copy 0: 6 7 8 9 10 11 12 13 (done 14)
  //   copy 1: s8 14, s9 15, s10 16, s11 (16, free 17) 17, s12 (14, free 18) 18, then 19 20 21
  //   -> makespan 22: row 2 cannot start before conv1's last row, so blocks gain nothing here.
  // Layer by layer, both: 16 + ceil(16 / 2) = 24.
  it('duplication: 2 copies, interleaved vs block', () => {
    const net = chain2()
    const interleaved = run(net, 'conv2', { copies: [1, 2], assignment: 'interleaved' })
    expect(interleaved.starts).toEqual([6, 7, 8, 8, 10, 11, 12, 12, 14, 15, 16, 16, 17, 17, 18, 18])
    expect(interleaved.makespan).toBe(19)
    const block = run(net, 'conv2', { copies: [1, 2], assignment: 'block' })
    expect(block.starts).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21])
    expect(block.makespan).toBe(22)
    for (const assignment of ['interleaved', 'block'] as const) {
      const lbl = run(net, 'conv2', { copies: [1, 2], assignment, mode: 'layer-by-layer' })
      expect(lbl.makespan).toBe(24)
      // both copies start at 16: sets 0 and 1 (interleaved) or sets 0 and 8 (block)
      expect([lbl.starts[0], lbl.starts[assignment === 'interleaved' ? 1 : 8]]).toEqual([16, 16])
    }
  })

  // Row granularity on chain2: a set is an output row of 4 MVMs (4 steps). conv1 row y runs 4y..4y+4.
  // conv2 row y reads conv1 rows y-1..y+1 clipped: ready at 4 * min(y+1, 3) + 4 = 8, 12, 16, 16;
  // one copy: starts 8, 12, 16, 20 (copy busy until 20); makespan 24.
  it('row granularity', () => {
    const { starts, makespan } = run(chain2(), 'conv2', { granularity: 'row' })
    expect(starts).toEqual([8, 12, 16, 20])
    expect(makespan).toBe(24)
  })

  // Two inferences streamed through chain2: conv1's copy runs inference 1 at 16..31, so conv2's inputs
  // for inference 1 are ready 16 steps later than for inference 0; conv2's copy is free at 22 = 6 + 16,
  // so inference 1 is inference 0 shifted by 16: starts 22..37, makespan 38 (layer by layer: 64).
  it('two streamed inferences', () => {
    const net = chain2()
    const { starts, makespan } = run(net, 'conv2', { inferences: 2 })
    const first = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]
    expect(starts).toEqual([...first, ...first.map((t) => t + 16)])
    expect(makespan).toBe(38)
    expect(run(net, 'conv2', { inferences: 2, mode: 'layer-by-layer' }).makespan).toBe(64)
  })
})
