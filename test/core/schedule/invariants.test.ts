/**
 * Schedule validity on every zoo network at its default input (cim-model.md section 5), on the
 * clsa-cim preset with 64 extra PEs, for both schedules and every duplication strategy.
 */
import { describe, it, expect } from 'vitest'
import { ZOO, zooNetwork } from '../../../src/main/core/model/zoo'
import { presetArchitecture } from '../../../src/main/core/arch/presets'
import { mvmLatencyNs } from '../../../src/main/core/arch/spec'
import { chipPes, mapLayers, minimumPes } from '../../../src/main/core/mapping/pes'
import { duplicate } from '../../../src/main/core/mapping/duplication'
import { DUPLICATION_STRATEGIES } from '../../../src/shared/strategies'
import { buildSets, type LayerSets } from '../../../src/main/core/schedule/sets'
import { type Assignment, type Granularity } from '../../../src/shared/schemas/spec'
import { simulate } from '../../../src/main/core/schedule/simulate'
import { copyOf } from '../../../src/shared/formulas'
import { layerByLayerSteps } from '../../../src/main/core/metrics/bounds'
import { runExperiment, withDefaults } from '../../../src/main/core/pipeline'
import type { Network } from '../../../src/main/core/model/ir'
import { refDeps, refIsMvm } from '../../helpers/reference'
import { mulberry32 } from '../../helpers/random'

/** Latest finish among the sets a set depends on, from buildSets' rectangles. */
function depsReady(sets: LayerSets[], finish: Float64Array[], l: number, i: number): number {
  const ls = sets[l]
  const y = Math.floor(i / ls.cols)
  const x = i % ls.cols
  let ready = 0
  for (const dep of ls.deps) {
    const pf = finish[dep.producer]
    if (dep.whole) {
      for (const f of pf) ready = Math.max(ready, f)
      continue
    }
    const pc = sets[dep.producer].cols
    for (let r = dep.rowLo[y]; r <= dep.rowHi[y]; r += dep.rowStep) {
      for (let c = dep.colLo[x]; c <= dep.colHi[x]; c += dep.colStep) ready = Math.max(ready, pf[r * pc + c])
    }
  }
  return ready
}

/**
 * The closed form of cim-model.md section 5 from the network alone (GPEU latency 0): sum over MVM
 * layers of ceil(S_l / d_l) sets x MVMs per set (pixel: H*W sets of 1 MVM; row: H sets of W MVMs).
 */
function closedForm(net: Network, copies: Int32Array, granularity: Granularity): number {
  return net.layers.reduce((t, layer, l) => {
    if (!refIsMvm(layer)) return t
    const { h, w } = layer.out
    return t + (granularity === 'pixel' ? Math.ceil((h * w) / copies[l]) : Math.ceil(h / copies[l]) * w)
  }, 0)
}

