import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { basename, extname } from 'node:path'
import { importDarknetCfg } from '../core/model/darknet'
import { checkNetworkLimits } from '../core/limits'
import type { Network } from '../../shared/experiment'
import { importOnnx } from '../core/model/onnx/index'

/** File endings the importers read. */
export const NETWORK_FILE_TYPES = ['.onnx', '.cfg']

/** Whether a --model argument names a file rather than a zoo network. */
export function isNetworkFile(name: string): boolean {
  return NETWORK_FILE_TYPES.includes(extname(name).toLowerCase())
}

/**
 * Reads an ONNX or Darknet .cfg file into the network IR. `input` is the input shape for files
 * with dynamic dims: [n, c, h, w] (ONNX) or [h, w] / [c, h, w].
 */
export function readNetworkFile(path: string, input?: number[]): Network {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (e) {
    throw new Error(`${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
  }
  return importNetworkBytes(basename(path), bytes, input)
}

/** Imports a network file's bytes by its name's ending (shared by the CLI and the app's upload); refuses feature maps above the limits. */
export function importNetworkBytes(fileName: string, bytes: Uint8Array, input?: number[]): Network {
  const net = importByType(fileName, bytes, input)
  checkNetworkLimits(net)
  return net
}

function importByType(fileName: string, bytes: Uint8Array, input?: number[]): Network {
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const type = extname(fileName).toLowerCase()
  if (type === '.onnx') return importOnnx(bytes, { fileName, input, sha256 })
  if (type === '.cfg') {
    const size =
      input && input.length >= 2
        ? { c: input.length >= 3 ? input[input.length - 3] : undefined, h: input[input.length - 2], w: input[input.length - 1] }
        : undefined
    const net = importDarknetCfg(new TextDecoder().decode(bytes), { fileName, input: size })
    return { ...net, source: { ...net.source, sha256 } }
  }
  throw new Error(`${fileName}: unsupported network file type "${type}": use ${NETWORK_FILE_TYPES.join(' or ')}`)
}
