/**
 * MobileNetV2 as in torchvision (width multiplier 1.0): inverted residual blocks with a 1x1 expansion,
 * a 3x3 depthwise conv and a linear 1x1 projection. Convs are bias-free (BatchNorm fused, ReLU6);
 * the classifier has a bias. Residual merges (stride 1, same channels) are `add` layers.
 */
import type { Network } from '../ir'
import { NetworkBuilder } from '../builder'

/** Expansion t, output channels c, repeats n, first stride s (torchvision inverted_residual_setting). */
const SETTINGS: Array<[number, number, number, number]> = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
]

/** torchvision mobilenet_v2 (features.0 ... features.18, classifier.1). */
export function mobileNetV2(input: { h: number; w: number }): Network {
  const b = new NetworkBuilder('mobilenetv2', { c: 3, ...input })
  let x = b.conv(32, 3, { stride: 2, bias: false, act: 'relu6', name: 'features.0.0' })
  let block = 1
  for (const [t, c, n, s] of SETTINGS) {
    for (let i = 0; i < n; i++, block++) {
      const name = `features.${block}.conv`
      const cin = b.shape(x).c
      const hidden = cin * t
      const stride = i === 0 ? s : 1
      let j = 0
      if (t !== 1) b.conv(hidden, 1, { from: x, bias: false, act: 'relu6', name: `${name}.${j++}.0` })
      b.conv(hidden, 3, { from: t !== 1 ? b.last : x, stride, groups: hidden, bias: false, act: 'relu6', name: `${name}.${j++}.0` })
      const project = b.conv(c, 1, { bias: false, name: `${name}.${j}` })
      x = stride === 1 && cin === c ? b.add([project, x], { name: `features.${block}.add` }) : project
    }
  }
  b.conv(1280, 1, { bias: false, act: 'relu6', name: 'features.18.0' })
  b.globalpool({ name: 'avgpool' })
  b.dense(1000, { name: 'classifier.1' })
  return b.build()
}
