/** The fields `cim run --json` prints in `summary`, exactly (issue 2). */
export const SUMMARY_FIELDS = [
  'model',
  'schedule',
  'dup',
  'pesChip',
  'pesAllocated',
  'pesMinimum',
  'latencySteps',
  'latencyNs',
  'lowerBoundSteps',
  'utilizationChip',
  'utilizationAllocated',
  'speedupVsBaseline',
  'totalCellWrites',
  'writesPerInference',
  'lifetimeInferences',
  'energyNj',
]
