import { spawnSync } from 'node:child_process'

/**
 * Vitest global setup: brings the built command line (out/node) up to date once, before test files
 * spawn `cim` in parallel (scripts/cim.mjs rebuilds a stale build and says so on stderr).
 */
export default function setup(): void {
  const r = spawnSync(process.execPath, ['scripts/cim.mjs', '--version'], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`building the command line failed:\n${r.stderr}`)
}
