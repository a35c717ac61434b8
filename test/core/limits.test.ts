/** Run size limits: computed from shapes, refused before allocation with one line naming the limit and the layer. */
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { DEFAULT_LIMITS, LimitError, checkNetworkLimits, currentLimits, parseLimits } from '../../src/main/core/limits'
import { runExperiment, withDefaults } from '../../src/main/core/pipeline'
import { presetArchitecture } from '../../src/main/core/arch/presets'
import { zooNetwork } from '../../src/main/core/model/zoo'
import { importNetworkBytes } from '../../src/main/io/network-file'

const refusal = async (p: Promise<unknown>) => {
  const e = (await p.then(
    () => null,
    (x: unknown) => x,
  )) as LimitError
  expect(e).toBeInstanceOf(LimitError)
  expect(e.message).not.toContain('\n')
  return e
}

describe('limits', () => {
  it('parses overrides from $CIM_LIMITS and refuses unknown keys and bad numbers', () => {
    expect(parseLimits('sets=2e8, pes=12')).toEqual({ sets: 2e8, pes: 12 })
    expect(currentLimits({ CIM_LIMITS: 'tiles=7' })).toEqual({ ...DEFAULT_LIMITS, tiles: 7 })
    expect(() => parseLimits('cores=3')).toThrow('CIM_LIMITS: unknown limit "cores": use sets, pes, tiles, map, elements')
    expect(() => parseLimits('pes=0', '--limits')).toThrow('--limits: pes=0: must be a number >= 1')
  })

  it('refuses resnet18 at 1x3x100000x100000 naming the feature-map limit and its first layer', async () => {
    const e = await refusal(runExperiment(withDefaults({ network: { zoo: 'resnet18', input: { h: 100_000, w: 100_000 } }, arch: { preset: 'clsa-cim' } })))
    expect(e.limit).toBe('map')
    expect(e.message).toBe(
      'network "resnet18", layer conv1 (64x50000x50000): 160,000,000,000 elements in one feature map, over the limit of 1,000,000,000 (raise it with CIM_LIMITS="map=N" or --limits map=N)',
    )
  })

  it('refuses alexnet on 2x2 crossbars by its 15,272,704 PEs, naming the largest layer', async () => {
    const architecture = { ...presetArchitecture('clsa-cim'), name: 'tiny', crossbarRows: 2, crossbarCols: 2 }
    const e = await refusal(runExperiment(withDefaults({ network: { zoo: 'alexnet' }, arch: { architecture } })))
    expect(e.limit).toBe('pes')
    expect(e.message).toMatch(/^chip for "alexnet" \(layer classifier\.1 needs 9,437,184 PEs per copy\): 15,272,704 PEs, over the limit of 1,000,000/)
  })

  it('counts sets per layer times inferences (pixel: H x W, row: H)', () => {
    const net = zooNetwork('vgg16', { h: 224, w: 224 })
    const total = net.layers.reduce((a, l) => a + l.out.h * l.out.w, 0)
    expect(total).toBe(154_501)
    const limits = { ...DEFAULT_LIMITS, sets: 154_501 * 2 - 1 }
    return Promise.all([
      refusal(runExperiment(withDefaults({ network: { zoo: 'vgg16' }, arch: { preset: 'clsa-cim' }, inferences: 2 }), { limits })).then((e) =>
        expect(e.message).toMatch(/^network "vgg16" \(largest layer .*: 50,176 sets\): 309,002 sets, over the limit of 309,001/),
      ),
      runExperiment(withDefaults({ network: { zoo: 'lenet5' }, arch: { preset: 'clsa-cim' }, inferences: 2 }), { limits }).then((r) =>
        expect(r.summary.model).toBe('lenet5'),
      ),
    ])
  })

  it('refuses the 193-byte Darknet .cfg with four [upsample] stride=64 at import', () => {
    const bytes = readFileSync(new URL('../fixtures/darknet/upsample-bomb.cfg', import.meta.url))
    expect(() => importNetworkBytes('upsample-bomb.cfg', bytes)).toThrow(
      'network "upsample-bomb", layer upsample1 (16x26624x26624): 11,341,398,016 elements in one feature map, over the limit of 1,000,000,000',
    )
    expect(() => checkNetworkLimits(zooNetwork('tinyyolov4', { h: 1664, w: 1664 }))).not.toThrow()
  })
})
