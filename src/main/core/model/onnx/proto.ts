/**
 * ONNX protobuf messages: the official schema loaded once with protobufjs (no file access), plain
 * TypeScript views of the fields the importer reads, and decode/encode of a ModelProto.
 */
import protobuf from 'protobufjs'
import { ONNX_PROTO_SOURCE } from './onnxProto'

/** An int64 as protobufjs hands it out: a number, or a Long when the `long` package is present. */
export type Int64 = number | { toNumber(): number } | string

export interface StringStringEntryProto {
  key: string
  value: string
}

export interface TensorProto {
  dims: Int64[]
  data_type: number
  name: string
  float_data: number[]
  int32_data: number[]
  int64_data: Int64[]
  double_data: number[]
  uint64_data: Int64[]
  raw_data: Uint8Array
  external_data: StringStringEntryProto[]
  data_location: number
}

export interface AttributeProto {
  name: string
  type: number
  f: number
  i: Int64
  s: Uint8Array
  t?: TensorProto | null
  floats: number[]
  ints: Int64[]
  strings: Uint8Array[]
}

export interface NodeProto {
  input: string[]
  output: string[]
  name: string
  op_type: string
  domain: string
  attribute: AttributeProto[]
}

export interface TensorShapeDimension {
  dim_value?: Int64 | null
  dim_param?: string | null
}

export interface ValueInfoProto {
  name: string
  type?: { tensor_type?: { elem_type: number; shape?: { dim: TensorShapeDimension[] } | null } | null } | null
}

export interface GraphProto {
  node: NodeProto[]
  name: string
  initializer: TensorProto[]
  input: ValueInfoProto[]
  output: ValueInfoProto[]
  value_info: ValueInfoProto[]
}

export interface ModelProto {
  ir_version: Int64
  opset_import: { domain: string; version: Int64 }[]
  producer_name: string
  producer_version: string
  graph?: GraphProto | null
}

let modelType: protobuf.Type | undefined

/** The onnx.ModelProto type, parsed from the embedded schema on first use. */
function modelProtoType(): protobuf.Type {
  if (!modelType) {
    const root = protobuf.parse(ONNX_PROTO_SOURCE, { keepCase: true }).root
    modelType = root.lookupType('onnx.ModelProto')
  }
  return modelType
}

/** Decodes ModelProto bytes; throws protobufjs' own error on malformed input. */
export function decodeModel(bytes: Uint8Array): ModelProto {
  return modelProtoType().decode(bytes) as unknown as ModelProto
}

/** Encodes a plain ModelProto-shaped object (snake_case field names) to bytes. */
export function encodeModel(model: object): Uint8Array {
  const type = modelProtoType()
  return type.encode(type.fromObject(model)).finish()
}

/** An int64 field value as a JS number (exact up to 2^53; shape values are far below that). */
export function toInt(v: Int64 | null | undefined): number {
  if (v === null || v === undefined) return 0
  if (typeof v === 'number') return v
  if (typeof v === 'string') return Number(v)
  return v.toNumber()
}
