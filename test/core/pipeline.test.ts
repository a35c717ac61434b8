/** runExperiment: reproducible, serializable, cancellable, with clear errors (cim-model.md sections 7 and 9). */
import { describe, it, expect } from 'vitest'
import { runExperiment, withDefaults, type Progress } from '../../src/main/core/pipeline'
import { NetworkBuilder } from '../../src/main/core/model/builder'
import { presetArchitecture } from '../../src/main/core/arch/presets'
import { ArchitectureError } from '../../src/main/core/arch/spec'
import { SPEC_DEFAULTS, type ExperimentSpec } from '../../src/shared/experiment'
import { SUMMARY_FIELDS } from '../helpers/summary-fields'

const spec = (o: Partial<ExperimentSpec> = {}) =>
  withDefaults({ network: { zoo: 'tinyyolov4', input: { h: 128, w: 128 } }, arch: { preset: 'clsa-cim' }, ...o })

describe('runExperiment', () => {
  it('withDefaults fills every option', () => {
    expect(Object.keys(SPEC_DEFAULTS)).toEqual(['duplication', 'schedule', 'granularity', 'assignment', 'inferences', 'inferenceRate', 'noc', 'placement'])
    expect(Object.values(SPEC_DEFAULTS)).toEqual(['greedy', 'clsa', 'pixel', 'interleaved', 1, 30, 'none', 'contiguous'])
    expect(spec()).toEqual({ network: { zoo: 'tinyyolov4', input: { h: 128, w: 128 } }, arch: { preset: 'clsa-cim' }, ...SPEC_DEFAULTS })
    expect(withDefaults({ network: { zoo: 'lenet5' }, arch: { preset: 'isaac' }, schedule: 'layer-by-layer' }).schedule).toBe('layer-by-layer')
  })

  it('returns a JSON-serializable result', async () => {
    for (const s of [spec(), spec({ network: { zoo: 'lenet5' }, chip: { pes: 3 }, inferences: 2 })]) {
      const r = await runExperiment(s)
      expect(JSON.parse(JSON.stringify(r))).toEqual(r)
      expect(r.spec).toEqual(s)
      expect(r.summary.model).toBe('zoo' in s.network ? s.network.zoo : '')
    }
  })

  it('the summary has exactly the documented fields, with consistent values', async () => {
    const r = await runExperiment(spec())
    expect(Object.keys(r.summary).sort()).toEqual([...SUMMARY_FIELDS].sort())
    const s = r.summary
    expect(s).toMatchObject({
      model: 'tinyyolov4',
      schedule: 'clsa',
      dup: 'greedy',
      pesChip: s.pesMinimum + 64,
      writesPerInference: 0,
      lifetimeInferences: null,
    })
    expect(s.latencyNs).toBe(s.latencySteps * 800)
    expect(s.speedupVsBaseline).toBe(r.metrics.baselineLatencySteps / s.latencySteps)
    expect(s.speedupVsBaseline).toBeGreaterThan(1)
    expect(s.utilizationChip).toBeCloseTo(r.metrics.busyPeSteps / (s.pesChip * s.latencySteps), 12)
  })

  it('is reproducible: the same spec gives the same summary and hash; any option changes the hash', async () => {
    const a = await runExperiment(spec())
    const b = await runExperiment(spec())
    expect(b.summary).toEqual(a.summary)
    expect(b.layers).toEqual(a.layers)
    expect(b.inputHash).toBe(a.inputHash)
    expect(a.inputHash).toMatch(/^[0-9a-f]{64}$/)
    const variants: Array<Partial<ExperimentSpec>> = [
      { schedule: 'layer-by-layer' },
      { duplication: 'optimal' },
      { granularity: 'row' },
      { assignment: 'block' },
      { inferences: 2 },
      { inferenceRate: 60 },
      { noc: 'mesh' },
      { noc: 'mesh', placement: 'spread' },
      { chip: { extraPes: 65 } },
      { arch: { architecture: { ...presetArchitecture('clsa-cim'), endurance: 1e9 } } },
      { network: { zoo: 'tinyyolov4', input: { h: 160, w: 128 } } },
    ]
    const hashes = new Set([a.inputHash])
    for (const v of variants) hashes.add((await runExperiment(spec(v))).inputHash)
    expect(hashes.size).toBe(variants.length + 1)
    // the same resolved inputs reached another way hash alike: extraPes 64 is the preset's own
    expect((await runExperiment(spec({ chip: { extraPes: 64 } }))).inputHash).toBe(a.inputHash)
  })

  it('reports progress in increasing fractions up to 1', async () => {
    const seen: Progress[] = []
    await runExperiment(spec(), { onProgress: (p) => seen.push(p) })
    expect(seen.length).toBeGreaterThan(2)
    seen.forEach((p, i) => {
      expect(p.fraction).toBeGreaterThan(i ? seen[i - 1].fraction : 0)
      expect(p.step).toEqual(expect.any(String))
    })
    expect(seen[seen.length - 1].fraction).toBe(1)
  })

  it('rejects when cancelled before or during the run', async () => {
    const before = new AbortController()
    before.abort()
    const progress: number[] = []
    await expect(runExperiment(spec(), { signal: before.signal, onProgress: (p) => progress.push(p.fraction) })).rejects.toThrow(/abort/i)
    expect(progress).toEqual([])

    const during = new AbortController()
    const steps: string[] = []
    const run = runExperiment(spec(), {
      signal: during.signal,
      onProgress: (p) => {
        steps.push(p.step)
        if (steps.length === 2) during.abort()
      },
    })
    await expect(run).rejects.toMatchObject({ name: 'AbortError' })
    expect(steps).toHaveLength(2) // nothing after the cancelled stage
  })

  it('speedup is 1 for layer-by-layer without duplication (fitting or reloading)', async () => {
    for (const chip of [undefined, { pes: 3 }]) {
      const r = await runExperiment(
        withDefaults({ network: { zoo: 'lenet5' }, arch: { preset: 'clsa-cim' }, schedule: 'layer-by-layer', duplication: 'none', ...(chip ? { chip } : {}) }),
      )
      expect(r.summary.speedupVsBaseline).toBe(1)
      expect(r.metrics.baselineLatencySteps).toBe(r.summary.latencySteps)
    }
  })

  it('per-layer cell writes (used cells x copies x programmings) add up to the total, fitting and in reload mode', async () => {
    for (const chip of [undefined, { pes: 60 }]) {
      const r = await runExperiment(spec(chip ? { chip } : {}))
      expect(r.endurance!.reloadMode).toBe(chip !== undefined)
      const mvm = r.layers.filter((l) => l.pes > 0)
      expect(mvm.every((l) => l.cellWrites > 0)).toBe(true)
      expect(r.layers.filter((l) => l.pes === 0).every((l) => l.cellWrites === 0)).toBe(true)
      expect(r.layers.reduce((a, l) => a + l.cellWrites, 0)).toBe(r.summary.totalCellWrites)
    }
    // Fitting: each copy written once, so a layer's writes are its copies x the used cells of one copy.
    const r = await runExperiment(spec())
    for (const l of r.layers.filter((x) => x.pes > 0)) expect(l.cellWrites % l.copies).toBe(0)
  })

  it('names the layer whose single copy does not fit the chip', async () => {
    const b = new NetworkBuilder('toobig', { c: 1, h: 16, w: 16 })
    b.conv(16, 3, { pad: 1, name: 'stem' })
    b.flatten()
    b.dense(512, { name: 'fc-huge' }) // K = 16 * 16 * 16 = 4096 -> 16 row blocks x 2 column blocks = 32 PEs
    const s = withDefaults({ network: { network: b.build() }, arch: { preset: 'clsa-cim' }, chip: { pes: 31 } })
    await expect(runExperiment(s)).rejects.toThrow('layer "fc-huge" needs 32 PEs for one copy but the chip has 31')
    await expect(runExperiment({ ...s, chip: { pes: 32 } })).resolves.toBeTruthy()
  })

  it('rejects a network without MVM layers', async () => {
    const b = new NetworkBuilder('pools', { c: 1, h: 8, w: 8 })
    b.maxpool(2)
    await expect(runExperiment(withDefaults({ network: { network: b.build() }, arch: { preset: 'clsa-cim' } }))).rejects.toThrow(
      'network "pools" has no MVM layer',
    )
  })

  it('rejects an invalid architecture naming the field and its allowed range', async () => {
    const bad = { ...presetArchitecture('clsa-cim'), crossbarRows: 0 }
    const run = runExperiment(withDefaults({ network: { zoo: 'lenet5' }, arch: { architecture: bad } }))
    await expect(run).rejects.toThrow(ArchitectureError)
    await expect(runExperiment(withDefaults({ network: { zoo: 'lenet5' }, arch: { architecture: bad } }))).rejects.toThrow(
      'crossbarRows = 0: must be an integer in 2..8192 rows',
    )
    await expect(runExperiment(withDefaults({ network: { zoo: 'lenet5' }, arch: { preset: 'clsa-cim' }, chip: { pes: 0 } }))).rejects.toThrow(
      'chipPes = 0: must be an integer in 1..100000000 PEs',
    )
    await expect(runExperiment(withDefaults({ network: { zoo: 'lenet5' }, arch: { preset: 'nope' } }))).rejects.toThrow('unknown architecture preset "nope"')
  })

  it('without a network: data movement is free, the network figures are 0 and null', async () => {
    const r = await runExperiment(spec())
    expect(r.metrics).toMatchObject({ nocBytes: 0, nocEnergyNj: 0, latencyNoNocSteps: null, linkUtilizationMean: null, linkUtilizationMax: null })
  })

  it('over the mesh: bytes move, the latency is at least the free one and the lower bound, energy includes the network', async () => {
    const free = await runExperiment(spec())
    for (const placement of ['contiguous', 'spread'] as const) {
      for (const schedule of ['clsa', 'layer-by-layer'] as const) {
        const r = await runExperiment(spec({ noc: 'mesh', placement, schedule }))
        const m = r.metrics
        expect(m.nocBytes).toBeGreaterThan(0)
        expect(m.latencyNoNocSteps).not.toBeNull()
        expect(r.summary.latencySteps).toBeGreaterThanOrEqual(m.latencyNoNocSteps!)
        expect(m.latencyNoNocSteps!).toBeGreaterThanOrEqual(r.summary.lowerBoundSteps)
        expect(m.linkUtilizationMax!).toBeGreaterThanOrEqual(m.linkUtilizationMean!)
        expect(m.linkUtilizationMax!).toBeLessThanOrEqual(1)
        expect(m.nocEnergyNj).toBeGreaterThan(0)
        if (placement === 'contiguous' && schedule === 'clsa') {
          expect(m.latencyNoNocSteps).toBe(free.summary.latencySteps)
          expect(r.summary.energyNj).toBeCloseTo(free.summary.energyNj + m.nocEnergyNj, 6)
        }
      }
    }
  })

  it('spreading copies over the chip moves more bytes than keeping them together', async () => {
    const together = await runExperiment(spec({ noc: 'mesh' }))
    const spread = await runExperiment(spec({ noc: 'mesh', placement: 'spread' }))
    expect(spread.metrics.nocBytes).toBeGreaterThan(together.metrics.nocBytes)
    expect(spread.placement.map((c) => c.firstPe)).not.toEqual(together.placement.map((c) => c.firstPe))
  })

  it('slow links delay the schedule: a 1-bit link at 1 MHz on TinyYOLOv4', async () => {
    const slow = { ...presetArchitecture('clsa-cim'), linkWidthBits: 1, linkClockGhz: 0.001 }
    const r = await runExperiment(spec({ noc: 'mesh', arch: { architecture: slow } }))
    expect(r.summary.latencySteps).toBeGreaterThan(1.5 * r.metrics.latencyNoNocSteps!)
  })
})
