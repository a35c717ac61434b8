/** PEs per copy (cim-model.md section 3): P = ceil(K/R) * ceil(N*s/C), block-diagonal packing of groups. */
import { describe, it, expect } from 'vitest'
import { NetworkBuilder } from '../../../src/main/core/model/builder'
import { ZOO, zooNetwork } from '../../../src/main/core/model/zoo'
import { presetArchitecture } from '../../../src/main/core/arch/presets'
import { slicesPerWeight, type Architecture } from '../../../src/main/core/arch/spec'
import { chipPes, mapLayers, minimumPes } from '../../../src/main/core/mapping/pes'

const clsa = presetArchitecture('clsa-cim') // 256 x 256, one 8-bit weight per cell: s = 1
const isaac = presetArchitecture('isaac') // 128 x 128, 16-bit weights in 2-bit cells: s = 8

/** The mapping of the layer called `name`. */
function mapOf(b: NetworkBuilder, arch: Architecture, name: string) {
  const net = b.build()
  const m = mapLayers(net, arch).find((x) => net.layers[x.layer].name === name)
  if (!m) throw new Error(`${name} is not mapped`)
  return m
}

describe('mapLayers', () => {
  it('dense blocks: P = ceil(K / R) * ceil(N * s / C)', () => {
    const b = new NetworkBuilder('t', { c: 3, h: 8, w: 8 })
    b.conv(64, 3, { name: 'small' }) // K = 27, N = 64
    b.conv(512, 3, { name: 'wide' }) // K = 576, N = 512
    b.conv(512, 3, { name: 'big' }) // K = 4608, N = 512
    b.flatten()
    b.dense(120, { name: 'fc' }) // K = 512 * 64 = 32768, N = 120
    expect(slicesPerWeight(clsa)).toBe(1)
    // clsa-cim: K 27 -> 1 row block, 64 columns -> 1; 1728 cells of 65536
    expect(mapOf(b, clsa, 'small')).toMatchObject({ k: 27, n: 64, groups: 1, pes: 1, usedCells: 1728, cellUtilization: 1728 / 65536 })
    // K 576 -> ceil(576/256) = 3, N 512 -> 2: 6 PEs
    expect(mapOf(b, clsa, 'wide')).toMatchObject({ k: 576, n: 512, pes: 6, usedCells: 576 * 512 })
    // K 4608 -> 18, N 512 -> 2: 36 PEs, every cell used
    expect(mapOf(b, clsa, 'big')).toMatchObject({ pes: 36, cellUtilization: 1 })
    expect(mapOf(b, clsa, 'fc')).toMatchObject({ k: 32768, n: 120, pes: 128 })
    // ISAAC: s = 8. small: K 27 -> 1, 64 * 8 = 512 columns -> 4 PEs; wide: 5 * 32 = 160
    expect(slicesPerWeight(isaac)).toBe(8)
    expect(mapOf(b, isaac, 'small')).toMatchObject({ pes: 4, usedCells: 27 * 512, cellUtilization: (27 * 512) / (4 * 128 * 128) })
    expect(mapOf(b, isaac, 'wide').pes).toBe(5 * 32)
    // differential mapping doubles the columns: small needs 1024 columns -> 8 PEs
    expect(mapOf(b, { ...isaac, differential: true }, 'small').pes).toBe(8)
  })

  it('MobileNetV2 depthwise 3x3 with 32 channels on 256x256: g_per_pe = min(28, 256), P = 2', () => {
    const net = zooNetwork('mobilenetv2')
    const maps = mapLayers(net, clsa)
    const dw = maps.find((m) => net.layers[m.layer].name === 'features.1.conv.0.0')!
    // K = 9, N = 1 per group, 32 groups: floor(256/9) = 28 groups per PE -> ceil(32/28) = 2 PEs
    expect(dw).toMatchObject({ k: 9, n: 1, groups: 32, pes: 2, usedCells: 32 * 9 })
    expect(dw.cellUtilization).toBe(288 / (2 * 65536))
    // 96-channel depthwise: ceil(96/28) = 4; 960-channel: ceil(960/28) = 35
    const dws = maps.filter((m) => m.groups > 1)
    expect(dws.map((m) => m.groups)).toContain(960)
    for (const m of dws) expect(m.pes, net.layers[m.layer].name).toBe(Math.ceil(m.groups / 28))
  })

  it('grouped convs: packing limited by rows or columns, and groups too big for one PE', () => {
    const b = new NetworkBuilder('g', { c: 64, h: 8, w: 8 })
    b.conv(128, 3, { groups: 4, name: 'g4' }) // K = 9 * 16 = 144, N = 32: min(1, 8) = 1 per PE -> 4 PEs
    b.conv(128, 1, { groups: 2, name: 'g2' }) // K = 64, N = 64: min(4, 4) = 4 per PE -> 1 PE
    b.conv(512, 3, { groups: 2, name: 'huge' }) // K = 576 > 256: 2 * ceil(576/256) * ceil(256/256) = 6
    expect(mapOf(b, clsa, 'g4')).toMatchObject({ k: 144, n: 32, groups: 4, pes: 4 })
    expect(mapOf(b, clsa, 'g2')).toMatchObject({ k: 64, n: 64, groups: 2, pes: 1, cellUtilization: (2 * 64 * 64) / 65536 })
    expect(mapOf(b, clsa, 'huge')).toMatchObject({ k: 576, n: 256, groups: 2, pes: 6 })
  })

  it('depthwise with sliced weights: columns limit the packing (ISAAC, s = 8)', () => {
    const b = new NetworkBuilder('dw', { c: 96, h: 8, w: 8 })
    b.conv(96, 3, { groups: 96, name: 'dw' })
    // K = 9, 8 columns per group: min(floor(128/9) = 14, floor(128/8) = 16) = 14 -> ceil(96/14) = 7
    expect(mapOf(b, isaac, 'dw')).toMatchObject({ pes: 7, usedCells: 96 * 9 * 8 })
    // 16-column crossbars: floor(16/8) = 2 groups per PE -> 48 PEs
    expect(mapOf(b, { ...isaac, crossbarCols: 16 }, 'dw').pes).toBe(48)
  })

  it('matches the formula on every zoo network, with K and N taken from the layer shapes', () => {
    for (const z of ZOO) {
      const net = zooNetwork(z.name)
      for (const arch of [clsa, isaac]) {
        const s = slicesPerWeight(arch)
        const maps = mapLayers(net, arch)
        expect(maps.length, z.name).toBe(net.layers.filter((l) => ['conv', 'dense'].includes(l.kind)).length)
        for (const m of maps) {
          const layer = net.layers[m.layer]
          const src = layer.inputs[0] < 0 ? net.input : net.layers[layer.inputs[0]].out
          const g = layer.groups ?? 1
          const K = layer.kind === 'dense' ? src.c * src.h * src.w : (layer.window!.kh * layer.window!.kw * src.c) / g
          const N = layer.out.c / g
          let P = g * Math.ceil(K / arch.crossbarRows) * Math.ceil((N * s) / arch.crossbarCols)
          if (g > 1 && K <= arch.crossbarRows && N * s <= arch.crossbarCols) {
            P = Math.ceil(g / Math.min(Math.floor(arch.crossbarRows / K), Math.floor(arch.crossbarCols / (N * s))))
          }
          expect([m.k, m.n, m.groups, m.pes], `${z.name} ${layer.name}`).toEqual([K, N, g, P])
          expect(m.usedCells).toBe(g * K * N * s)
          expect(m.cellUtilization).toBeGreaterThan(0)
          expect(m.cellUtilization).toBeLessThanOrEqual(1)
        }
      }
    }
  })

  it('minimumPes sums one copy of every layer; chipPes is the arch size or minimum + extra', () => {
    const net = zooNetwork('lenet5')
    const maps = mapLayers(net, clsa)
    // conv1 K 25, conv2 K 150, fc1 K 400 (2 row blocks), fc2 K 120, fc3 K 84
    expect(maps.map((m) => m.pes)).toEqual([1, 1, 2, 1, 1])
    expect(minimumPes(maps)).toBe(6)
    expect(chipPes(clsa, 6)).toBe(6 + 64)
    expect(chipPes({ ...clsa, chipPes: 1000 }, 6)).toBe(1000)
    expect(chipPes(isaac, 6)).toBe(168 * 96)
  })
})
