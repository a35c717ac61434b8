import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ExperimentResult } from '../../src/shared/experiment'
import { presetArchitecture } from '../../src/main/core/arch/presets'
import { openHistory, type History } from '../../src/main/db/history'
import { ImportError } from '../../src/main/db/errors'
import type { ExperimentDocument } from '../../src/main/db/document'
import { removeTempDirs, resultOf, tempDbPath, zooSpec } from './helpers'

let h: History
let lenet: ExperimentResult
let yolo: ExperimentResult

beforeAll(async () => {
  lenet = await resultOf(zooSpec('lenet5'))
  yolo = await resultOf(zooSpec('tinyyolov3', { granularity: 'row', chip: { extraPes: 32 } }))
})
beforeEach(() => {
  h = openHistory(tempDbPath())
})
afterAll(removeTempDirs)

/** An experiment with a done, a failed and a queued run; returns its id. */
function sample(): number {
  const e = h.experiments.create({ name: 'export me', notes: 'n', tags: ['t1', 't2'], grid: { extraPes: [0, 32] } })
  const a = h.runs.queue(e, lenet.spec)
  h.runs.start(a)
  h.runs.complete(a, lenet)
  const b = h.runs.queue(e, yolo.spec)
  h.runs.complete(b, yolo)
  h.runs.fail(h.runs.queue(e, zooSpec('vgg16')), 'does not fit')
  h.runs.queue(e, zooSpec('resnet18'))
  return e
}

/** Everything in the database, for before/after comparisons. */
function dump(): unknown {
  const tables = ['networks', 'architectures', 'experiments', 'experiment_tags', 'runs', 'results', 'result_blobs']
  return Object.fromEntries(tables.map((t) => [t, h.db.prepare(`SELECT * FROM ${t}`).all()]))
}

