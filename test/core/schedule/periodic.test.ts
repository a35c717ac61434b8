/**
 * The periodic extension of simulate(): once every set of an inference starts one period after the same set of the
 * inference before, the remaining inferences are added in closed form. Checked against the brute-force reference
 * (every set of every inference) and against simulate() with the extension off (every figure it returns).
 */
import { describe, expect, it } from 'vitest'
import { presetArchitecture } from '../../../src/main/core/arch/presets'
import { validateArchitecture } from '../../../src/main/core/arch/spec'
import { duplicate } from '../../../src/main/core/mapping/duplication'
import { mapLayers, minimumPes } from '../../../src/main/core/mapping/pes'
import { placeCopies } from '../../../src/main/core/mapping/placement'
import { NetworkBuilder } from '../../../src/main/core/model/builder'
import { isMvm, type Network } from '../../../src/main/core/model/ir'
import { zooNetwork } from '../../../src/main/core/model/zoo'
import { buildSets } from '../../../src/main/core/schedule/sets'
import { simulate, type ScheduleMode, type Segment, type SimulationInput } from '../../../src/main/core/schedule/simulate'
import { LimitError } from '../../../src/main/core/limits'
import { mulberry32, pick, randInt, randomNetwork } from '../../helpers/random'
import { referenceSchedule } from '../../helpers/reference'

const MODES = ['clsa', 'layer-by-layer', 'unbounded'] as const

/** The schedule input of a network with these copies (PEs per copy 1 + layer index % 3, for the timeline). */
function input(net: Network, copies: number[], o: Partial<SimulationInput> & { mode: ScheduleMode }): SimulationInput {
  return {
    sets: buildSets(net, 'pixel'),
    copies: Int32Array.from(copies),
    pes: Int32Array.from(net.layers.map((l, i) => (isMvm(l) ? 1 + (i % 3) : 0))),
    digitalSteps: 0,
    assignment: 'interleaved',
    inferences: 1,
    segments: [{ firstLayer: 0, writeSteps: 0 }],
    ...o,
  }
}

/** Asserts the extended run equals the run simulated set by set in every figure, and that it did extend. */
function sameAsSetBySet(x: SimulationInput, tag: string): void {
  const full = simulate({ ...x, extend: false, timeline: true, record: true })
  const fast = simulate({ ...x, timeline: true, record: true })
  expect(fast.makespan, tag).toBe(full.makespan)
  expect(Array.from(fast.layerStart), tag).toEqual(Array.from(full.layerStart))
  expect(Array.from(fast.layerEnd), tag).toEqual(Array.from(full.layerEnd))
  fast.starts!.forEach((s, l) => expect(Array.from(s), `${tag} layer ${l}`).toEqual(Array.from(full.starts![l])))
  for (const key of ['waitInputs', 'waitCopy'] as const) fast[key].forEach((v, l) => expect(v, `${tag} ${key} layer ${l}`).toBeCloseTo(full[key][l], 6))
  const a = fast.histogram!.downsample(full.makespan, 200)
  const b = full.histogram!.downsample(full.makespan, 200)
  expect(a.binSteps, tag).toBe(b.binSteps)
  a.busyPes.forEach((v, i) => expect(v, `${tag} timeline ${i}`).toBeCloseTo(b.busyPes[i], 6))
  expect(full.simulatedInferences).toBe(x.inferences * x.segments.length)
  expect(fast.simulatedInferences, `${tag}: extended`).toBeLessThan(full.simulatedInferences)
}