async function checkNetwork(name: string, granularity: Granularity, assignment: Assignment): Promise<void> {
  const net = zooNetwork(name)
  const arch = presetArchitecture('clsa-cim')
  expect(arch.extraPes).toBe(64)
  expect(arch.gpeuLatencyNs).toBe(0)
  const maps = mapLayers(net, arch)
  const chip = chipPes(arch, minimumPes(maps))
  expect(chip).toBe(minimumPes(maps) + 64)
  const sets = buildSets(net, granularity)
  const L = net.layers.length
  const rnd = mulberry32(7)
  const latencies: Record<string, number> = {}

  for (const strategy of DUPLICATION_STRATEGIES) {
    const dup = duplicate(
      strategy,
      maps,
      maps.map((m) => sets[m.layer].sets),
      chip,
      maps.map((m) => sets[m.layer].mvmsPerSet),
    )
    const copies = new Int32Array(L).fill(1)
    const pes = new Int32Array(L)
    maps.forEach((m, j) => {
      copies[m.layer] = dup[j]
      pes[m.layer] = m.pes
    })
    // (f) the copies fit the chip
    const allocated = maps.reduce((a, m, j) => a + m.pes * dup[j], 0)
    expect(allocated, `${name} ${strategy}`).toBeLessThanOrEqual(chip)
    if (strategy === 'none') expect(dup.every((d) => d === 1)).toBe(true)
    else
      expect(
        dup.some((d) => d > 1),
        `${name} ${strategy} duplicates something with 64 spare PEs`,
      ).toBe(true)

    for (const schedule of ['layer-by-layer', 'clsa'] as const) {
      const tag = `${name} ${granularity} ${assignment} ${strategy} ${schedule}`
      const run = simulate({
        sets,
        copies,
        pes,
        digitalSteps: 0,
        assignment,
        inferences: 1,
        segments: [{ firstLayer: 0, writeSteps: 0 }],
        mode: schedule,
        record: true,
      })
      const starts = run.starts!
      const dur = sets.map((s) => (s.mvm ? s.mvmsPerSet : 0))
      const finish = starts.map((st, l) => st.map((t) => t + dur[l]))

      // (a) no set starts before its dependencies (buildSets' rectangles) have finished; and the
      // schedule is as soon as possible: each set starts when its last input or its copy is done.
      let barrier = 0
      for (let l = 0; l < L; l++) {
        const S = sets[l].sets
        const d = sets[l].mvm ? copies[l] : 0
        const copyFree = new Float64Array(Math.max(d, 1))
        for (let i = 0; i < S; i++) {
          const ready = depsReady(sets, finish, l, i)
          if (starts[l][i] < ready) expect.fail(`${tag}: ${net.layers[l].name} set ${i} starts ${starts[l][i]} before its inputs at ${ready}`)
          const c = d ? copyOf(i, S, d, assignment) : 0
          const earliest = Math.max(ready, d ? copyFree[c] : 0, schedule === 'layer-by-layer' ? barrier : 0)
          if (starts[l][i] !== earliest) expect.fail(`${tag}: ${net.layers[l].name} set ${i} starts ${starts[l][i]}, could start at ${earliest}`)
          if (d) copyFree[c] = finish[l][i]
        }
        for (const f of finish[l]) barrier = Math.max(barrier, f)
      }
      // (a') independently, for a sample of sets: every dependency enumerated tap by tap has finished
      for (let s = 0; s < 300; s++) {
        const l = Math.floor(rnd() * L)
        const i = Math.floor(rnd() * sets[l].sets)
        for (const dep of refDeps(net, l, i, granularity)) {
          const f = finish[dep.producer][dep.set]
          if (f > starts[l][i])
            expect.fail(`${tag}: ${net.layers[l].name} set ${i} at ${starts[l][i]} before ${net.layers[dep.producer].name} set ${dep.set} ends at ${f}`)
        }
      }

      // (b) no copy runs two sets at once
      for (let l = 0; l < L; l++) {
        if (!sets[l].mvm) continue
        const S = sets[l].sets
        const byCopy = new Map<number, number[]>()
        for (let i = 0; i < S; i++) {
          const c = copyOf(i, S, copies[l], assignment)
          if (!(c >= 0 && c < copies[l])) expect.fail(`${tag}: ${net.layers[l].name} set ${i} on copy ${c} of ${copies[l]}`)
          if (!byCopy.has(c)) byCopy.set(c, [])
          byCopy.get(c)!.push(starts[l][i])
        }
        // every copy gets work, except trailing copies left empty by blocks of ceil(S / d)
        const used = assignment === 'interleaved' ? Math.min(copies[l], S) : Math.ceil(S / Math.ceil(S / copies[l]))
        expect(byCopy.size, `${tag}: ${net.layers[l].name}`).toBe(used)
        for (const st of byCopy.values()) expect(st.length).toBeLessThanOrEqual(Math.ceil(S / copies[l]))
        for (const [c, st] of byCopy) {
          st.sort((a, b) => a - b)
          for (let j = 1; j < st.length; j++) {
            if (st[j] < st[j - 1] + dur[l]) expect.fail(`${tag}: ${net.layers[l].name} copy ${c} overlaps at ${st[j]}`)
          }
        }
      }

      // the pipeline gives the same latency, and its summary holds (c) and (f)
      const r = await runExperiment(
        withDefaults({ network: { zoo: name }, arch: { preset: 'clsa-cim' }, duplication: strategy, schedule, granularity, assignment }),
      )
      const sum = r.summary
      expect(sum.latencySteps, tag).toBe(run.makespan)
      expect(sum.latencyNs).toBe(run.makespan * mvmLatencyNs(arch))
      expect(sum.pesChip).toBe(chip)
      expect(sum.pesAllocated).toBe(allocated)
      // (c) latency >= lower bound >= the busiest layer's ceil(S_l / d_l)
      expect(sum.latencySteps, tag).toBeGreaterThanOrEqual(sum.lowerBoundSteps)
      expect(sum.lowerBoundSteps).toBeGreaterThanOrEqual(Math.max(...maps.map((m, j) => Math.ceil(sets[m.layer].sets / dup[j]) * sets[m.layer].mvmsPerSet)))
      // (f) utilization in (0, 1]
      for (const u of [sum.utilizationChip, sum.utilizationAllocated]) {
        expect(u, tag).toBeGreaterThan(0)
        expect(u, tag).toBeLessThanOrEqual(1)
      }
      expect(sum.utilizationAllocated).toBeGreaterThanOrEqual(sum.utilizationChip)

      // (d) layer-by-layer latency equals its closed form exactly
      if (schedule === 'layer-by-layer') {
        expect(run.makespan, tag).toBe(closedForm(net, copies, granularity))
        expect(layerByLayerSteps(sets, copies, 0)).toBe(closedForm(net, copies, granularity))
      }
      latencies[`${strategy} ${schedule}`] = run.makespan
    }
    // (e) cross-layer scheduling is never slower than layer-by-layer with the same copies
    expect(latencies[`${strategy} clsa`], `${name} ${strategy}`).toBeLessThanOrEqual(latencies[`${strategy} layer-by-layer`])
  }
  // with 64 spare PEs, duplication shortens the cross-layer schedule
  expect(latencies['greedy clsa'], name).toBeLessThan(latencies['none clsa'])
  expect(latencies['optimal clsa'], name).toBeLessThan(latencies['none clsa'])
}

describe('schedule invariants on every zoo network (clsa-cim, 64 extra PEs)', () => {
  for (const z of ZOO) it(`${z.name}, pixel sets dealt interleaved`, () => checkNetwork(z.name, 'pixel', 'interleaved'))
  for (const z of ZOO) it(`${z.name}, row sets dealt in blocks`, () => checkNetwork(z.name, 'row', 'block'))
})
