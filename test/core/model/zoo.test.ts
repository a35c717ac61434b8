import { describe, it, expect } from 'vitest'
import { ZOO, zooNetwork } from '../../../src/main/core/model/zoo'
import { NETWORK_INPUT, networkStats, type Network } from '../../../src/main/core/model/ir'

/** |measured / published - 1| <= tol. */
function near(measured: number, published: number, tol: number): void {
  expect(Math.abs(measured / published - 1), `${measured} vs published ${published}`).toBeLessThanOrEqual(tol)
}

/**
 * BatchNorm parameters our IR leaves out: torchvision counts BN weight and bias (2 per channel; running
 * statistics are buffers, not parameters). In ResNet and MobileNetV2 every bias-free conv is followed
 * by one BN, so published = our params + 2 * (output channels of bias-free convs), exactly.
 */
function bnParams(net: Network): number {
  return net.layers.filter((l) => l.kind === 'conv' && l.bias === false).reduce((s, l) => s + 2 * l.out.c, 0)
}

/**
 * Builds a torchvision model and checks it against its published card: parameters with BN exactly and
 * without BN within paramsTol, GMACs within macsTol, [layers, MVM layers].
 */
function torchvision(name: string, card: { params: number; paramsTol: number; gmacs: number; macsTol: number; layers: [number, number] }): Network {
  const net = zooNetwork(name)
  const s = networkStats(net)
  expect(s.params + bnParams(net)).toBe(card.params)
  near(s.params, card.params, card.paramsTol)
  near(s.macs / 1e9, card.gmacs, card.macsTol)
  expect([s.layers, s.mvmLayers]).toEqual(card.layers)
  return net
}

const byName = (net: Network, name: string) => {
  const l = net.layers.find((x) => x.name === name)
  if (!l) throw new Error(`no layer ${name}`)
  return l
}

