import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PRESETS } from '../../src/main/core/arch/presets'
import { METRICS } from '../../src/shared/metrics'
import { SUMMARY_FIELDS } from '../helpers/summary-fields'
import { DUPLICATION_STRATEGIES, SCHEDULES } from '../../src/shared/strategies'

/** Runs `cim ARGS` as a user would (scripts/cim.mjs, the built command line) and returns its exit code and output. */
function cim(...args: string[]) {
  const r = spawnSync(process.execPath, ['scripts/cim.mjs', ...args], { encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('cim run', () => {
  it('--json prints exactly the summary fields and the stage timings', () => {
    const r = cim('run', '--model', 'lenet5', '--dup', 'greedy', '--schedule', 'clsa', '--json')
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(Object.keys(out.summary).sort()).toEqual([...SUMMARY_FIELDS, 'energyBreakdownNj'].sort())
    const parts = Object.values(out.summary.energyBreakdownNj as Record<string, number>)
    expect(parts.reduce((a, b) => a + b, 0)).toBeCloseTo(out.summary.energyNj, 6)
    expect(out.summary.model).toBe('lenet5')
    expect(out.summary.pesChip).toBe(out.summary.pesMinimum + 64)
    expect(out.summary.latencySteps).toBeGreaterThanOrEqual(out.summary.lowerBoundSteps)
    expect(out.summary.speedupVsBaseline).toBeGreaterThan(1)
    for (const stage of ['resolve', 'map', 'duplicate', 'sets', 'schedule', 'measure', 'total']) expect(out.timingsMs[stage]).toBeGreaterThanOrEqual(0)
  })

  it('names the layer that bounds the latency, in the JSON summary and in words', () => {
    const out = JSON.parse(cim('run', '--model', 'tinyyolov4', '--json').stdout)
    expect(out.summary.bottleneckLayer).toBe('conv13')
    expect(out.bottleneck).toMatchObject({ layer: 'conv13', copies: 1, workSteps: 2704, oneMoreCopy: { pes: 3, fits: false } })
    const text = cim('run', '--model', 'tinyyolov4', '--dup', 'none').stdout
    expect(text).toContain(
      'latency is bound by conv0 (43,264 steps of work on 1 copy); one more copy would save ~21,632 steps; run again with 2 copies it saves 21,632 steps (43,945 steps -> 22,313 steps)',
    )
    expect(text).toMatch(/^critical path: conv0 > conv1 > .* > conv36$/m)
  })

  it('--noc mesh --json: bytes move, latency at least the free latency and the lower bound; --noc none moves nothing', () => {
    const mesh = JSON.parse(cim('run', '--model', 'tinyyolov4', '--noc', 'mesh', '--json').stdout)
    expect(mesh).toMatchObject({ noc: 'mesh', placement: 'contiguous' })
    expect(mesh.metrics.nocBytes).toBeGreaterThan(0)
    expect(mesh.summary.latencySteps).toBeGreaterThanOrEqual(mesh.metrics.latencyNoNocSteps)
    expect(mesh.summary.latencySteps).toBeGreaterThanOrEqual(mesh.summary.lowerBoundSteps)
    const none = JSON.parse(cim('run', '--model', 'tinyyolov4', '--json').stdout)
    expect(none).toMatchObject({ noc: 'none', metrics: { nocBytes: 0, nocEnergyNj: 0, latencyNoNocSteps: null } })
    expect(none.summary.latencySteps).toBe(mesh.metrics.latencyNoNocSteps)
    const spread = cim('run', '--model', 'lenet5', '--noc', 'mesh', '--placement', 'spread')
    expect(spread.stdout).toMatch(/network mesh, spread placement/)
    expect(spread.stdout).toMatch(/│ Network traffic +│ 4\.77 kB +│/)
  })

  it('prints a readable summary with units', () => {
    const r = cim('run', '--model', 'lenet5', '--schedule', 'layer-by-layer', '--dup', 'none')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/│ Latency +│ 887 steps +│/)
    expect(r.stdout).toMatch(/│ Latency \(time\) +│ 710 µs +│/)
    expect(r.stdout).toMatch(/│ Speedup +│ 1× +│/)
    expect(r.stdout).toMatch(/│ Latency \/ lower bound +│ 1\.131 +│/)
    expect(r.stdout).toMatch(/│ Lifetime +│ unlimited +│/)
  })

  it('--pes sets the chip size and a chip too small for one copy of a layer is an error', () => {
    const ok = JSON.parse(cim('run', '--model', 'lenet5', '--pes', '50', '--json').stdout)
    expect(ok.summary.pesChip).toBe(50)
    const r = cim('run', '--model', 'vgg16', '--pes', '2')
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/layer "[^"]+" needs \d+ PEs for one copy but the chip has 2/)
  })
})

describe('cim run --target-fps / --target-latency', () => {
  const throughput = (latencyNs: number) => 1 / (latencyNs * 1e-9) // the catalog's throughputPerS for one inference

  it('tinyyolov4 at 2000 inferences/s: the answer N reaches it, N - 1 PEs do not', () => {
    const plan = JSON.parse(cim('run', '--model', 'tinyyolov4', '--target-fps', '2000', '--json').stdout)
    const n = plan.summary.pesChip
    expect(n).toBe(535)
    expect(plan.target).toMatchObject({ target: { fps: 2000 }, met: true, pes: n, below: { pes: n - 1 } })
    const at = JSON.parse(cim('run', '--model', 'tinyyolov4', '--pes', String(n), '--json').stdout).summary
    const below = JSON.parse(cim('run', '--model', 'tinyyolov4', '--pes', String(n - 1), '--json').stdout).summary
    expect(at.latencySteps).toBe(plan.summary.latencySteps)
    expect(at.throughputPerS).toBe(throughput(at.latencyNs))
    expect(at.throughputPerS).toBeGreaterThanOrEqual(2000)
    expect(below.throughputPerS).toBeLessThan(2000)
    expect(plan.target.below.latencySteps).toBe(below.latencySteps)
  })

  it('a latency with a unit, in words', () => {
    const r = cim('run', '--model', 'tinyyolov4', '--target-latency', '1ms')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/│ Chip PEs +│ 296 PEs +│/)
    expect(r.stdout).toMatch(/target a latency of 1,000,000 ns: reached with 296 PEs/)
    expect(r.stdout).toMatch(/one PE smaller, 295 PEs: 1,268 steps, 985\.8 inferences\/s/)
  })

  it('an unreachable target says so, with the bound', () => {
    const r = cim('run', '--model', 'tinyyolov4', '--target-fps', '100000', '--json')
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).target).toMatchObject({ met: false, pes: null, bound: 'critical-path', boundSteps: 19 })
    expect(cim('run', '--model', 'tinyyolov4', '--target-fps', '100000').stdout).toMatch(
      /target 100,000 inferences\/s: unreachable, bounded by the critical path \(unlimited copies of every layer\) at 19 steps/,
    )
  })
})

