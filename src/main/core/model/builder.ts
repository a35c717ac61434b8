import { NETWORK_INPUT, type Layer, type Network, type Shape, type Window } from './ir'

/** Output size of a sliding window along one axis; ceil mode rounds partial windows up (pooling). */
export function windowOut(size: number, k: number, stride: number, padBegin: number, padEnd: number, dilation = 1, ceil = false): number {
  const span = size + padBegin + padEnd - dilation * (k - 1) - 1
  let out = (ceil ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1
  // ONNX/PyTorch rule: the last window must start inside the input or the left padding.
  if (ceil && (out - 1) * stride >= size + padBegin) out--
  return out
}

/** Options of a window layer; pad is symmetric unless pads (top, left, bottom, right) is given. */
export interface WindowOptions {
  stride?: number
  pad?: number
  pads?: [number, number, number, number]
  dilation?: number
  ceil?: boolean
}

function makeWindow(k: number, o: WindowOptions): Window {
  const p = o.pad ?? 0
  return {
    kh: k,
    kw: k,
    strideH: o.stride ?? 1,
    strideW: o.stride ?? 1,
    pads: o.pads ?? [p, p, p, p],
    dilationH: o.dilation ?? 1,
    dilationW: o.dilation ?? 1,
  }
}

/**
 * Builds a Network layer by layer with shapes inferred. Every method appends one layer and
 * returns its index; `from` defaults to the previously added layer (or the network input).
 */
export class NetworkBuilder {
  readonly layers: Layer[] = []
  /** Approximations made while building, copied into `Network.notes`. */
  readonly notes: string[] = []
  private counts = new Map<string, number>()

  constructor(
    readonly name: string,
    readonly input: Shape,
  ) {}

  get last(): number {
    return this.layers.length - 1
  }

  shape(i: number): Shape {
    return i === NETWORK_INPUT ? this.input : this.layers[i].out
  }

  private push(layer: Omit<Layer, 'name'> & { name?: string }): number {
    const n = (this.counts.get(layer.kind) ?? 0) + 1
    this.counts.set(layer.kind, n)
    this.layers.push({ ...layer, name: layer.name ?? `${layer.kind}${n}` } as Layer)
    return this.last
  }

  private windowed(kind: 'conv' | 'maxpool' | 'avgpool', from: number, c: number, k: number, o: WindowOptions, extra: Partial<Layer>): number {
    const s = this.shape(from)
    const win = makeWindow(k, o)
    const [pt, pl, pb, pr] = win.pads
    const h = windowOut(s.h, k, win.strideH, pt, pb, win.dilationH, o.ceil)
    const w = windowOut(s.w, k, win.strideW, pl, pr, win.dilationW, o.ceil)
    if (h < 1 || w < 1) throw new Error(`${this.name}: ${kind} with kernel ${k} does not fit a ${s.h}x${s.w} input`)
    return this.push({ kind, inputs: [from], out: { c, h, w }, window: win, ...extra })
  }

  conv(cout: number, k: number, o: WindowOptions & { groups?: number; from?: number; name?: string; act?: string; bias?: boolean } = {}): number {
    const from = o.from ?? this.last
    const groups = o.groups ?? 1
    const cin = this.shape(from).c
    if (cin % groups || cout % groups) throw new Error(`${this.name}: groups ${groups} do not divide ${cin} -> ${cout} channels`)
    return this.windowed(
      'conv',
      from,
      cout,
      k,
      { pad: Math.floor(k / 2), ...o },
      {
        groups,
        name: o.name,
        activation: o.act,
        bias: o.bias,
      },
    )
  }

  maxpool(k: number, o: WindowOptions & { from?: number; name?: string } = {}): number {
    const from = o.from ?? this.last
    return this.windowed('maxpool', from, this.shape(from).c, k, { stride: k, ...o }, { name: o.name })
  }

  avgpool(k: number, o: WindowOptions & { from?: number; name?: string } = {}): number {
    const from = o.from ?? this.last
    return this.windowed('avgpool', from, this.shape(from).c, k, { stride: k, ...o }, { name: o.name })
  }

  globalpool(o: { from?: number; name?: string } = {}): number {
    const from = o.from ?? this.last
    return this.push({ kind: 'globalpool', inputs: [from], out: { c: this.shape(from).c, h: 1, w: 1 }, name: o.name })
  }

  flatten(o: { from?: number; name?: string } = {}): number {
    const from = o.from ?? this.last
    const s = this.shape(from)
    return this.push({ kind: 'flatten', inputs: [from], out: { c: s.c * s.h * s.w, h: 1, w: 1 }, name: o.name })
  }

  dense(n: number, o: { from?: number; name?: string; act?: string; bias?: boolean } = {}): number {
    const from = o.from ?? this.last
    return this.push({ kind: 'dense', inputs: [from], out: { c: n, h: 1, w: 1 }, name: o.name, activation: o.act, bias: o.bias })
  }

  upsample(f: number, o: { from?: number; name?: string } = {}): number {
    const from = o.from ?? this.last
    const s = this.shape(from)
    return this.push({ kind: 'upsample', inputs: [from], out: { c: s.c, h: s.h * f, w: s.w * f }, scaleH: f, scaleW: f, name: o.name })
  }

  /** Elementwise sum of equally shaped maps (residual merge). */
  add(inputs: number[], o: { name?: string } = {}): number {
    const s = this.sameSize('add', inputs)
    return this.push({ kind: 'add', inputs, out: { ...s }, name: o.name })
  }

  concat(inputs: number[], o: { name?: string } = {}): number {
    const s = this.sameSize('concat', inputs)
    const c = inputs.reduce((sum, i) => sum + this.shape(i).c, 0)
    return this.push({ kind: 'concat', inputs, out: { c, h: s.h, w: s.w }, name: o.name })
  }

  /** Channels [start, start + c) of a layer's output (Darknet route groups, channel split). */
  slice(from: number, start: number, c: number, o: { name?: string } = {}): number {
    const s = this.shape(from)
    if (start < 0 || start + c > s.c) throw new Error(`${this.name}: slice [${start}, ${start + c}) outside ${s.c} channels`)
    return this.push({ kind: 'slice', inputs: [from], out: { c, h: s.h, w: s.w }, channelStart: start, name: o.name })
  }

  /**
   * PyTorch AdaptiveAvgPool2d to oh x ow. Per axis: nothing when the size already matches, an exact
   * average pool when the input is a multiple of the output, an exact nearest upsample when the output
   * is a multiple of the input. Other sizes (PyTorch's uneven bins) become an upsample and/or an evenly
   * strided pool over the same span, recorded in `notes`. Returns the last layer added (or `from`).
   */
  adaptiveAvgPool(oh: number, ow: number, o: { from?: number; name?: string } = {}): number {
    const from = o.from ?? this.last
    const s = this.shape(from)
    const ay = adaptiveAxis(s.h, oh)
    const ax = adaptiveAxis(s.w, ow)
    const name = o.name ?? 'adaptiveavgpool'
    const pool = ay.k > 1 || ax.k > 1 || ay.stride > 1 || ax.stride > 1
    let cur = from
    if (ay.up > 1 || ax.up > 1) {
      const out = { c: s.c, h: s.h * ay.up, w: s.w * ax.up }
      cur = this.push({ kind: 'upsample', inputs: [cur], out, scaleH: ay.up, scaleW: ax.up, name: pool ? `${name}.upsample` : name })
    }
    if (pool) {
      const window: Window = { kh: ay.k, kw: ax.k, strideH: ay.stride, strideW: ax.stride, pads: [0, 0, 0, 0], dilationH: 1, dilationW: 1 }
      cur = this.push({ kind: 'avgpool', inputs: [cur], out: { c: s.c, h: oh, w: ow }, window, name })
    }
    if (!ay.exact || !ax.exact) {
      this.notes.push(`${name}: adaptive average pooling ${s.h}x${s.w} -> ${oh}x${ow} approximated by evenly strided windows`)
    }
    return cur
  }

  private sameSize(kind: string, inputs: number[]): Shape {
    const s = this.shape(inputs[0])
    for (const i of inputs) {
      const t = this.shape(i)
      if (t.h !== s.h || t.w !== s.w) throw new Error(`${this.name}: ${kind} of ${s.h}x${s.w} and ${t.h}x${t.w} maps`)
    }
    return s
  }

  build(): Network {
    return { name: this.name, input: this.input, layers: this.layers, source: { kind: 'zoo' }, notes: [...this.notes] }
  }
}

/** One axis of an adaptive pool from n to o: nearest upsample factor, then pool kernel and stride. */
function adaptiveAxis(n: number, o: number): { up: number; k: number; stride: number; exact: boolean } {
  if (n % o === 0) return { up: 1, k: n / o, stride: n / o, exact: true }
  if (o % n === 0) return { up: o / n, k: 1, stride: 1, exact: true }
  const up = n < o ? Math.ceil(o / n) : 1
  const stride = Math.floor((n * up) / o)
  return { up, k: n * up - (o - 1) * stride, stride, exact: false }
}