describe('model zoo', () => {
  it('lists the models in order and rejects unknown names', () => {
    expect(ZOO.map((z) => z.name)).toEqual(['tinyyolov3', 'tinyyolov4', 'vgg16', 'resnet18', 'resnet50', 'mobilenetv2', 'alexnet', 'lenet5'])
    expect(() => zooNetwork('resnet101')).toThrow(
      'unknown model "resnet101": choose one of tinyyolov3, tinyyolov4, vgg16, resnet18, resnet50, mobilenetv2, alexnet, lenet5',
    )
  })

  it('builds every model at its default input, topologically ordered, with positive shapes', () => {
    for (const z of ZOO) {
      const net = zooNetwork(z.name)
      expect(net.input.h).toBe(z.defaultInput.h)
      expect(net.input.c).toBe(z.name === 'lenet5' ? 1 : 3)
      expect(net.source.kind).toBe('zoo')
      net.layers.forEach((l, i) => {
        expect(l.inputs.length).toBeGreaterThan(0)
        for (const p of l.inputs) expect(p === NETWORK_INPUT || (p >= 0 && p < i), `${z.name} ${l.name} <- ${p}`).toBe(true)
        expect(Math.min(l.out.c, l.out.h, l.out.w)).toBeGreaterThan(0)
      })
      expect(new Set(net.layers.map((l) => l.name)).size, `${z.name} names unique`).toBe(net.layers.length)
    }
  })

  // Darknet (AlexeyAB) prints "Total BFLOPS 5.571" for yolov3-tiny.cfg at 416x416; BFLOPs = 2 * MACs of
  // the conv layers (its maxpools add ~0.005 BF, hence measured 5.565). Parameters: the Darknet
  // yolov3-tiny.weights file holds 8,858,734 floats (33.8 MB): conv weights + biases + BN scale, mean
  // and variance (3 x 3,184 BN channels); BN folded into the bias leaves 8,849,182 (-0.11%).
  it('tinyyolov3 matches Darknet', () => {
    const net = zooNetwork('tinyyolov3')
    const s = networkStats(net)
    near((2 * s.macs) / 1e9, 5.571, 0.002)
    near(s.params, 8_858_734, 0.002)
    expect(s.params).toBe(8_849_182)
    expect([s.layers, s.mvmLayers]).toEqual([21, 13])
    expect(byName(net, 'conv15').out).toEqual({ c: 255, h: 13, w: 13 })
    expect(byName(net, 'conv22').out).toEqual({ c: 255, h: 26, w: 26 })
    expect(byName(net, 'maxpool11').out).toEqual({ c: 512, h: 13, w: 13 }) // size 2 stride 1 keeps 13x13
    expect(byName(net, 'maxpool11').window!.pads).toEqual([0, 0, 1, 1])
    expect(byName(net, 'route20').out).toEqual({ c: 384, h: 26, w: 26 })
    expect(net.layers.every((l) => l.kind !== 'conv' || l.activation === (l.out.c === 255 ? 'linear' : 'leaky'))).toBe(true)
  })

  // Darknet prints "Total BFLOPS 6.910" for yolov4-tiny.cfg at 416x416 (measured 2*MACs = 6.908).
  // Parameters: 6.05M (NXP's yolov4tiny model card on Hugging Face, converted from the Darknet weights).
  it('tinyyolov4 matches Darknet', () => {
    const net = zooNetwork('tinyyolov4')
    const s = networkStats(net)
    near((2 * s.macs) / 1e9, 6.91, 0.002)
    near(s.params, 6.05e6, 0.005)
    expect([s.layers, s.mvmLayers]).toEqual([35, 21])
    expect(byName(net, 'conv29').out).toEqual({ c: 255, h: 13, w: 13 })
    expect(byName(net, 'conv36').out).toEqual({ c: 255, h: 26, w: 26 })
    const split = byName(net, 'route3')
    expect([split.kind, split.channelStart, split.out.c]).toEqual(['slice', 32, 32])
    expect(net.layers.filter((l) => l.kind === 'slice')).toHaveLength(3)
    expect(net.notes).toEqual(['[yolo] #30: detection output 13x13x255 from conv29', '[yolo] #37: detection output 26x26x255 from conv36'])
  })

  // torchvision VGG16_Weights.IMAGENET1K_V1: 138,357,544 params, 15.47 GFLOPS (torchvision reports MACs).
  it('vgg16 matches torchvision', () => {
    // 13 conv + 5 maxpool + flatten + 3 dense (7x7 avgpool is identity); no BN
    const net = torchvision('vgg16', { params: 138_357_544, paramsTol: 0, gmacs: 15.47, macsTol: 0.005, layers: [22, 16] })
    expect(byName(net, 'features.28').out).toEqual({ c: 512, h: 14, w: 14 })
  })

  // torchvision ResNet18_Weights.IMAGENET1K_V1: 11,689,512 params (incl. 9,600 BN), 1.81 GFLOPS (MACs).
  it('resnet18 matches torchvision', () => {
    // 20 conv + fc; maxpool, 8 add, avgpool
    const net = torchvision('resnet18', { params: 11_689_512, paramsTol: 0.002, gmacs: 1.81, macsTol: 0.005, layers: [31, 21] })
    expect(net.layers.filter((l) => l.kind === 'add')).toHaveLength(8)
    expect(byName(net, 'layer4.1.add').out).toEqual({ c: 512, h: 7, w: 7 })
  })

  // torchvision ResNet50_Weights.IMAGENET1K_V1: 25,557,032 params (incl. 53,120 BN), 4.09 GFLOPS (MACs).
  it('resnet50 matches torchvision (v1.5)', () => {
    // 53 conv + fc; maxpool, 16 add, avgpool
    const net = torchvision('resnet50', { params: 25_557_032, paramsTol: 0.003, gmacs: 4.09, macsTol: 0.005, layers: [72, 54] })
    expect(byName(net, 'layer4.2.conv3').out).toEqual({ c: 2048, h: 7, w: 7 })
    // v1.5: the stride sits on the 3x3 conv
    expect(byName(net, 'layer2.0.conv1').window!.strideH).toBe(1)
    expect(byName(net, 'layer2.0.conv2').window!.strideH).toBe(2)
    expect(byName(net, 'layer2.0.conv2').out).toEqual({ c: 128, h: 28, w: 28 })
  })

  // torchvision MobileNet_V2_Weights.IMAGENET1K_V1: 3,504,872 params (incl. 34,112 BN), 0.30 GFLOPS (MACs).
  it('mobilenetv2 matches torchvision', () => {
    // 52 conv + classifier; 10 add, avgpool
    const net = torchvision('mobilenetv2', { params: 3_504_872, paramsTol: 0.01, gmacs: 0.3, macsTol: 0.01, layers: [64, 53] })
    const dw = net.layers.filter((l) => l.kind === 'conv' && l.groups! > 1)
    expect(dw).toHaveLength(17)
    expect(dw.every((l) => l.groups === l.out.c)).toBe(true) // depthwise
    expect(byName(net, 'features.18.0').out).toEqual({ c: 1280, h: 7, w: 7 })
  })

  // torchvision AlexNet_Weights.IMAGENET1K_V1: 61,100,840 params, 0.71 GFLOPS (MACs).
  it('alexnet matches torchvision', () => {
    const net = torchvision('alexnet', { params: 61_100_840, paramsTol: 0, gmacs: 0.71, macsTol: 0.01, layers: [12, 8] })
    expect(byName(net, 'features.12').out).toEqual({ c: 256, h: 6, w: 6 })
  })

  // LeNet-5 (fully connected C3): params 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706 (~61.7k).
  // MACs: conv1 28*28*6*25 = 117,600; conv2 10*10*16*150 = 240,000; fc 400*120 + 120*84 + 84*10 = 58,920;
  // total 416,520.
  it('lenet5 matches the hand count', () => {
    const net = zooNetwork('lenet5')
    const s = networkStats(net)
    expect(s.params).toBe(61_706)
    expect(s.macs).toBe(416_520)
    expect([s.layers, s.mvmLayers]).toEqual([8, 5])
    expect(byName(net, 'pool2').kind).toBe('avgpool')
    expect(byName(net, 'flatten').out).toEqual({ c: 400, h: 1, w: 1 })
  })

  it('builds at other input sizes', () => {
    const v4 = zooNetwork('tinyyolov4', { h: 320, w: 320 })
    expect(byName(v4, 'conv29').out).toEqual({ c: 255, h: 10, w: 10 })
    expect(byName(v4, 'conv36').out).toEqual({ c: 255, h: 20, w: 20 })
    const v3 = zooNetwork('tinyyolov3', { h: 256, w: 416 })
    expect(byName(v3, 'conv22').out).toEqual({ c: 255, h: 16, w: 26 })

    // torchvision's adaptive 7x7 pool turns VGG16's 1x1 map at 32x32 into 7x7 (an exact upsample)
    const vgg = zooNetwork('vgg16', { h: 32, w: 32 })
    expect(byName(vgg, 'avgpool')).toMatchObject({ kind: 'upsample', scaleH: 7, out: { c: 512, h: 7, w: 7 } })
    expect(networkStats(vgg).params).toBe(138_357_544)
    // 448: exact 2x2 average pool
    expect(byName(zooNetwork('vgg16', { h: 448, w: 448 }), 'avgpool').window).toMatchObject({ kh: 2, strideH: 2 })
    // 256: 8 -> 7 is not exact; approximated and noted
    expect(zooNetwork('vgg16', { h: 256, w: 256 }).notes[0]).toMatch(/approximated/)

    expect(byName(zooNetwork('resnet50', { h: 160, w: 160 }), 'layer4.2.conv3').out).toEqual({ c: 2048, h: 5, w: 5 })
    expect(byName(zooNetwork('mobilenetv2', { h: 96, w: 128 }), 'features.18.0').out).toEqual({ c: 1280, h: 3, w: 4 })
    expect(byName(zooNetwork('lenet5', { h: 28, w: 28 }), 'flatten').out.c).toBe(256)
  })

  it('rejects sizes the model cannot be built at, naming model and size', () => {
    expect(() => zooNetwork('vgg16', { h: 16, w: 16 })).toThrow(/^vgg16 cannot be built at input 16x16: maxpool/)
    expect(() => zooNetwork('lenet5', { h: 8, w: 8 })).toThrow(/^lenet5 cannot be built at input 8x8/)
    expect(() => zooNetwork('alexnet', { h: 32, w: 32 })).toThrow(/^alexnet cannot be built at input 32x32/)
    expect(() => zooNetwork('tinyyolov3', { h: 100, w: 100 })).toThrow('tinyyolov3 cannot be built at input 100x100: height and width must be multiples of 32')
    expect(() => zooNetwork('tinyyolov4', { h: 416, w: 100 })).toThrow('tinyyolov4 cannot be built at input 416x100: height and width must be multiples of 32')
    expect(zooNetwork('tinyyolov4', { h: 96, w: 128 }).input).toMatchObject({ h: 96, w: 128 })
    expect(ZOO.find((z) => z.name === 'tinyyolov4')!.description).toBe('YOLOv4-tiny detector (Darknet yolov4-tiny.cfg), 80 classes; input a multiple of 32')
    expect(() => zooNetwork('resnet18', { h: 0, w: 224 })).toThrow('resnet18: input size 0x224 is invalid')
    expect(() => zooNetwork('resnet18', { h: 22.5, w: 224 })).toThrow('resnet18: input size 22.5x224 is invalid')
  })
})
