/**
 * ONNX import of the real models in ../shared/onnx (see its README) and the round trip
 * importOnnx(exportOnnx(net)) on builder and zoo networks.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { NetworkBuilder } from '../../../src/main/core/model/builder'
import { isMvm, layerMacs, layerParams, networkStats, type Layer, type Network } from '../../../src/main/core/model/ir'
import { exportOnnx, importOnnx } from '../../../src/main/core/model/onnx'
import { zooNetwork } from '../../../src/main/core/model/zoo'

const ONNX_DIR = path.resolve(__dirname, '../../../../shared/onnx')
const haveModels = existsSync(ONNX_DIR)
if (!haveModels) console.warn(`skipping the real-model ONNX tests: ${ONNX_DIR} is absent`)

function load(file: string, input?: number[]): Network {
  return importOnnx(readFileSync(path.join(ONNX_DIR, file)), { fileName: file, input, sha256: 'test-sha' })
}

function layer(net: Network, name: string): Layer {
  const l = net.layers.find((x) => x.name === name)
  if (!l) throw new Error(`no layer ${name} in ${net.name}`)
  return l
}

function countKinds(net: Network): Record<string, number> {
  const kinds: Record<string, number> = {}
  for (const l of net.layers) kinds[l.kind] = (kinds[l.kind] ?? 0) + 1
  return kinds
}

describe.skipIf(!haveModels)('importOnnx on real models', () => {
  it('light_vgg19: 16 convs + 3 dense, 143.7M parameters, 19.6 GMACs', () => {
    const net = load('light_vgg19.onnx')
    expect(countKinds(net)).toEqual({ conv: 16, maxpool: 5, flatten: 1, dense: 3 })
    const s = networkStats(net)
    expect(s.mvmLayers).toBe(19)
    expect(s.params).toBe(143_667_240) // torchvision vgg19
    expect(s.macs).toBe(19_632_062_464)
    expect(layer(net, 'n0').out).toEqual({ c: 64, h: 224, w: 224 })
    expect(layer(net, 'n36').out).toEqual({ c: 512, h: 7, w: 7 })
    // Reshape before the first Gemm: a flatten layer, the dense layer reads 25088 values.
    const fc6 = layer(net, 'n38')
    expect(net.layers[fc6.inputs[0]]).toMatchObject({ kind: 'flatten', out: { c: 25088, h: 1, w: 1 } })
    expect(layerParams(net, fc6)).toBe(25088 * 4096 + 4096)
    expect(layer(net, 'n44')).toMatchObject({ kind: 'dense', out: { c: 1000, h: 1, w: 1 }, activation: 'softmax' })
    expect(net.source).toEqual({ kind: 'onnx', file: 'light_vgg19.onnx', sha256: 'test-sha', opset: 9, producer: 'onnx-caffe2' })
    expect(net.notes.join('\n')).toMatch(/folded 36 .*ConstantOfShape x36/)
    expect(net.notes.join('\n')).toMatch(/Dropout/)
  })

  it('light_resnet50: 53 convs + 1 dense, 25.5M parameters, 4.1 GMACs, Sum as add', () => {
    const net = load('light_resnet50.onnx')
    const s = networkStats(net)
    expect(countKinds(net)).toMatchObject({ conv: 53, dense: 1, add: 16, maxpool: 1, avgpool: 1 })
    expect(s.mvmLayers).toBe(54)
    // torchvision's 25,557,032 minus the 53,120 BatchNorm parameters (BN is fused, convs have no bias).
    expect(s.params).toBe(25_503_912)
    expect(s.macs).toBe(4_089_184_256)
    expect(layer(net, 'n0')).toMatchObject({ out: { c: 64, h: 112, w: 112 }, bias: false, activation: 'relu' })
    expect(layer(net, 'n172')).toMatchObject({ kind: 'avgpool', out: { c: 2048, h: 1, w: 1 } })
    // Reshape of a 1x1 map: the dense layer reads the pool directly.
    const fc = layer(net, 'n174')
    expect(net.layers[fc.inputs[0]].name).toBe('n172')
    expect(layerMacs(net, fc)).toBe(2048 * 1000)
    const sums = net.layers.filter((l) => l.kind === 'add')
    expect(sums.every((l) => l.inputs.length === 2 && l.activation === 'relu')).toBe(true)
  })

  it('light_squeezenet is SqueezeNet 1.1: 26 convs, 1.24M parameters, 349M MACs', () => {
    const net = load('light_squeezenet.onnx')
    const s = networkStats(net)
    expect(countKinds(net)).toEqual({ conv: 26, maxpool: 3, concat: 8, globalpool: 1 })
    expect(s.params).toBe(1_235_496) // SqueezeNet 1.1 (1.0 has 1,248,424)
    expect(s.macs).toBe(349_151_936)
    // v1.1's first conv: 64 filters 3x3 stride 2 (v1.0: 96 filters 7x7).
    expect(layer(net, 'n0')).toMatchObject({ out: { c: 64, h: 111, w: 111 }, window: { kh: 3, kw: 3, strideH: 2 } })
    expect(layer(net, 'n60')).toMatchObject({ kind: 'concat', out: { c: 512, h: 13, w: 13 } })
    expect(layer(net, 'n64')).toMatchObject({ kind: 'globalpool', out: { c: 1000, h: 1, w: 1 } })
  })

  it('simple_cnn: a symbolic batch is imported as 1; external weights give their shapes', () => {
    expect(load('simple_cnn.onnx').notes[0]).toBe(
      'input "x" [batch_size,3,32,32] has a symbolic batch dimension "batch_size": imported with batch 1 as [1,3,32,32]',
    )
    expect(load('simple_cnn.onnx').layers).toEqual(load('simple_cnn.onnx', [1, 3, 32, 32]).layers)
    const net = load('simple_cnn.onnx')
    expect(countKinds(net)).toEqual({ conv: 2, maxpool: 2, flatten: 1, dense: 1 })
    const s = networkStats(net)
    expect(s.params).toBe(16 * 27 + 16 + 32 * 144 + 32 + 10 * 2048 + 10)
    expect(s.macs).toBe(32 * 32 * 16 * 27 + 16 * 16 * 32 * 144 + 2048 * 10)
    expect(layer(net, 'node_view')).toMatchObject({ kind: 'flatten', out: { c: 2048, h: 1, w: 1 } })
    expect(net.source.opset).toBe(20)
    expect(net.notes.join('\n')).toMatch(/3 initializers are stored in external data/)
  })

  it('FastestDet at 352: 70 convs (28 depthwise), channel shuffles, Pad + AveragePool, Resize', () => {
    const net = load('FastestDet.onnx', [1, 3, 352, 352])
    const s = networkStats(net)
    expect(s.mvmLayers).toBe(70)
    const grouped = net.layers.filter((l) => (l.groups ?? 1) > 1)
    expect(grouped).toHaveLength(28)
    expect(grouped.every((l) => l.groups === net.layers[l.inputs[0]].out.c)).toBe(true) // all depthwise
    expect(s.params).toBe(240_301)
    expect(s.macs).toBe(121_491_744)
    expect(countKinds(net)).toEqual({ conv: 70, maxpool: 1, shuffle: 26, pad: 1, avgpool: 1, upsample: 1, add: 1, concat: 19 })
    // Channel shuffle + split: Concat -> Reshape/Transpose/Reshape -> Gather x2 on axis 0: two channel-local
    // shuffle layers (the even and the odd channels of the concat), no barrier (issue 12).
    for (const name of ['Gather_18', 'Gather_20']) {
      expect(layer(net, name)).toEqual({ name, kind: 'shuffle', inputs: [net.layers.findIndex((l) => l.name === 'Concat_11')], out: { c: 24, h: 44, w: 44 } })
    }
    expect(net.notes.join('\n')).toMatch(
      /^26 layout chains \(.*\) became local layers, .*: shuffle x26 \(Gather_20, Gather_18, Gather_35, Gather_33 and 22 more\)$/m,
    )
    expect(net.notes.join('\n')).not.toMatch(/barrier/)
    expect(layer(net, 'Pad_228')).toMatchObject({ kind: 'pad', out: { c: 48, h: 46, w: 46 }, window: { pads: [1, 1, 1, 1] } })
    expect(layer(net, 'AveragePool_229').out).toEqual({ c: 48, h: 22, w: 22 })
    expect(layer(net, 'Resize_226')).toMatchObject({ kind: 'upsample', scaleH: 2, scaleW: 2, out: { c: 192, h: 22, w: 22 } })
    // The head: sigmoid(obj), reg, softmax(cls) via Transpose/Softmax/Transpose, concatenated.
    const head = net.layers[net.layers.length - 1]
    expect(head).toMatchObject({ name: 'Concat_264', kind: 'concat', out: { c: 85, h: 22, w: 22 } })
    expect(head.inputs.map((i) => net.layers[i].name)).toEqual(['Conv_253', 'Conv_257', 'Conv_260'])
    expect(layer(net, 'Conv_253').activation).toBe('sigmoid')
  })

  it('yunet at 320: 59 convs (23 depthwise), FPN with Resize + Add, post-processing dropped', () => {
    const net = load('yunet_n_320_320.onnx')
    const s = networkStats(net)
    expect(countKinds(net)).toEqual({ conv: 59, maxpool: 4, upsample: 2, add: 2 })
    expect(net.layers.filter((l) => (l.groups ?? 1) > 1)).toHaveLength(23)
    expect(s.params).toBe(73_840)
    expect(s.macs).toBe(135_598_400)
    expect(layer(net, 'Conv_0').out).toEqual({ c: 16, h: 160, w: 160 })
    expect(layer(net, 'Resize_43')).toMatchObject({ kind: 'upsample', out: { c: 64, h: 20, w: 20 } })
    expect(layer(net, 'Add_44').inputs.map((i) => net.layers[i].name)).toEqual(['Conv_30', 'Resize_43'])
    expect(net.notes.find((n) => n.startsWith('dropped post-processing'))).toMatch(/Transpose x12, Reshape x12, Sigmoid x6 \(30 nodes\)/)
  })

  it('every model of the folder imports: positive shapes, topological order, weights on every MVM layer', () => {
    const inputs: Record<string, number[]> = { 'simple_cnn.onnx': [1, 3, 32, 32] }
    const files = readdirSync(ONNX_DIR).filter((f) => f.endsWith('.onnx'))
    expect(files.length).toBeGreaterThanOrEqual(6)
    for (const file of files) {
      const net = load(file, inputs[file])
      expect(networkStats(net).mvmLayers, file).toBeGreaterThan(0)
      net.layers.forEach((l, i) => {
        expect(l.out.c * l.out.h * l.out.w, `${file} ${l.name}`).toBeGreaterThan(0)
        expect(
          l.inputs.every((p) => p < i),
          `${file} ${l.name} topological`,
        ).toBe(true)
        if (isMvm(l)) expect(layerParams(net, l), `${file} ${l.name}`).toBeGreaterThan(0)
      })
    }
  })

  it('a truncated real model is one clear error', () => {
    const bytes = readFileSync(path.join(ONNX_DIR, 'FastestDet.onnx'))
    expect(() => importOnnx(bytes.subarray(0, bytes.length >> 1), { fileName: 'FastestDet.onnx' })).toThrow(
      /^FastestDet\.onnx: not a readable ONNX model: .*truncated or not ONNX/,
    )
  })
})

/** The fields a round trip must keep. */
function summary(net: Network) {
  return net.layers.map((l) => ({
    name: l.name,
    kind: l.kind,
    inputs: l.inputs,
    out: l.out,
    window: l.window,
    groups: l.groups ?? 1,
    bias: isMvm(l) ? l.bias !== false : undefined,
    scale: l.kind === 'upsample' ? [l.scaleH, l.scaleW] : undefined,
    channelStart: l.channelStart,
    activation: l.activation === 'linear' ? undefined : l.activation,
  }))
}

