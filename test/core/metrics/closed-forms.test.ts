/**
 * The reference figures by their cheap methods (cim-model.md section 5): the layer-by-layer makespan in
 * closed form and the critical path per layer equal the event-by-event simulation bit for bit, over the
 * zoo and random networks, streaming, reload segments and fractional step counts.
 */
import { describe, expect, it } from 'vitest'
import { criticalPathSteps, layerByLayerMakespan, layerByLayerSteps, uniformCriticalPath } from '../../../src/main/core/metrics/bounds'
import { NetworkBuilder } from '../../../src/main/core/model/builder'
import { isMvm, type Network } from '../../../src/main/core/model/ir'
import { ZOO } from '../../../src/main/core/model/zoo'
import type { Assignment, Granularity } from '../../../src/shared/schemas/spec'
import { buildSets } from '../../../src/main/core/schedule/sets'
import { simulate, type Segment } from '../../../src/main/core/schedule/simulate'
import type { ScheduleInput } from '../../../src/main/core/stages/sets'
import { mulberry32, pick, randInt, randomNetwork } from '../../helpers/random'

interface Case {
  granularity: Granularity
  assignment: Assignment
  inferences: number
  /** Digital (GPEU) latency and reload write time, steps. */
  digitalSteps: number
  writeSteps: number
  /** Segments: 1 (weights stay) or more (reload mode). */
  segments: number
}

/** A schedule input for a network: random copies (1-4) per MVM layer, segments cut at random layers. */
function input(net: Network, c: Case, rnd: () => number): ScheduleInput {
  const cuts = new Set<number>()
  while (cuts.size < Math.min(c.segments - 1, net.layers.length - 1)) cuts.add(randInt(rnd, 1, net.layers.length - 1))
  const firsts = [0, ...[...cuts].sort((a, b) => a - b)]
  const segments: Segment[] = firsts.map((firstLayer) => ({ firstLayer, writeSteps: firsts.length > 1 ? c.writeSteps : 0 }))
  return {
    sets: buildSets(net, c.granularity),
    copies: Int32Array.from(net.layers, (l) => (isMvm(l) ? randInt(rnd, 1, 4) : 1)),
    pes: new Int32Array(net.layers.length),
    digitalSteps: c.digitalSteps,
    assignment: c.assignment,
    inferences: c.inferences,
    segments,
  }
}

/** Checks both cheap methods against the simulation; returns whether each took its cheap path. */
function check(tag: string, s: ScheduleInput): { closedForm: boolean; perLayer: boolean } {
  const simulated = simulate({ ...s, mode: 'layer-by-layer' }).makespan
  expect(layerByLayerMakespan(s), tag).toBe(simulated)
  const whole = Number.isInteger(s.digitalSteps) && s.segments.every((g) => Number.isInteger(g.writeSteps))
  if (whole) {
    // the closed form itself: per segment its write time + n x sum of ceil(S_l / d_l) x MVMs per set + digital latencies
    const ends = [...s.segments.slice(1).map((g) => g.firstLayer), s.sets.length]
    const closed = s.segments.reduce(
      (t, g, i) => t + g.writeSteps + s.inferences * layerByLayerSteps(s.sets, s.copies, s.digitalSteps, g.firstLayer, ends[i]),
      0,
    )
    expect(closed, tag).toBe(simulated)
  }
  const unbounded = simulate({ ...s, mode: 'unbounded' }).makespan
  expect(criticalPathSteps(s), tag).toBe(unbounded)
  const perLayer = uniformCriticalPath(s)
  if (perLayer !== null) expect(perLayer, tag).toBe(unbounded)
  return { closedForm: whole, perLayer: perLayer !== null }
}

describe('reference figures by their cheap methods equal the simulation', () => {
  it('every zoo network: pixel and row sets, streaming, reload segments, whole and fractional steps', () => {
    const rnd = mulberry32(14)
    const cases: Case[] = [
      { granularity: 'pixel', assignment: 'interleaved', inferences: 1, digitalSteps: 0, writeSteps: 0, segments: 1 },
      { granularity: 'row', assignment: 'block', inferences: 3, digitalSteps: 2, writeSteps: 5, segments: 3 },
      { granularity: 'pixel', assignment: 'block', inferences: 2, digitalSteps: 0.3, writeSteps: 2.5, segments: 2 },
      { granularity: 'row', assignment: 'interleaved', inferences: 2, digitalSteps: 1, writeSteps: 0, segments: 1 },
    ]
    let perLayer = 0
    for (const z of ZOO) {
      const net = z.build(z.defaultInput)
      for (const c of cases) perLayer += +check(`${z.name} ${JSON.stringify(c)}`, input(net, c, rnd)).perLayer
    }
    // the zoo's layers read at least one producer set everywhere: the critical path is per layer throughout
    expect(perLayer).toBe(ZOO.length * cases.length)
  })

  it('300 random networks with random options take both paths of each method and always agree', () => {
    const rnd = mulberry32(1014)
    const paths = { closedForm: 0, simulated: 0, perLayer: 0, perSet: 0 }
    for (let i = 0; i < 300; i++) {
      const net = randomNetwork(rnd, { layers: randInt(rnd, 3, 12), dilation: rnd() < 0.5 })
      const c: Case = {
        granularity: pick(rnd, ['pixel', 'row'] as const),
        assignment: pick(rnd, ['interleaved', 'block'] as const),
        inferences: randInt(rnd, 1, 3),
        digitalSteps: pick(rnd, [0, 1, 3, 0.1, 1.7]),
        writeSteps: pick(rnd, [0, 4, 100, 0.3, 12.9]),
        segments: randInt(rnd, 1, 3),
      }
      const r = check(`random network ${i} ${JSON.stringify(c)}`, input(net, c, rnd))
      paths[r.closedForm ? 'closedForm' : 'simulated']++
      paths[r.perLayer ? 'perLayer' : 'perSet']++
    }
    for (const [path, n] of Object.entries(paths)) expect(n, path).toBeGreaterThan(20)
  })

  it('a 1x1 convolution with padding reads nothing at the border: the critical path falls back to the simulation', () => {
    const b = new NetworkBuilder('border', { c: 1, h: 4, w: 4 })
    b.conv(1, 3, { pad: 1 })
    b.conv(1, 1, { pad: 1 }) // 6x6: the border ring reads only padding and starts at 0
    b.conv(1, 3, { pad: 0 })
    const net = b.build()
    const s = input(net, { granularity: 'pixel', assignment: 'interleaved', inferences: 1, digitalSteps: 0, writeSteps: 0, segments: 1 }, mulberry32(1))
    expect(uniformCriticalPath(s)).toBeNull()
    // conv1 ends at 1; conv2's inner sets at 2, its border at 1; conv3 (4x4 over 6x6) reads inner sets: 3
    expect(criticalPathSteps(s)).toBe(3)
  })
})