describe('periodic extension of a batch', () => {
  it('gives every set of 12 inferences the start of the brute-force reference (60 random networks, reload segments)', () => {
    const rnd = mulberry32(20261128)
    const base = presetArchitecture('clsa-cim')
    let extended = 0
    let runs = 0
    for (let trial = 0; trial < 60; trial++) {
      const net = randomNetwork(rnd, { layers: randInt(rnd, 3, 8), dilation: false })
      const arch = validateArchitecture({ ...base, crossbarRows: pick(rnd, [8, 16, 32]), crossbarCols: pick(rnd, [16, 32]) })
      const maps = mapLayers(net, arch)
      if (!maps.length) continue
      const reload = rnd() < 0.4
      const minimum = minimumPes(maps)
      const budget = reload ? Math.max(...maps.map((m) => m.pes)) + randInt(rnd, 0, minimum) : minimum + randInt(rnd, 0, 2 * minimum)
      const dup = duplicate(
        pick(rnd, ['none', 'greedy', 'optimal'] as const),
        maps,
        maps.map((m) => net.layers[m.layer].out.h * net.layers[m.layer].out.w),
        budget,
      )
      const copies = net.layers.map(() => 1)
      maps.forEach((m, i) => (copies[m.layer] = dup[i]))
      const placed = placeCopies(maps, dup, budget)
      const segments: Segment[] = placed.map((s, g) => ({ firstLayer: g === 0 ? 0 : maps[s.firstMap].layer, writeSteps: placed.length > 1 ? 3 : 0 }))
      const assignment = pick(rnd, ['interleaved', 'block'] as const)
      const digitalSteps = pick(rnd, [0, 1, 2])
      const inferences = 12
      for (const mode of MODES) {
        const ref = referenceSchedule({ net, granularity: 'pixel', copies, assignment, inferences, mode, digitalSteps, segments })
        const sim = simulate({ ...input(net, copies, { mode, assignment, digitalSteps, inferences, segments }), record: true })
        const tag = `trial ${trial} ${mode} ${assignment} digital ${digitalSteps} segments ${segments.length}`
        net.layers.forEach((_, l) => expect(Array.from(sim.starts![l]), `${tag} layer ${l}`).toEqual(ref.starts[l]))
        expect(sim.makespan, tag).toBe(ref.makespan)
        runs++
        if (sim.simulatedInferences < inferences * segments.length) extended++
      }
    }
    // most runs turn periodic within the batch, so the check covers the closed form and not only the fallback
    expect(extended).toBeGreaterThan(runs * 0.8)
  })

  const ZOO: Array<[string, number]> = [
    ['tinyyolov4', 64],
    ['resnet18', 32],
    ['mobilenetv2', 32],
  ]
  for (const [name, size] of ZOO) {
    it(`returns the figures of the set-by-set run: zoo ${name} at ${size}x${size}, 40 inferences`, () => {
      const net = zooNetwork(name, { h: size, w: size })
      const copies = net.layers.map((l, i) => (isMvm(l) ? 1 + (i % 3) : 1))
      for (const mode of MODES) sameAsSetBySet(input(net, copies, { mode, inferences: 40, digitalSteps: 0.25 }), `${name} ${mode}`)
      const third = Math.floor(net.layers.length / 3)
      const segments = [0, third, 2 * third].map((firstLayer) => ({ firstLayer, writeSteps: 7 }))
      sameAsSetBySet(input(net, copies, { mode: 'clsa', inferences: 40, segments, assignment: 'block' }), `${name} in 3 segments`)
    })
  }

  it('keeps inputs ready at the segment start fixed: a network that starts with a digital layer', () => {
    const b = new NetworkBuilder('pool-first', { c: 2, h: 8, w: 8 })
    b.maxpool(2, { stride: 1 })
    b.conv(4, 3, { pad: 1 })
    b.conv(4, 3, { pad: 1 })
    const net = b.build()
    for (const mode of MODES) sameAsSetBySet(input(net, [1, 2, 1], { mode, inferences: 30, digitalSteps: 1 }), `pool-first ${mode}`)
  })

  it('gives the makespan of every prefix of the batch (prefixes)', () => {
    const net = zooNetwork('tinyyolov4', { h: 64, w: 64 })
    const copies = net.layers.map((l, i) => (isMvm(l) ? 1 + (i % 2) : 1))
    const x = input(net, copies, { mode: 'clsa', inferences: 25, prefixes: true })
    const r = simulate(x)
    expect(r.simulatedInferences).toBeLessThan(25)
    for (const b of [1, 2, 7, 25]) expect(r.makespanOf!(b), `batch ${b}`).toBe(simulate({ ...x, inferences: b, prefixes: false, extend: false }).makespan)
  })

  // a constant digital branch (a pool of the input, 100 steps) holds the add back until the conv branch, one step
  // slower per inference, overtakes it after about 100 inferences (found at the check of inference 112)
  const longTransient = () => {
    const b = new NetworkBuilder('long-transient', { c: 2, h: 8, w: 8 })
    const conv = b.conv(2, 1, { pad: 0 })
    const pool = b.maxpool(3, { stride: 1, pad: 1, from: -1 })
    b.add([conv, pool])
    return b.build()
  }

  it('still ends a long transient in closed form (checked every inference up to 8, then 4 times per doubling)', () => {
    const net = longTransient()
    const x = input(net, [64, 1, 1], { mode: 'clsa', inferences: 300, digitalSteps: 100 })
    sameAsSetBySet(x, 'long transient')
    expect(simulate({ ...x, inferences: 100_000 }).simulatedInferences).toBe(113)
  })

  it('refuses, naming the limit, a batch that has not turned periodic before it simulates more sets than allowed', () => {
    const x = input(longTransient(), [64, 1, 1], { mode: 'clsa', inferences: 1000, digitalSteps: 100, maxSets: 20_000 })
    expect(() => simulate(x)).toThrow(LimitError)
    expect(() => simulate(x)).toThrow(
      'the schedule of 1,000 inferences has not turned periodic after 104: simulating the rest set by set passes the limit of 20,000 sets',
    )
  })
})
