/**
 * The plain feed-forward classics: VGG16 and AlexNet as in torchvision (convs and linears with bias,
 * ReLU fused, adaptive average pooling before the classifier), and the classic LeNet-5.
 */
import type { Network } from '../ir'
import { NetworkBuilder } from '../builder'

type Size = { h: number; w: number }

/**
 * torchvision's classifier: adaptive average pool to `pool` x `pool`, flatten, dense 4096, 4096 (ReLU)
 * and 1000, the denses named classifier.<index> at the given torchvision indices (dropouts take the others).
 */
function classifier(b: NetworkBuilder, pool: number, denses: [number, number, number]): Network {
  b.adaptiveAvgPool(pool, pool, { name: 'avgpool' })
  b.flatten({ name: 'flatten' })
  b.dense(4096, { act: 'relu', name: `classifier.${denses[0]}` })
  b.dense(4096, { act: 'relu', name: `classifier.${denses[1]}` })
  b.dense(1000, { name: `classifier.${denses[2]}` })
  return b.build()
}

/** torchvision vgg16 (configuration D, no batch norm): features.*, avgpool (adaptive 7x7), classifier.*. */
export function vgg16(input: Size): Network {
  const b = new NetworkBuilder('vgg16', { c: 3, ...input })
  const cfg: Array<number | 'M'> = [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M']
  let idx = 0
  for (const v of cfg) {
    if (v === 'M') b.maxpool(2, { name: `features.${idx++}` })
    else {
      b.conv(v, 3, { act: 'relu', name: `features.${idx}` })
      idx += 2 // conv, relu
    }
  }
  return classifier(b, 7, [0, 3, 6])
}

/** torchvision alexnet (the one-GPU variant of Krizhevsky et al. 2012 with 64/192/384/256/256 filters). */
export function alexnet(input: Size): Network {
  const b = new NetworkBuilder('alexnet', { c: 3, ...input })
  b.conv(64, 11, { stride: 4, pad: 2, act: 'relu', name: 'features.0' })
  b.maxpool(3, { stride: 2, name: 'features.2' })
  b.conv(192, 5, { pad: 2, act: 'relu', name: 'features.3' })
  b.maxpool(3, { stride: 2, name: 'features.5' })
  b.conv(384, 3, { act: 'relu', name: 'features.6' })
  b.conv(256, 3, { act: 'relu', name: 'features.8' })
  b.conv(256, 3, { act: 'relu', name: 'features.10' })
  b.maxpool(3, { stride: 2, name: 'features.12' })
  return classifier(b, 6, [1, 4, 6])
}

/**
 * Classic LeNet-5 (LeCun et al. 1998) on a 1-channel image: conv 6@5x5 (no padding), average pool 2,
 * conv 16@5x5 (fully connected to all 6 maps, unlike the paper's partial table), average pool 2,
 * flatten, dense 120, 84, 10. The paper's subsampling layers average 2x2 windows, hence avgpool; tanh.
 */
export function lenet5(input: Size): Network {
  const b = new NetworkBuilder('lenet5', { c: 1, ...input })
  b.conv(6, 5, { pad: 0, act: 'tanh', name: 'conv1' })
  b.avgpool(2, { name: 'pool1' })
  b.conv(16, 5, { pad: 0, act: 'tanh', name: 'conv2' })
  b.avgpool(2, { name: 'pool2' })
  b.flatten({ name: 'flatten' })
  b.dense(120, { act: 'tanh', name: 'fc1' })
  b.dense(84, { act: 'tanh', name: 'fc2' })
  b.dense(10, { name: 'fc3' })
  return b.build()
}
