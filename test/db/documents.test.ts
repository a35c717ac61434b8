/**
 * Old documents still load: the fixtures in test/fixtures/documents were written by the code before
 * the shared schemas (see generate.ts there). A saved architecture row, an architecture file, a stored
 * database and an experiment export are read through the schemas (upgrade, then validate), and every
 * field a document lacks takes its default, so adding a defaulted field keeps them loading.
 */
import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { migrate } from '../../src/main/db/migrate'
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/main/db/migrations'
import { z } from 'zod'
import { canonicalJson } from '../../src/shared/canonical-json'
import {
  ARCH_FIELDS,
  ARCH_FORMAT,
  architectureDocument,
  architectureErrors,
  architectureShape,
  upgradeArchitecture,
  validateArchitecture,
  type Architecture,
} from '../../src/shared/schemas/architecture'
import { contentHash } from '../../src/main/core/content-hash'
import { runExperiment } from '../../src/main/core/pipeline'
import { openHistory } from '../../src/main/db/history'
import { packResult } from '../../src/main/db/blob'
import { readArchitectureFile } from '../../src/main/io/arch-file'
import { removeTempDirs, tempDbPath } from './helpers'

afterAll(removeTempDirs)

const FIXTURES = join(import.meta.dirname, '../fixtures/documents')
const fixture = (name: string) => join(FIXTURES, name)
const json = (name: string) => JSON.parse(readFileSync(fixture(name), 'utf8'))

/** The chip in the fixtures as the pre-schema code wrote it (the isaac preset of then, changed); presets may change since. */
const MY_ISAAC = {
  name: 'my-isaac',
  version: 3,
  crossbarRows: 256,
  crossbarCols: 256,
  cellBits: 2,
  weightBits: 16,
  differential: false,
  inputBits: 16,
  dacBits: 1,
  cycleNs: 100,
  pesPerTile: 64,
  chipPes: 16128,
  extraPes: 0,
  gpeuLatencyNs: 0,
  rowWriteNs: 50,
  mvmEnergyPj: 300,
  digitalOpEnergyPj: 1,
  cellWriteEnergyPj: 10,
  endurance: 1e8,
}

/** A fixture's architecture as read now: its fields, and the default of every field added since. */
const withDefaults = (a: Partial<Architecture>): Architecture => ({ ...defaults, ...a })
const defaults = validateArchitecture({})

describe('architecture documents written before the schemas', () => {
  it('an architecture file (format 1, no schemaVersion) reads as it was written', () => {
    expect(readArchitectureFile(fixture('architecture.json'))).toEqual(withDefaults(MY_ISAAC))
  })

  it('saved architecture rows read, the one stored from a run without its derived MVM latency', () => {
    const rows = json('architecture-rows.json') as { spec_json: string }[]
    expect(rows.map((r) => validateArchitecture(JSON.parse(r.spec_json)))).toEqual([
      withDefaults(MY_ISAAC),
      withDefaults({ ...MY_ISAAC, chipPes: 22, extraPes: 8 }),
    ])
  })

  it('every field a document lacks takes its default (what an added field does to old documents)', () => {
    const doc = json('architecture.json')
    for (const field of Object.keys(ARCH_FIELDS) as (keyof typeof ARCH_FIELDS)[]) {
      const { [field]: _left, ...rest } = doc
      expect(validateArchitecture(rest)[field], field).toBe(ARCH_FIELDS[field].default)
    }
    const { differential: _d, chipPes: _c, name: _n, ...bare } = doc
    expect(validateArchitecture(bare)).toMatchObject({ differential: false, chipPes: null, name: 'custom' })
  })

  it('a schema extended with a defaulted field still reads every fixture, giving it the default', () => {
    const extended = z.preprocess(upgradeArchitecture, z.strictObject({ ...architectureShape, adcsPerPe: z.number().int().min(1).default(8) }))
    const docs = [json('architecture.json'), ...(json('architecture-rows.json') as { spec_json: string }[]).map((r) => JSON.parse(r.spec_json))]
    for (const doc of docs) expect(extended.parse(doc)).toMatchObject({ name: 'my-isaac', crossbarRows: 256, adcsPerPe: 8 })
  })

  it('a partial architecture is valid; a bad one names each bad field, its value and the range', () => {
    expect(validateArchitecture({ crossbarRows: 128, crossbarCols: 128 })).toMatchObject({ crossbarRows: 128, crossbarCols: 128, cellBits: 8, extraPes: 64 })
    expect(() => validateArchitecture({ crossbarRows: 1, cycleNs: -1, adcs: 2 }, 'chip.json')).toThrow(
      'chip.json: crossbarRows = 1: must be an integer in 2..8192 rows; cycleNs = -1: must be a number in 0.001..10000000 ns; adcs = true: unknown field',
    )
    expect(architectureErrors({ schemaVersion: ARCH_FORMAT + 1 })).toEqual([
      { field: 'schemaVersion', value: ARCH_FORMAT + 1, message: `must be an integer in 1..${ARCH_FORMAT} (written by a newer CIM Workbench)` },
    ])
  })
})