describe('bad input: one line, exit code 2, no stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown model', ['run', '--model', 'nosuchnet'], /unknown model "nosuchnet"/],
    ['unknown preset', ['run', '--model', 'lenet5', '--arch', 'nosuchchip'], /--arch "nosuchchip": choose a preset/],
    ['bad strategy', ['run', '--model', 'lenet5', '--dup', 'best'], /--dup "best": choose one of none, greedy, optimal/],
    ['negative extra PEs', ['run', '--model', 'lenet5', '--extra-pes', '-3'], /--extra-pes "-3": must be a whole number/],
    ['both chip sizes', ['run', '--model', 'lenet5', '--pes', '9', '--extra-pes', '3'], /either --pes or --extra-pes/],
    ['bad input size', ['run', '--model', 'lenet5', '--input', 'big'], /--input "big"/],
    ['missing file', ['run', '--model', 'missing.onnx'], /missing\.onnx: cannot read the file \(ENOENT\)/],
    ['unknown option', ['run', '--model', 'lenet5', '--fast'], /unknown option '--fast'/],
    ['bad target rate', ['run', '--model', 'lenet5', '--target-fps', 'fast'], /--target-fps "fast": must be a number of inferences per second > 0/],
    ['bad target latency', ['run', '--model', 'lenet5', '--target-latency', '2 weeks'], /--target-latency "2 weeks": give MVM steps .* or a time with a unit/],
    ['two targets', ['run', '--model', 'lenet5', '--target-fps', '9', '--target-latency', '9'], /either --target-fps or --target-latency/],
    ['target and chip', ['run', '--model', 'lenet5', '--target-fps', '9', '--pes', '90'], /--target-fps \/ --target-latency choose the chip: drop --pes/],
    ['unknown network model', ['run', '--model', 'lenet5', '--noc', 'ring'], /--noc "ring": choose one of none, mesh/],
    ['unknown placement', ['run', '--model', 'lenet5', '--noc', 'mesh', '--placement', 'random'], /--placement "random": choose one of contiguous, spread/],
  ]
  for (const [what, args, message] of cases) {
    it(what, () => {
      const r = cim(...args)
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(message)
      expect(r.stderr).not.toMatch(/\n\s+at /)
    })
  }

  it('malformed and out-of-range architecture files name the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cim-cli-'))
    const broken = join(dir, 'broken.json')
    writeFileSync(broken, '{ "name": ')
    const r1 = cim('run', '--model', 'lenet5', '--arch', broken)
    expect(r1.code).toBe(2)
    expect(r1.stderr).toMatch(/broken\.json: not valid JSON/)
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, JSON.stringify({ ...PRESETS['clsa-cim'], crossbarRows: 0 }))
    const r2 = cim('run', '--model', 'lenet5', '--arch', bad)
    expect(r2.code).toBe(2)
    expect(r2.stderr).toMatch(/bad\.json: crossbarRows = 0: must be an integer in 2\.\.8192 rows/)
  })
})

