import type { PoolOptions } from './pool'

/**
 * Where the pool's workers start: the bundled worker.js next to the built main bundle, or, when
 * main runs from sources under tsx (CLI, web host in development, tests), worker.ts through the
 * tsx bootstrap.
 */
export function workerEntry(): Pick<PoolOptions, 'entry' | 'workerData'> {
  if (import.meta.url.endsWith('.ts')) {
    return { entry: new URL('./tsx-boot.mjs', import.meta.url), workerData: { entry: new URL('./worker.ts', import.meta.url).href } }
  }
  return { entry: new URL('./worker.js', import.meta.url) }
}
