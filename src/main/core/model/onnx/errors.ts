/** The one error the ONNX importer throws: names the file and, when known, the node and its operator. */
export class OnnxImportError extends Error {
  readonly file: string
  readonly node?: string
  readonly opType?: string

  constructor(file: string, detail: string, where: { node?: string; opType?: string } = {}) {
    const at = where.node !== undefined || where.opType !== undefined ? ` node "${where.node ?? '?'}" (${where.opType ?? '?'}):` : ''
    super(`${file}:${at} ${detail}`)
    this.name = 'OnnxImportError'
    this.file = file
    this.node = where.node
    this.opType = where.opType
  }
}
