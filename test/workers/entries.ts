/** Pool options that start worker entries written in TypeScript (tests, bench, child processes under tsx). */
import type { PoolOptions } from '../../src/main/workers/pool'

const BOOT = new URL('../../src/main/workers/tsx-boot.mjs', import.meta.url)

/** Options for a pool running `tsFile` (a .ts worker entry) through the tsx bootstrap. */
export function tsxEntry(tsFile: URL): Pick<PoolOptions, 'entry' | 'workerData'> {
  return { entry: BOOT, workerData: { entry: tsFile.href } }
}

/** The production worker entry, src/main/workers/worker.ts. */
export const REAL_WORKER = tsxEntry(new URL('../../src/main/workers/worker.ts', import.meta.url))

/** The misbehaving test worker (test:exit, test:throw, test:spin specs). */
export const TEST_WORKER = tsxEntry(new URL('./fixtures/test-worker.ts', import.meta.url))
