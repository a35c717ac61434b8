/** The worker pool (main thread side). The worker entry itself is worker.ts, loaded only by new Worker(). */
export { WorkerPool, defaultPoolSize, type PoolOptions, type JobOptions, type SweepOptions, type RunOutcome, type SweepReport, type PoolStats } from './pool'
export { JobError, type JobErrorCode } from './job-error'
export { PROGRESS_EVENTS_PER_SECOND, type JobProgress } from './progress'
export { chunkIndices, CHUNKS_PER_WORKER } from './chunks'
export type { ErrorInfo } from './protocol'
