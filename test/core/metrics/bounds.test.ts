/** Lower bounds (cim-model.md section 7) and the layer-by-layer closed form (section 5). */
import { describe, it, expect } from 'vitest'
import { NetworkBuilder } from '../../../src/main/core/model/builder'
import { buildSets } from '../../../src/main/core/schedule/sets'
import { bottleneckSteps, layerByLayerSteps } from '../../../src/main/core/metrics/bounds'
import { runExperiment, withDefaults } from '../../../src/main/core/pipeline'

/** conv1 3x3 pad 1 -> conv2 3x3 pad 1 -> maxpool 2 -> upsample 2 -> concat with conv2 -> conv3 on 1x4x4. */
function net() {
  const b = new NetworkBuilder('b', { c: 1, h: 4, w: 4 })
  b.conv(1, 3, { pad: 1 })
  const c2 = b.conv(1, 3, { pad: 1 })
  b.maxpool(2)
  b.upsample(2)
  b.concat([b.last, c2])
  b.conv(1, 3, { pad: 1 })
  return b.build()
}

describe('bounds', () => {
  it('bottleneckSteps = max over MVM layers of ceil(n * S / d) x MVMs per set', () => {
    const pixel = buildSets(net(), 'pixel')
    const copies = [1, 3, 1, 1, 1, 2]
    // 16 sets each: ceil(16/1) = 16, ceil(16/3) = 6, ceil(16/2) = 8; digital layers do not count
    expect(bottleneckSteps(pixel, copies, 1)).toBe(16)
    expect(bottleneckSteps(pixel, [5, 3, 1, 1, 1, 2], 1)).toBe(8)
    expect(bottleneckSteps(pixel, [5, 3, 1, 1, 1, 2], 3)).toBe(24) // ceil(48/2)
    // row sets: 4 rows of 4 MVMs: ceil(4/1) * 4 = 16; with 3 inferences and 5 copies: ceil(12/5) * 4 = 12
    const row = buildSets(net(), 'row')
    expect(bottleneckSteps(row, copies, 1)).toBe(16)
    expect(bottleneckSteps(row, [5, 5, 1, 1, 1, 5], 3)).toBe(12)
  })

  it('layerByLayerSteps = sum of ceil(S / d) x MVMs per set + GPEU latency per digital layer', () => {
    const pixel = buildSets(net(), 'pixel')
    // 16 + ceil(16/3) = 6 + ceil(16/2) = 8 = 30, plus 3 digital layers x 1.5
    expect(layerByLayerSteps(pixel, [1, 3, 1, 1, 1, 2], 0)).toBe(30)
    expect(layerByLayerSteps(pixel, [1, 3, 1, 1, 1, 2], 1.5)).toBe(34.5)
    // rows: ceil(4/1) * 4 + ceil(4/3) * 4 + ceil(4/2) * 4 = 16 + 8 + 8
    expect(layerByLayerSteps(buildSets(net(), 'row'), [1, 3, 1, 1, 1, 2], 0)).toBe(32)
  })

  it('a run reports lower bound = max(critical path, bottleneck) and latency / lower bound', async () => {
    const r = await runExperiment(withDefaults({ network: { network: net() }, arch: { preset: 'clsa-cim' }, duplication: 'none' }))
    // unlimited copies: conv1 all at 0 (done 1), conv2 done 2, pool/upsample/concat 2, conv3 done 3
    expect(r.metrics.criticalPathSteps).toBe(3)
    expect(r.metrics.bottleneckSteps).toBe(16)
    expect(r.summary.lowerBoundSteps).toBe(16)
    expect(r.metrics.latencyOverLowerBound).toBe(r.summary.latencySteps / 16)
    expect(r.metrics.baselineLatencySteps).toBe(48)
  })
})
