import { runSummarySchema } from '../../src/shared/metrics'

/** The fields `cim run --json` prints in `summary`, exactly: what ran, then the summary figures of the metric catalog. */
export const SUMMARY_FIELDS = Object.keys(runSummarySchema.shape)