describe('a history database written before the schemas (schema 1)', () => {
  it('migrates: documents re-stored as canonical JSON, runs and their specs still read and re-run to the same numbers', async () => {
    const path = tempDbPath()
    copyFileSync(fixture('history-v1.sqlite'), path)
    const h = openHistory(path)
    const archs = h.architectures.list()
    expect(archs.map((a) => h.architectures.get(a.id).architecture)).toEqual([withDefaults(MY_ISAAC), withDefaults({ ...MY_ISAAC, chipPes: 22, extraPes: 8 })])
    for (const a of archs) {
      const row = h.db.prepare('SELECT sha256, spec_json FROM architectures WHERE id = ?').get(a.id) as { sha256: string; spec_json: string }
      const doc = architectureDocument(h.architectures.get(a.id).architecture)
      expect(row).toEqual({ sha256: contentHash(doc), spec_json: canonicalJson(doc) })
      expect(JSON.parse(row.spec_json).schemaVersion).toBe(ARCH_FORMAT)
    }
    const [net] = h.networks.list()
    expect(h.db.prepare('SELECT sha256 FROM networks WHERE id = ?').get(net.id)).toEqual({ sha256: contentHash(h.networks.get(net.id).network) })

    const run = h.runs.get(1)
    expect(run.spec.arch).toEqual({ architecture: withDefaults(MY_ISAAC) })
    const stored = h.results.get(1)
    const { bottleneckLayer, ...again } = (await runExperiment(run.spec)).summary
    expect(stored.summary).toEqual({ ...again, bottleneckLayer: null }) // stored before the bottleneck was named
    expect(bottleneckLayer).toBe('conv1')
    expect(stored.summary).toMatchObject({ model: 'lenet5', pesChip: 22, latencySteps: 104, lowerBoundSteps: 98 })
    // stored before inferences and throughput were summary figures: the blob gains both on read (the throughput
    // it stored as metrics.throughputInfPerS), migration 10 filled their columns with the same numbers
    expect(stored.summary).toMatchObject({ inferences: 1, throughputPerS: 6009.615384615385 })
    expect(stored.metrics).not.toHaveProperty('throughputInfPerS')
    expect(h.runs.list({})[0].summary).toMatchObject({ inferences: 1, throughputPerS: 6009.615384615385 })
    h.close()
  })

  it('stores a chip once whatever its key order', () => {
    const h = openHistory(tempDbPath())
    const chip = validateArchitecture(MY_ISAAC)
    const id = h.architectures.upsert(chip)
    expect(h.architectures.upsert(Object.fromEntries(Object.entries(chip).reverse()) as typeof chip)).toBe(id)
    expect(h.architectures.list()).toHaveLength(1)
    h.close()
  })

  it('merges rows that were stored twice only because of key order, and repoints their runs', () => {
    const path = tempDbPath()
    copyFileSync(fixture('history-v1.sqlite'), path)
    const h = openHistory(path)
    const ids = h.architectures.list().map((a) => a.id)
    // A schema-1 row: the same chip as the first, another key order, the old hash, a run using it.
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(MY_ISAAC).reverse()))
    h.db
      .prepare(`INSERT INTO architectures (name, version, sha256, spec_json, created_at) VALUES ('my-isaac', 3, 'old', ?, '2026-01-01T00:00:00.000Z')`)
      .run(reordered)
    h.db.prepare('UPDATE runs SET architecture_id = last_insert_rowid() WHERE id = 1').run()
    // migration 3 (canonical documents) runs again, and only it
    h.db.pragma('user_version = 2')
    migrate(h.db, MIGRATIONS.slice(0, 3))
    h.db.pragma(`user_version = ${SCHEMA_VERSION}`)
    h.close()
    const again = openHistory(path)
    expect(again.architectures.list().map((a) => a.id)).toEqual(ids)
    expect(again.db.prepare('SELECT architecture_id FROM runs WHERE id = 1').get()).toEqual({ architecture_id: ids[0] })
    again.close()
  })
})

