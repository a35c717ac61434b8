/** Shared fixtures of the history tests: temporary database files, specs and (real) results. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ExperimentResult, ExperimentSpec, RunSummary } from '../../src/shared/experiment'
import { runExperiment, withDefaults } from '../../src/main/core/pipeline'

const dirs: string[] = []

/** A fresh path for a database file in a new temporary folder. */
export function tempDbPath(name = 'history.sqlite'): string {
  const dir = mkdtempSync(join(tmpdir(), 'cim-db-'))
  dirs.push(dir)
  return join(dir, name)
}

/** Removes the temporary folders made by tempDbPath (call in afterAll). */
export function removeTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
}

/** A full spec (defaults filled) for a zoo network. */
export function zooSpec(zoo: string, over: Partial<ExperimentSpec> = {}): ExperimentSpec {
  return withDefaults({ network: { zoo }, arch: { preset: 'clsa-cim' }, ...over })
}

const cache = new Map<string, Promise<ExperimentResult>>()

/** The real result of a spec (memoized per spec). */
export function resultOf(spec: ExperimentSpec): Promise<ExperimentResult> {
  const key = JSON.stringify(spec)
  if (!cache.has(key)) cache.set(key, runExperiment(spec))
  return cache.get(key)!
}

/** A copy of a real result with some summary numbers replaced (to give listings distinct values). */
export function withSummary(result: ExperimentResult, summary: Partial<RunSummary>): ExperimentResult {
  return { ...structuredClone(result), summary: { ...result.summary, ...summary } }
}
