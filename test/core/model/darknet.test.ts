import { readFileSync } from 'node:fs'
import { describe, it, expect } from 'vitest'
import { importDarknetCfg } from '../../../src/main/core/model/darknet'
import { zooNetwork } from '../../../src/main/core/model/zoo'
import { networkStats, type Network } from '../../../src/main/core/model/ir'

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/darknet/${name}`, import.meta.url), 'utf8')
const V3 = fixture('yolov3-tiny.cfg')
const V4 = fixture('yolov4-tiny.cfg')

/** The layers without their names: kind, inputs, shapes, windows and the per-kind attributes. */
function structure(net: Network) {
  return net.layers.map(({ name: _name, ...rest }) => rest)
}

/** Imports `text` and returns the thrown message. */
function errorOf(text: string, fileName = 'yolov4-tiny.cfg'): string {
  try {
    importDarknetCfg(text, { fileName })
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('no error thrown')
}

/** Replaces the n-th (1-based) occurrence of `from` and returns the text and the line it is on. */
function edit(text: string, from: string, to: string, n = 1): { text: string; line: number } {
  let at = -1
  for (let i = 0; i < n; i++) at = text.indexOf(from, at + 1)
  if (at < 0) throw new Error(`${from} not found`)
  return { text: text.slice(0, at) + to + text.slice(at + from.length), line: text.slice(0, at).split('\n').length }
}

describe('Darknet cfg import', () => {
  it('yolov3-tiny.cfg gives the zoo tinyyolov3 layer by layer', () => {
    const net = importDarknetCfg(V3, { fileName: 'yolov3-tiny.cfg' })
    expect(net.name).toBe('yolov3-tiny')
    expect(net.source).toEqual({ kind: 'darknet', file: 'yolov3-tiny.cfg' })
    expect(net.input).toEqual({ c: 3, h: 416, w: 416 })
    expect(structure(net)).toEqual(structure(zooNetwork('tinyyolov3')))
    expect(networkStats(net)).toEqual(networkStats(zooNetwork('tinyyolov3')))
    expect(net.notes).toEqual(['[yolo] #16: detection output 13x13x255 from conv15', '[yolo] #23: detection output 26x26x255 from conv22'])
  })

  it('yolov4-tiny.cfg gives the zoo tinyyolov4 layer by layer', () => {
    const net = importDarknetCfg(V4, { fileName: 'yolov4-tiny.cfg' })
    expect(structure(net)).toEqual(structure(zooNetwork('tinyyolov4')))
    expect(net.layers.map((l) => l.kind).filter((k) => k === 'slice')).toHaveLength(3)
  })

  it('takes the input size from the caller', () => {
    const net = importDarknetCfg(V4, { fileName: 'yolov4-tiny.cfg', input: { h: 320, w: 320 } })
    expect(structure(net)).toEqual(structure(zooNetwork('tinyyolov4', { h: 320, w: 320 })))
    expect(net.notes[0]).toMatch(/overrides the \[net\] section/)
  })

  it('maps shortcut, global avgpool, connected, dropout and softmax', () => {
    const cfg = [
      '[net]',
      'width=8',
      'height=8',
      'channels=1',
      '[convolutional]',
      'filters=4',
      'size=3',
      'pad=1',
      'activation=relu', // 0
      '[convolutional]',
      'filters=4',
      'size=3',
      'pad=1',
      'activation=relu', // 1
      '[shortcut]',
      'from=-2',
      'activation=linear', // 2
      '[dropout]',
      'probability=.5', // 3
      '[connected]',
      'output=10',
      'activation=linear', // 4
      '[softmax]', // 5
      '[route]',
      'layers=2', // 6
      '[avgpool]', // 7
    ].join('\n')
    const net = importDarknetCfg(cfg, { fileName: 'small.cfg' })
    expect(net.layers.map((l) => [l.name, l.kind, l.inputs, l.out])).toEqual([
      ['conv0', 'conv', [-1], { c: 4, h: 8, w: 8 }],
      ['conv1', 'conv', [0], { c: 4, h: 8, w: 8 }],
      ['shortcut2', 'add', [1, 0], { c: 4, h: 8, w: 8 }],
      ['connected4.flatten', 'flatten', [2], { c: 256, h: 1, w: 1 }],
      ['connected4', 'dense', [3], { c: 10, h: 1, w: 1 }],
      ['avgpool7', 'globalpool', [2], { c: 4, h: 1, w: 1 }],
    ])
  })

  describe('errors name the file, line, section, key and problem', () => {
    it('a route before the first layer', () => {
      const { text, line } = edit(V4, 'layers = -1,-2', 'layers = -1,-9')
      expect(errorOf(text)).toBe(`yolov4-tiny.cfg line ${line}, [route] #6: layers=-9 points before the first layer`)
    })

    it('a route to a later layer', () => {
      const { text, line } = edit(V4, 'layers = -1, 23', 'layers = -1, 40')
      expect(errorOf(text)).toBe(`yolov4-tiny.cfg line ${line}, [route] #34: layers=40 points to layer 40, which is not before this one`)
    })

    it('an unknown section type', () => {
      const { text, line } = edit(V3, '[upsample]', '[reorg3d]')
      expect(errorOf(text, 'yolov3-tiny.cfg')).toBe(`yolov3-tiny.cfg line ${line}, [reorg3d] #19: unknown section type [reorg3d]`)
    })

    it('a non-integer value', () => {
      const { text, line } = edit(V3, 'filters=32', 'filters=3.5')
      expect(errorOf(text, 'yolov3-tiny.cfg')).toBe(`yolov3-tiny.cfg line ${line}, [convolutional] #2: filters=3.5 is not an integer`)
    })

    it('a concat of maps of different sizes', () => {
      const { text, line } = edit(V3, 'layers = -1, 8', 'layers = -1, 6')
      expect(errorOf(text, 'yolov3-tiny.cfg')).toBe(`yolov3-tiny.cfg line ${line}, [route] #20: layers=6 concatenates 26x26x128 with 52x52x128: sizes differ`)
    })

    it('a channel split that does not divide', () => {
      const { text, line } = edit(V4, 'groups=2', 'groups=3')
      expect(errorOf(text)).toBe(`yolov4-tiny.cfg line ${line}, [route] #3: groups=3 does not divide the 64 channels of layer -1`)
    })

    it('a shortcut of different shapes', () => {
      const cfg = ['[net]', 'width=8', 'height=8', '[convolutional]', 'filters=4', '[convolutional]', 'filters=8', '[shortcut]', 'from=-2'].join('\n')
      expect(errorOf(cfg, 'res.cfg')).toBe('res.cfg line 9, [shortcut] #2: from=-2 adds 8x8x4 to 8x8x8: sizes differ')
    })

    it('a window larger than its input', () => {
      const cfg = ['[net]', 'width=2', 'height=2', '[maxpool]', 'size=5', 'stride=1', 'padding=0'].join('\n')
      expect(errorOf(cfg, 'tiny.cfg')).toBe('tiny.cfg line 4, [maxpool] #0: maxpool with kernel 5 does not fit a 2x2 input')
    })

    it('a missing [net] or input size', () => {
      expect(errorOf('[convolutional]\nfilters=4', 'a.cfg')).toBe('a.cfg line 1: the first section must be [net], found [convolutional]')
      expect(errorOf('[net]\nchannels=3\n[convolutional]', 'b.cfg')).toBe('b.cfg line 1, [net]: missing height=')
      expect(errorOf('[net]\nwidth=8\nheight=8\nnonsense\n', 'c.cfg')).toBe('c.cfg line 4: expected key=value, found "nonsense"')
      expect(() => importDarknetCfg(V3, { fileName: 'd.cfg', input: { h: 0, w: 416 } })).toThrow('d.cfg: input 3x0x416 is invalid')
    })
  })
})