describe('stored documents that cannot be read', () => {
  it('a bad stored spec or architecture is one line naming the row, the field and the rule', () => {
    const path = tempDbPath()
    copyFileSync(fixture('history-v1.sqlite'), path)
    const h = openHistory(path)
    h.db.prepare(`UPDATE runs SET spec_json = json_set(spec_json, '$.duplication', 'minmax') WHERE id = 1`).run()
    expect(() => h.runs.get(1)).toThrow('the stored spec of run 1 cannot be read: duplication: Invalid option: expected one of "none"|"greedy"|"optimal"')
    const [a] = h.architectures.list()
    h.db.prepare(`UPDATE architectures SET spec_json = json_set(spec_json, '$.crossbarRows', 0) WHERE id = ?`).run(a.id)
    expect(() => h.architectures.get(a.id)).toThrow(
      `stored architecture ${a.id} cannot be read: architecture: crossbarRows = 0: must be an integer in 2..8192 rows`,
    )
    h.close()
  })

  it('a bad stored result is one line naming the run and the field', () => {
    const path = tempDbPath()
    copyFileSync(fixture('history-v1.sqlite'), path)
    const h = openHistory(path)
    const stored = h.results.get(1)
    h.db.prepare('UPDATE result_blobs SET result_blob = ? WHERE run_id = 1').run(packResult({ ...stored, summary: { ...stored.summary, inferences: 0 } }))
    expect(() => h.results.get(1)).toThrow('the stored result of run 1 cannot be read: summary.inferences: Too small: expected number to be >0')
    h.close()
  })
})

describe('an experiment export (.cim.json) written before the schemas', () => {
  it('imports, and exports again with the same runs, specs and results', () => {
    const doc = json('lenet5.cim.json')
    const h = openHistory(tempDbPath())
    const id = h.exchange.importExperiment(doc)
    const out = h.exchange.exportExperiment(id)
    expect(out.runs).toHaveLength(1)
    // as written, plus the defaults of any field added since; the throughput moved from metrics to the summary
    expect(out.runs[0].spec).toMatchObject(doc.runs[0].spec)
    const { throughputInfPerS, ...metrics } = doc.runs[0].result.metrics
    expect(throughputInfPerS).toBe(6009.615384615385)
    expect(out.runs[0].result).toMatchObject({ ...doc.runs[0].result, metrics })
    expect(out.runs[0].result!.metrics).not.toHaveProperty('throughputInfPerS')
    expect(out.runs[0].result!.summary).toMatchObject({
      model: 'lenet5',
      dup: 'greedy',
      latencySteps: 104,
      energyNj: 5464.376,
      inferences: 1,
      throughputPerS: 6009.615384615385,
    })
    // the history lists (and sorts by) both, stored from the upgraded result
    expect(h.runs.list({})[0].summary).toMatchObject({ inferences: 1, throughputPerS: 6009.615384615385 })
    h.close()
  })

  it('imports with an option and architecture fields left out: they take their defaults', () => {
    const doc = json('lenet5.cim.json')
    const run = doc.runs[0]
    for (const spec of [run.spec, run.result.spec]) {
      delete spec.inferenceRate
      delete spec.arch.architecture.gpeuLatencyNs
    }
    const h = openHistory(tempDbPath())
    const out = h.exchange.exportExperiment(h.exchange.importExperiment(doc))
    expect(out.runs[0].spec).toMatchObject({ inferenceRate: 30, arch: { architecture: { gpeuLatencyNs: 0 } } })
    h.close()
  })
})
