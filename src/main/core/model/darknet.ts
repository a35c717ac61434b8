/**
 * Darknet .cfg import (AlexeyAB/darknet semantics): turns the text of a cfg file into a Network.
 * Pure: the caller reads the file. Layers keep Darknet's numbering in their names (conv13, route20).
 *
 * Mapping: [convolutional] -> conv (BN folded into a bias: `bias: true`), [maxpool] -> maxpool with
 * Darknet's padding (size-1 in total, top/left floor((size-1)/2)), [avgpool] -> globalpool,
 * [route] -> concat (several layers), slice (groups/group_id) or nothing (one layer, no groups),
 * [shortcut] -> add, [upsample] -> upsample, [connected] -> (flatten +) dense.
 * [yolo]/[region] are outputs and [dropout]/[softmax]/[cost] change no shape: none of them is a layer;
 * later references to them resolve to their input.
 */
import { NETWORK_INPUT, type Network, type Shape } from './ir'
import { NetworkBuilder } from './builder'

/** One `[type]` section with its key=value lines. */
interface Section {
  type: string
  /** Darknet layer index (the [net] section is -1). */
  index: number
  line: number
  keys: Map<string, { value: string; line: number }>
}

const ALIASES: Record<string, string> = {
  network: 'net',
  conv: 'convolutional',
  max: 'maxpool',
  avg: 'avgpool',
  conn: 'connected',
  soft: 'softmax',
}

/** Keys each section type reads; others are reported in `notes` as ignored. */
const KNOWN_KEYS: Record<string, string[]> = {
  net: ['width', 'height', 'channels'],
  convolutional: ['filters', 'size', 'stride', 'pad', 'padding', 'groups', 'dilation', 'activation', 'batch_normalize'],
  maxpool: ['size', 'stride', 'padding'],
  avgpool: [],
  route: ['layers', 'groups', 'group_id'],
  shortcut: ['from', 'activation'],
  upsample: ['stride'],
  connected: ['output', 'activation', 'batch_normalize'],
  dropout: [],
  softmax: [],
  cost: [],
  yolo: [],
  region: [],
}

/** Section types whose other keys are training or decoding settings, not worth a note. */
const QUIET = new Set(['net', 'yolo', 'region', 'dropout', 'softmax', 'cost'])

/**
 * Parses a Darknet cfg into a Network. `opts.input` overrides the [net] width/height (and channels).
 * Throws an Error naming the file, line, section and key on anything it cannot map.
 */
