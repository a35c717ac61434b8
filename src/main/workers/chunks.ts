/** How a sweep is cut into chunks that the pool's workers take one at a time. */

/** Chunks per worker for a sweep: several, so a worker that gets the slow runs does not hold up the end. */
export const CHUNKS_PER_WORKER = 4

/**
 * Cuts indices 0..runs-1 into contiguous chunks of `chunkSize` (default: about CHUNKS_PER_WORKER
 * chunks per worker). Each chunk runs in order on one worker; chunks run in parallel.
 */
export function chunkIndices(runs: number, workers: number, chunkSize = Math.ceil(runs / (Math.max(1, workers) * CHUNKS_PER_WORKER))): number[][] {
  const size = Math.max(1, Math.floor(chunkSize))
  const chunks: number[][] = []
  for (let start = 0; start < runs; start += size) chunks.push(Array.from({ length: Math.min(size, runs - start) }, (_, i) => start + i))
  return chunks
}