describe('other commands', () => {
  it('models lists the zoo with parameters and MACs', () => {
    const rows = JSON.parse(cim('models', '--json').stdout)
    expect(rows.map((r: { name: string }) => r.name)).toEqual(['tinyyolov3', 'tinyyolov4', 'vgg16', 'resnet18', 'resnet50', 'mobilenetv2', 'alexnet', 'lenet5'])
    const vgg = rows.find((r: { name: string }) => r.name === 'vgg16')
    expect(vgg.mvmLayers).toBe(16)
    expect(vgg.params).toBeGreaterThan(138e6)
  })

  it('compare prints a run for every schedule and duplication strategy of the registry; the layer-by-layer/none run is the baseline', () => {
    const runs = JSON.parse(cim('compare', '--model', 'lenet5', '--json').stdout)
    expect(runs.map((r: { schedule: string; dup: string }) => `${r.schedule} ${r.dup}`).sort()).toEqual(
      SCHEDULES.flatMap((s) => DUPLICATION_STRATEGIES.map((d) => `${s} ${d}`)).sort(),
    )
    expect(runs[0]).toMatchObject({ schedule: 'layer-by-layer', dup: 'none', speedupVsBaseline: 1 })
    const clsaGreedy = runs.find((r: { schedule: string; dup: string }) => r.schedule === 'clsa' && r.dup === 'greedy')
    expect(clsaGreedy.latencySteps).toBeLessThan(runs[0].latencySteps)
  })

  it('sweep --csv has every figure of the catalog and one row per extra-PE count, strategy and schedule', () => {
    const r = cim('sweep', '--model', 'lenet5', '--extra-pes', '0,8', '--dup', 'greedy', '--schedule', 'clsa', '--csv')
    expect(r.code).toBe(0)
    expect(r.stdout.endsWith('\r\n')).toBe(true)
    const lines = r.stdout.trim().split('\r\n')
    const head = lines[0].split(',')
    expect(head).toEqual(['extraPes', 'model', 'schedule', 'dup', 'bottleneckLayer', ...METRICS.map((m) => m.key)])
    expect(lines).toHaveLength(3)
    const row = Object.fromEntries(lines[2].split(',').map((v, i) => [head[i], v]))
    expect(row).toMatchObject({
      extraPes: '8',
      model: 'lenet5',
      schedule: 'clsa',
      dup: 'greedy',
      bottleneckLayer: 'conv1',
      pesChip: '14',
      lifetimeInferences: '',
    })
    expect(Number(row.energyNj)).toBeGreaterThan(0)
  })

  it('reproduce --json gives one object per network and extra-PE count', () => {
    const rows = JSON.parse(cim('reproduce', '--models', 'lenet5,alexnet', '--extra-pes', '0,64', '--json').stdout)
    expect(rows).toHaveLength(4)
    for (const row of rows) {
      expect(row.speedup).toBeGreaterThanOrEqual(1)
      expect(row.latencySteps).toBeLessThanOrEqual(row.baselineLatencySteps)
    }
  })
})

describe('imported networks on the command line', () => {
  const SHARED = join(process.cwd(), '../shared/onnx')
  const haveShared = existsSync(SHARED)

  it.skipIf(!haveShared)('inspect prints the layer table and the importer notes of an ONNX file', () => {
    const r = cim('inspect', join(SHARED, 'yunet_n_320_320.onnx'))
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/yunet_n_320_320: input 3x320x320, \d+ layers, 59 MVM layers/)
    expect(r.stdout).toMatch(/note: .*dropped/)
  })

  it.skipIf(!haveShared)('a file with a symbolic batch dim runs with batch 1, as with --input 1x3x32x32', () => {
    const file = join(SHARED, 'simple_cnn.onnx')
    const batch1 = JSON.parse(cim('run', '--model', file, '--json').stdout)
    const given = JSON.parse(cim('run', '--model', file, '--input', '1x3x32x32', '--json').stdout)
    expect(batch1.summary.model).toBe('simple_cnn')
    expect(batch1.summary).toEqual(given.summary)
  })

  it('a Darknet .cfg runs exactly like the zoo network it describes', () => {
    const fromCfg = JSON.parse(cim('run', '--model', 'test/fixtures/darknet/yolov4-tiny.cfg', '--json').stdout).summary
    const fromZoo = JSON.parse(cim('run', '--model', 'tinyyolov4', '--json').stdout).summary
    expect({ ...fromCfg, model: '' }).toEqual({ ...fromZoo, model: '' })
  })
})
