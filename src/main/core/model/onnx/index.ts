/**
 * ONNX import and export of the network IR (cim-model.md section 1). Pure: takes and returns bytes,
 * never touches files. importOnnx maps MVM layers, digital layers and fused operators; exportOnnx
 * writes an IR network as a weight-less ONNX graph that importOnnx reads back.
 */
export { importOnnx, type ImportOptions } from './walk'
export { exportOnnx } from './export'
export { OnnxImportError } from './errors'