describe('export and import', () => {
  it('round trip: the imported experiment equals the exported one (new ids)', () => {
    const e = sample()
    const doc = h.exchange.exportExperiment(e)
    expect(doc).toMatchObject({
      format: 'cim-workbench/experiment',
      formatVersion: 1,
      experiment: { name: 'export me', notes: 'n', tags: ['t1', 't2'], grid: { extraPes: [0, 32] } },
    })
    expect(doc.runs.map((r) => r.status)).toEqual(['done', 'done', 'failed', 'queued'])
    expect(doc.runs[0].result).toEqual(lenet)
    // through JSON text, as a file would
    const copy = h.exchange.importExperiment(JSON.parse(JSON.stringify(doc)))
    expect(copy).not.toBe(e)
    const again = h.exchange.exportExperiment(copy)
    expect({ ...again, exportedAt: doc.exportedAt }).toEqual(doc)
    expect(h.experiments.get(copy)).toMatchObject({ name: 'export me', runs: 4, runsDone: 2, tags: ['t1', 't2'] })
    // the copy's results are real rows: listed and sortable like any other
    expect(h.runs.list({ experimentId: copy, sort: 'latencySteps', order: 'asc', status: 'done' }).map((r) => r.summary!.latencySteps)).toEqual(
      [lenet.summary.latencySteps, yolo.summary.latencySteps].sort((a, b) => a - b),
    )
    // and into a second, empty database
    const other = openHistory(tempDbPath())
    const id = other.exchange.importExperiment(doc)
    expect({ ...other.exchange.exportExperiment(id), exportedAt: doc.exportedAt }).toEqual(doc)
    other.close()
  })

  it('imports an embedded network and a custom architecture in the spec', () => {
    const e = h.experiments.create({ name: 'custom' })
    const spec = { ...lenet.spec, network: { network: lenet.network }, arch: { architecture: { ...presetArchitecture('clsa-cim'), name: 'my-chip' } } }
    h.runs.fail(h.runs.queue(e, spec), 'x')
    const doc = h.exchange.exportExperiment(e)
    const id = h.exchange.importExperiment(JSON.parse(JSON.stringify(doc)))
    expect(h.runs.list({ experimentId: id })[0]).toMatchObject({ networkName: 'lenet5', archName: 'my-chip', status: 'failed' })
    expect(h.runs.get(h.runs.list({ experimentId: id })[0].id).spec).toEqual(spec)
  })

  describe('a bad document is rejected whole and nothing is written', () => {
    const bad: [string, (d: ExperimentDocument) => unknown, RegExp][] = [
      ['not an object', () => 'hello', /\(document\)/],
      ['wrong format', (d) => ({ ...d, format: 'other' }), /format/],
      ['newer format version', (d) => ({ ...d, formatVersion: 2 }), /formatVersion/],
      ['empty experiment name', (d) => ({ ...d, experiment: { ...d.experiment, name: ' ' } }), /experiment\.name/],
      ['bad status', (d) => ({ ...d, runs: d.runs.map((r, i) => (i === 3 ? { ...r, status: 'paused' } : r)) }), /runs\.3\.status/],
      [
        'done run without result (the last run)',
        (d) => ({ ...d, runs: d.runs.map((r, i) => (i === 1 ? { ...r, result: null } : r)) }),
        /runs\.1\.result: a done run must have its result/,
      ],
      ['failed run with a result', (d) => ({ ...d, runs: d.runs.map((r, i) => (i === 2 ? { ...r, result: d.runs[0].result } : r)) }), /runs\.2\.result/],
      [
        'bad spec field',
        (d) => ({ ...d, runs: d.runs.map((r, i) => (i === 1 ? { ...r, spec: { ...r.spec, schedule: 'fastest' } } : r)) }),
        /runs\.1\.spec\.schedule/,
      ],
      [
        'result of another spec',
        (d) => ({ ...d, runs: d.runs.map((r, i) => (i === 0 ? { ...r, result: d.runs[1].result } : r)) }),
        /runs\.0\.result\.spec: must equal/,
      ],
      [
        'bad number deep in a result',
        (d) => ({
          ...d,
          runs: d.runs.map((r, i) => (i === 1 ? { ...r, result: { ...r.result!, summary: { ...r.result!.summary, speedupVsBaseline: 'fast' } } } : r)),
        }),
        /runs\.1\.result\.summary\.speedupVsBaseline/,
      ],
      [
        'bad architecture in a result',
        (d) => ({
          ...d,
          runs: d.runs.map((r, i) => (i === 1 ? { ...r, result: { ...r.result!, architecture: { ...r.result!.architecture, crossbarRows: 1 } } } : r)),
        }),
        /runs\.1\.result\.architecture\.crossbarRows/,
      ],
      [
        'network layer reading a later layer',
        (d) => {
          const r = d.runs[1].result!
          const layers = r.network.layers.map((l, i) => (i === 0 ? { ...l, inputs: [3] } : l))
          return { ...d, runs: d.runs.map((x, i) => (i === 1 ? { ...x, result: { ...r, network: { ...r.network, layers } } } : x)) }
        },
        /runs\.1\.result\.network\.layers\.0\.inputs/,
      ],
      ['bad date', (d) => ({ ...d, runs: d.runs.map((r, i) => (i === 3 ? { ...r, createdAt: 'yesterday' } : r)) }), /runs\.3\.createdAt/],
    ]
    for (const [what, spoil, message] of bad) {
      it(what, () => {
        const doc = h.exchange.exportExperiment(sample())
        const before = dump()
        let error: unknown
        try {
          h.exchange.importExperiment(spoil(structuredClone(doc)))
        } catch (e) {
          error = e
        }
        expect(error).toBeInstanceOf(ImportError)
        expect((error as Error).message).toMatch(/^invalid experiment document: /)
        expect((error as Error).message).toMatch(message)
        expect(dump()).toEqual(before)
      })
    }

    it('a database error half-way through the import rolls everything back', () => {
      const doc = h.exchange.exportExperiment(sample())
      const before = dump()
      const complete = h.runs.complete.bind(h.runs)
      let calls = 0
      const spy = vi.spyOn(h.runs, 'complete').mockImplementation((id, r, at) => {
        if (++calls === 2) throw new Error('disk full')
        complete(id, r, at)
      })
      expect(() => h.exchange.importExperiment(doc)).toThrow('disk full')
      spy.mockRestore()
      expect(dump()).toEqual(before)
    })
  })
})
