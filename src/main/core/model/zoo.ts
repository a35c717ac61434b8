/**
 * The built-in model zoo: well-known networks at a configurable input size, built with shapes
 * inferred (cim-model.md section 1). BatchNorm and activations are fused into the producing layer.
 */
import type { Network } from './ir'
import { alexnet, lenet5, vgg16 } from './zoo/classic'
import { mobileNetV2 } from './zoo/mobilenetv2'
import { resnet } from './zoo/resnet'
import { tinyYoloV3, tinyYoloV4 } from './zoo/yolo'

export interface ZooEntry {
  name: string
  description: string
  /** Input height and width in pixels (channels are fixed per model: 3, or 1 for lenet5). */
  defaultInput: { h: number; w: number }
  /** Height and width must be multiples of this (1: any size the layers allow), e.g. 32 for the YOLO heads at stride 32. */
  inputMultiple: number
  /** Builds the network at the given input size; throws an Error naming the model and size if it cannot. */
  build(input: { h: number; w: number }): Network
}

function entry(name: string, description: string, size: number, make: (input: { h: number; w: number }) => Network, inputMultiple = 1): ZooEntry {
  return {
    name,
    description: inputMultiple > 1 ? `${description}; input a multiple of ${inputMultiple}` : description,
    defaultInput: { h: size, w: size },
    inputMultiple,
    build(input) {
      const { h, w } = input
      if (!Number.isInteger(h) || !Number.isInteger(w) || h < 1 || w < 1) {
        throw new Error(`${name}: input size ${h}x${w} is invalid (height and width must be positive integers)`)
      }
      try {
        if (h % inputMultiple || w % inputMultiple) throw new Error(`height and width must be multiples of ${inputMultiple}`)
        return make({ h, w })
      } catch (e) {
        const cause = (e as Error).message.replace(`${name}: `, '')
        throw new Error(`${name} cannot be built at input ${h}x${w}: ${cause}`)
      }
    },
  }
}

/** The zoo, in display order. */
export const ZOO: ZooEntry[] = [
  entry('tinyyolov3', 'YOLOv3-tiny detector (Darknet yolov3-tiny.cfg), 80 classes', 416, tinyYoloV3, 32),
  entry('tinyyolov4', 'YOLOv4-tiny detector (Darknet yolov4-tiny.cfg), 80 classes', 416, tinyYoloV4, 32),
  entry('vgg16', 'VGG-16 classifier (torchvision vgg16), 1000 classes', 224, vgg16),
  entry('resnet18', 'ResNet-18 classifier (torchvision resnet18), 1000 classes', 224, (i) => resnet(18, i)),
  entry('resnet50', 'ResNet-50 v1.5 classifier (torchvision resnet50), 1000 classes', 224, (i) => resnet(50, i)),
  entry('mobilenetv2', 'MobileNetV2 classifier (torchvision mobilenet_v2, width 1.0), 1000 classes', 224, mobileNetV2),
  entry('alexnet', 'AlexNet classifier (torchvision alexnet), 1000 classes', 224, alexnet),
  entry('lenet5', 'LeNet-5 digit classifier (LeCun 1998), 1x32x32 input, average pooling', 32, lenet5),
]

/** Builds a zoo network by name at `input` (default: the model's default input size). */
export function zooNetwork(name: string, input?: { h: number; w: number }): Network {
  const e = ZOO.find((z) => z.name === name)
  if (!e) throw new Error(`unknown model "${name}": choose one of ${ZOO.map((z) => z.name).join(', ')}`)
  return e.build(input ?? e.defaultInput)
}