describe('exportOnnx -> importOnnx round trip', () => {
  function roundTrip(net: Network): Network {
    const back = importOnnx(exportOnnx(net), { fileName: `${net.name}.onnx` })
    expect(summary(back)).toEqual(summary(net))
    expect(back.input).toEqual(net.input)
    expect(networkStats(back)).toEqual(networkStats(net))
    return back
  }

  it('a small conv / pool / concat / upsample / add / slice / pad / dense network', () => {
    const b = new NetworkBuilder('small', { c: 3, h: 32, w: 32 })
    const c1 = b.conv(16, 3, { act: 'relu' })
    const p1 = b.maxpool(2)
    const c2 = b.conv(16, 3, { groups: 16, dilation: 2, pad: 2, bias: false })
    const c3 = b.conv(32, 1, { act: 'leaky', from: p1 })
    const cat = b.concat([c2, c3])
    const s = b.slice(cat, 8, 16)
    const up = b.upsample(2, { from: s })
    b.add([up, c1])
    b.avgpool(3, { stride: 2, ceil: true, pads: [0, 0, 1, 1] })
    b.globalpool()
    b.dense(10, { act: 'softmax' })
    const back = roundTrip(b.build())
    expect(back.layers.map((l) => l.kind)).toEqual(['conv', 'maxpool', 'conv', 'conv', 'concat', 'slice', 'upsample', 'add', 'avgpool', 'globalpool', 'dense'])
  })

  it('dense layers over a flattened map, pad and convtranspose and mul layers', () => {
    const b = new NetworkBuilder('misc', { c: 4, h: 9, w: 9 })
    const x = b.conv(8, 3, { stride: 2, pads: [0, 0, 1, 1], act: 'silu' })
    expect(b.shape(x)).toEqual({ c: 8, h: 4, w: 4 })
    b.layers.push({
      name: 'pad1',
      kind: 'pad',
      inputs: [x],
      out: { c: 8, h: 6, w: 5 },
      window: { kh: 1, kw: 1, strideH: 1, strideW: 1, pads: [1, 0, 1, 1], dilationH: 1, dilationW: 1 },
    })
    const up = { name: 'deconv', kind: 'convtranspose' as const, inputs: [b.last], out: { c: 6, h: 13, w: 11 }, groups: 2, bias: true }
    // 2 * (6 - 1) + 3 - 1 (pads) + 1 (output_padding) = 13 rows, 2 * (5 - 1) + 3 - 1 = 10 (+1) columns.
    b.layers.push({ ...up, window: { kh: 3, kw: 3, strideH: 2, strideW: 2, pads: [1, 0, 0, 0], dilationH: 1, dilationW: 1 } })
    const d = b.last
    b.layers.push({ name: 'square', kind: 'mul', inputs: [d, d], out: { c: 6, h: 13, w: 11 } })
    b.flatten()
    b.dense(32, { act: 'relu' })
    b.dense(8, { bias: false })
    // A whole-map rearrangement at the end (exported as Transpose + Reshape).
    b.layers.push({ name: 'shuffle', kind: 'flatten', inputs: [b.last], out: { c: 8, h: 1, w: 1 } })
    roundTrip(b.build())
  })

  for (const name of ['tinyyolov4', 'resnet18', 'tinyyolov3', 'vgg16', 'resnet50', 'mobilenetv2', 'alexnet', 'lenet5']) {
    it(`zoo ${name}`, () => {
      const back = roundTrip(zooNetwork(name))
      expect(back.source).toMatchObject({ kind: 'onnx', file: `${name}.onnx`, opset: 17, producer: 'cim-workbench' })
    })
  }
})
