/**
 * ResNet-18 and ResNet-50 as in torchvision (v1.5: the bottleneck strides on its 3x3 conv).
 * Convs are bias-free (BatchNorm follows and is fused); the fc layer has a bias. Residual merges are
 * `add` layers carrying the fused ReLU.
 */
import type { Network } from '../ir'
import { NetworkBuilder } from '../builder'

/** torchvision resnet18 (BasicBlock [2,2,2,2]) or resnet50 (Bottleneck [3,4,6,3]). */
export function resnet(depth: 18 | 50, input: { h: number; w: number }): Network {
  const b = new NetworkBuilder(`resnet${depth}`, { c: 3, ...input })
  const bottleneck = depth === 50
  const blocks = bottleneck ? [3, 4, 6, 3] : [2, 2, 2, 2]
  b.conv(64, 7, { stride: 2, bias: false, act: 'relu', name: 'conv1' })
  let x = b.maxpool(3, { stride: 2, pad: 1, name: 'maxpool' })
  blocks.forEach((n, s) => {
    const width = 64 << s
    const cout = bottleneck ? width * 4 : width
    for (let i = 0; i < n; i++) {
      const name = `layer${s + 1}.${i}`
      const stride = s > 0 && i === 0 ? 2 : 1
      const cin = b.shape(x).c
      if (bottleneck) {
        b.conv(width, 1, { from: x, bias: false, act: 'relu', name: `${name}.conv1` })
        b.conv(width, 3, { stride, bias: false, act: 'relu', name: `${name}.conv2` })
        b.conv(cout, 1, { bias: false, name: `${name}.conv3` })
      } else {
        b.conv(width, 3, { from: x, stride, bias: false, act: 'relu', name: `${name}.conv1` })
        b.conv(width, 3, { bias: false, name: `${name}.conv2` })
      }
      const main = b.last
      const shortcut = stride !== 1 || cin !== cout ? b.conv(cout, 1, { from: x, stride, bias: false, name: `${name}.downsample.0` }) : x
      x = b.add([main, shortcut], { name: `${name}.add` })
      b.layers[x].activation = 'relu'
    }
  })
  b.globalpool({ name: 'avgpool' })
  b.dense(1000, { name: 'fc' })
  return b.build()
}
