/**
 * The architecture as the core sees it. Its schema, ranges, defaults and errors are the vocabulary's
 * (src/shared/schemas/architecture.ts); its formulas are src/shared/formulas.ts.
 */
export { ArchitectureError, architectureErrors, validateArchitecture, type Architecture, type FieldError } from '../../../shared/schemas/architecture'
export { mvmLatencyNs, slicesPerWeight } from '../../../shared/formulas'