export function importDarknetCfg(text: string, opts: { fileName: string; input?: { c?: number; h: number; w: number } }): Network {
  const file = opts.fileName
  const notes: string[] = []
  const sections = parseSections(text, file, notes)
  const fail = (sec: Section, msg: string, key?: string, value?: string): never => {
    const k = key === undefined ? undefined : sec.keys.get(key)
    const line = k?.line ?? sec.line
    const what = key === undefined ? '' : `${key}=${value ?? k?.value ?? ''} `
    throw new Error(`${file} line ${line}, [${sec.type}]${sec.index >= 0 ? ` #${sec.index}` : ''}: ${what}${msg}`)
  }
  const int = (sec: Section, key: string, fallback?: number): number => {
    const k = sec.keys.get(key)
    if (!k) {
      if (fallback === undefined) fail(sec, `missing ${key}=`)
      return fallback!
    }
    if (!/^[+-]?\d+$/.test(k.value)) fail(sec, 'is not an integer', key)
    return Number(k.value)
  }
  const positive = (sec: Section, key: string, fallback?: number): number => {
    const v = int(sec, key, fallback)
    if (v < 1) fail(sec, 'must be at least 1', key)
    return v
  }

  const net = sections[0]
  if (!net || net.type !== 'net') {
    throw new Error(`${file} line ${net?.line ?? 1}: the first section must be [net], found ${net ? `[${net.type}]` : 'no section'}`)
  }
  const input: Shape = {
    c: opts.input?.c ?? positive(net, 'channels', 3),
    h: opts.input?.h ?? positive(net, 'height'),
    w: opts.input?.w ?? positive(net, 'width'),
  }
  if (![input.c, input.h, input.w].every((v) => Number.isInteger(v) && v >= 1)) {
    throw new Error(`${file}: input ${input.c}x${input.h}x${input.w} is invalid (channels, height and width must be positive integers)`)
  }
  const name = file.replace(/^.*[\\/]/, '').replace(/\.cfg$/i, '')
  const b = new NetworkBuilder(name, input)
  if (opts.input) notes.push(`input ${input.c}x${input.h}x${input.w} given by the caller overrides the [net] section`)
  /** IR layer index of each Darknet layer index (sections that add no layer point at their input). */
  const ir: number[] = []

  /** Resolves a relative (negative) or absolute Darknet layer reference of section `sec`. */
  const ref = (sec: Section, key: string, item: string): number => {
    if (!/^[+-]?\d+$/.test(item)) fail(sec, 'is not an integer', key, item)
    const v = Number(item)
    const i = v < 0 ? sec.index + v : v
    if (i < 0) fail(sec, 'points before the first layer', key, item)
    if (i >= sec.index) fail(sec, `points to layer ${i}, which is not before this one`, key, item)
    return ir[i]
  }
  const shapeText = (s: Shape): string => `${s.h}x${s.w}x${s.c}`

  for (const sec of sections.slice(1)) {
    if (sec.type === 'net') fail(sec, 'a second [net] section')
    const known = KNOWN_KEYS[sec.type]
    if (!known) fail(sec, `unknown section type [${sec.type}]`)
    if (!QUIET.has(sec.type)) {
      for (const [key, k] of sec.keys) if (!known.includes(key)) notes.push(`line ${k.line}, [${sec.type}] #${sec.index}: ignored ${key}=${k.value}`)
    }
    const prev = sec.index === 0 ? NETWORK_INPUT : ir[sec.index - 1]
    const act = sec.keys.get('activation')?.value
    let out = prev
    try {
      switch (sec.type) {
        case 'convolutional': {
          const size = positive(sec, 'size', 1)
          const padding = int(sec, 'pad', 0) ? Math.floor(size / 2) : int(sec, 'padding', 0)
          if (padding < 0) fail(sec, 'must not be negative', 'padding')
          const groups = positive(sec, 'groups', 1)
          const cin = b.shape(prev).c
          const filters = positive(sec, 'filters', 1)
          if (cin % groups || filters % groups) fail(sec, `does not divide ${cin} input channels and ${filters} filters`, 'groups')
          out = b.conv(filters, size, {
            stride: positive(sec, 'stride', 1),
            pad: padding,
            dilation: positive(sec, 'dilation', 1),
            groups,
            bias: true,
            act: act ?? 'logistic',
            from: prev,
            name: `conv${sec.index}`,
          })
          break
        }
        case 'maxpool': {
          const stride = positive(sec, 'stride', 1)
          const size = positive(sec, 'size', stride)
          const padding = int(sec, 'padding', size - 1)
          if (padding < 0) fail(sec, 'must not be negative', 'padding')
          const t = Math.floor(padding / 2)
          out = b.maxpool(size, { stride, pads: [t, t, padding - t, padding - t], from: prev, name: `maxpool${sec.index}` })
          break
        }
        case 'avgpool':
          out = b.globalpool({ from: prev, name: `avgpool${sec.index}` })
          break
        case 'route': {
          const items = (sec.keys.get('layers')?.value ?? fail(sec, 'missing layers=')).split(',')
          const from = items.map((item) => ref(sec, 'layers', item))
          const groups = positive(sec, 'groups', 1)
          const groupId = int(sec, 'group_id', 0)
          if (groupId < 0 || groupId >= groups) fail(sec, `must be between 0 and groups-1 = ${groups - 1}`, 'group_id')
          const parts = from.map((f, j) => {
            if (groups === 1) return f
            const c = b.shape(f).c
            if (c % groups) fail(sec, `does not divide the ${c} channels of layer ${items[j]}`, 'groups')
            const size = c / groups
            return b.slice(f, groupId * size, size, { name: from.length > 1 ? `route${sec.index}.slice${j}` : `route${sec.index}` })
          })
          if (parts.length === 1) out = parts[0]
          else {
            const s0 = b.shape(parts[0])
            for (const [j, p] of parts.entries()) {
              const s = b.shape(p)
              if (s.h !== s0.h || s.w !== s0.w) fail(sec, `concatenates ${shapeText(s0)} with ${shapeText(s)}: sizes differ`, 'layers', items[j])
            }
            out = b.concat(parts, { name: `route${sec.index}` })
          }
          break
        }
        case 'shortcut': {
          const items = (sec.keys.get('from')?.value ?? fail(sec, 'missing from=')).split(',')
          const from = items.map((item) => ref(sec, 'from', item))
          const s = b.shape(prev)
          for (const [j, f] of from.entries()) {
            const t = b.shape(f)
            if (t.c !== s.c || t.h !== s.h || t.w !== s.w) fail(sec, `adds ${shapeText(t)} to ${shapeText(s)}: sizes differ`, 'from', items[j])
          }
          out = b.add([prev, ...from], { name: `shortcut${sec.index}` })
          if (act) b.layers[out].activation = act
          break
        }
        case 'upsample':
          out = b.upsample(positive(sec, 'stride', 2), { from: prev, name: `upsample${sec.index}` })
          break
        case 'connected': {
          const s = b.shape(prev)
          const from = s.h * s.w > 1 ? b.flatten({ from: prev, name: `connected${sec.index}.flatten` }) : prev
          out = b.dense(positive(sec, 'output', 1), { from, act: act ?? 'logistic', bias: true, name: `connected${sec.index}` })
          break
        }
        case 'yolo':
        case 'region':
          notes.push(
            `[${sec.type}] #${sec.index}: detection output ${shapeText(b.shape(prev))} from ${prev === NETWORK_INPUT ? 'the input' : b.layers[prev].name}`,
          )
          break
        case 'softmax':
          notes.push(`[softmax] #${sec.index}: dropped (no shape change)`)
          break
        default: // dropout, cost: no layer
          break
      }
    } catch (e) {
      const msg = (e as Error).message
      if (msg.startsWith(`${file} line `)) throw e
      fail(sec, msg.replace(`${name}: `, ''))
    }
    ir[sec.index] = out
  }
  if (b.layers.length === 0) throw new Error(`${file}: no layers after [net]`)
  const result = b.build()
  return { ...result, source: { kind: 'darknet', file }, notes: [...result.notes, ...notes] }
}

/**
 * Splits cfg text into sections; whitespace inside lines is ignored and '#' or ';' start a comment line,
 * as in Darknet. A repeated key keeps its first value (Darknet's lookup order), with a note.
 */
function parseSections(text: string, file: string, notes: string[]): Section[] {
  const sections: Section[] = []
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1
    const s = raw.replace(/\s+/g, '')
    if (s === '' || s[0] === '#' || s[0] === ';') return
    if (s[0] === '[') {
      if (!s.endsWith(']')) throw new Error(`${file} line ${line}: section header ${s} is not closed with ]`)
      const t = s.slice(1, -1).toLowerCase()
      sections.push({ type: ALIASES[t] ?? t, index: sections.length - 1, line, keys: new Map() })
      return
    }
    const eq = s.indexOf('=')
    if (eq <= 0) throw new Error(`${file} line ${line}: expected key=value, found "${raw.trim()}"`)
    const sec = sections.at(-1)
    if (!sec) throw new Error(`${file} line ${line}: ${s} comes before the first section`)
    const key = s.slice(0, eq)
    if (sec.keys.has(key)) notes.push(`line ${line}, [${sec.type}]: ${key} repeated, the first value ${sec.keys.get(key)!.value} is used`)
    else sec.keys.set(key, { value: s.slice(eq + 1), line })
  })
  return sections
}
