/**
 * The fault suite (`npm run test:faults`): concurrent writers, kill -9 of the host and of the CLI,
 * a host opened during a live CLI run, oversized inputs, a worker out of memory, damaged databases
 * and fuzzed API requests, all on 127.0.0.1 in a temporary folder removed at the end. Prints a table
 * (probe, outcome, time, rows lost) and exits 1 when a probe failed or lost a row.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { presetArchitecture } from '../../src/main/core/arch/presets'
import { SPEC_DEFAULTS } from '../../src/shared/experiment'
import { METHOD_NAMES, type JobInfo, type RunRequest } from '../../src/shared/ipc'
import { mulberry32, pick, randInt } from '../helpers/random'
import { blobs, children, cli, look, startHost, statuses, until, type Host } from './lib'

const dir = mkdtempSync(join(tmpdir(), 'cim-faults-'))
const A = join(dir, 'shared.sqlite')
/** A cheap request during a heavy one must answer within this, ms. */
const RESPONSIVE_MS = 200
/** An oversized input must be refused within this, ms (the CLI's includes starting Node and tsx). */
const REFUSE_MS = 2000

interface Row {
  probe: string
  ok: boolean
  outcome: string
  ms: number
  lost: number
}
const rows: Row[] = []

/** Only the probes whose name contains $FAULTS_ONLY (all when unset). */
const ONLY = process.env.FAULTS_ONLY ?? ''

/** Runs one probe; a thrown error is a failed probe. */
async function probe(name: string, body: () => Promise<Omit<Row, 'probe' | 'ms'>>): Promise<void> {
  if (!name.includes(ONLY)) return
  const t = performance.now()
  process.stderr.write(`probe: ${name}\n`)
  try {
    rows.push({ probe: name, ...(await body()), ms: performance.now() - t })
  } catch (e) {
    rows.push({ probe: name, ok: false, outcome: `error: ${(e as Error).message.split('\n')[0]}`, ms: performance.now() - t, lost: 0 })
  }
}

const request = (over: Partial<RunRequest> = {}): RunRequest => ({
  network: { zoo: 'tinyyolov4', input: { h: 96, w: 96 } },
  arch: { preset: 'clsa-cim' },
  ...SPEC_DEFAULTS,
  ...over,
})
const where = (experiment: string) => `experiment_id IN (SELECT id FROM experiments WHERE name = '${experiment}')`
const done = (db: string, experiment: string) => statuses(db, where(experiment)).done ?? 0
const check = (cond: boolean, why: string) => {
  if (!cond) throw new Error(why)
}

/** The slowest answer to a cheap request (jobs.list) sent every 20 ms while `heavy` runs. */
async function responsiveDuring<T>(host: Host, heavy: Promise<T>): Promise<{ value: T; worstMs: number }> {
  let worstMs = 0
  let over = false
  const pinging = (async () => {
    while (!over) {
      worstMs = Math.max(worstMs, (await host.post('jobs.list', '{}')).ms)
      await new Promise((r) => setTimeout(r, 20))
    }
  })()
  pinging.catch(() => (over = true)) // the host stopped answering: reported below, after the heavy request settles
  const value = await heavy.finally(() => (over = true))
  await pinging.catch((e: Error) => {
    throw new Error(`the host stopped answering during the request: ${e.message}`)
  })
  return { value, worstMs }
}

let host: Host

async function main(): Promise<void> {
  host = await startHost(A)

  await probe('16 CLI writers + a web sweep on one file', async () => {
    const sweep = await host.call<JobInfo>('sweeps.start', {
      name: 'web sweep',
      base: request(),
      grid: { extraPes: [0, 4, 8, 12, 16, 20, 24, 28], duplication: ['greedy'], schedule: ['clsa'] },
    })
    const writers = Array.from(
      { length: 16 },
      (_, i) => cli(['run', '--model', 'tinyyolov4', '--input', '96x96', '--extra-pes', String(i), '--save', '--experiment', 'cli writers', '--db', A]).exit,
    )
    const exits = await Promise.all(writers)
    const end = await host.job(sweep.jobId)
    const failed = exits.filter((e) => e.code !== 0)
    const stored = done(A, 'cli writers') + done(A, 'web sweep')
    check(!failed.length, `${failed.length} writers failed: ${failed[0]?.stderr.trim()}`)
    check(end.status === 'done', `the sweep ended ${end.status}: ${end.error}`)
    return { ok: stored === 24, outcome: `24 runs computed, ${stored} stored; writers exit 0; sweep done`, lost: 24 - stored }
  })

  await probe('oversized inputs refused fast, host responsive', async () => {
    const notes: string[] = []
    const cfg = readFileSync(new URL('../fixtures/darknet/upsample-bomb.cfg', import.meta.url)).toString('base64')
    const upsample = await responsiveDuring(host, host.post('networks.import', JSON.stringify({ fileName: 'upsample-bomb.cfg', dataBase64: cfg })))
    check(!upsample.value.body.ok && /over the limit/.test(upsample.value.body.error.message), 'the upsample .cfg was not refused by a limit')
    notes.push(`cfg ${Math.round(upsample.value.ms)} ms`)
    const architecture = { ...presetArchitecture('clsa-cim'), name: '2x2', crossbarRows: 2, crossbarCols: 2 }
    const chipEnd = await responsiveDuring(
      host,
      host.post('runs.start', JSON.stringify({ run: request({ network: { zoo: 'alexnet' }, arch: { architecture } }) })),
    )
    check(!chipEnd.value.body.ok && chipEnd.value.body.error.code === 'LIMIT_EXCEEDED', 'the 2x2-crossbar chip was not refused by a limit')
    notes.push(`2x2 chip ${Math.round(chipEnd.value.ms)} ms`)
    const big = Array.from({ length: 16 }, (_, i) => i)
    const grid = {
      extraPes: Array.from({ length: 256 }, (_, i) => i),
      duplication: ['none', 'greedy', 'optimal'],
      schedule: ['clsa', 'layer-by-layer'],
      crossbarSizes: big.map((i) => 64 + i),
      models: big.map(() => 'lenet5'),
      presets: ['clsa-cim', 'isaac', 'puma', 'clsa-cim', 'isaac', 'puma', 'clsa-cim', 'isaac'],
    }
    const sweep = await responsiveDuring(host, host.post('sweeps.start', JSON.stringify({ name: 'huge', base: request(), grid })))
    check(!sweep.value.body.ok && sweep.value.body.error.code === 'SWEEP_TOO_LARGE', 'the 3.1 M grid was not refused')
    notes.push(`grid ${Math.round(sweep.value.ms)} ms`)
    const input = await cli(['run', '--model', 'resnet18', '--input', '1x3x100000x100000']).exit
    check(
      input.code === 2 && /over the limit/.test(input.stderr) && input.stderr.trim().split('\n').length === 1,
      `--input 1x3x100000x100000: ${input.code} ${input.stderr}`,
    )
    notes.push(`--input ${Math.round(input.ms)} ms`)
    const worst = Math.max(upsample.worstMs, chipEnd.worstMs, sweep.worstMs)
    const fast = upsample.value.ms < REFUSE_MS && chipEnd.value.ms < REFUSE_MS && sweep.value.ms < REFUSE_MS && input.ms < REFUSE_MS * 3
    return { ok: fast && worst < RESPONSIVE_MS, outcome: `refused (${notes.join(', ')}); cheap request <= ${Math.round(worst)} ms`, lost: 0 }
  })

  await probe('kill -9 of the host mid-sweep, reopen, resume', async () => {
    const before = blobs(A)
    const sweep = await host.call<JobInfo>('sweeps.start', {
      name: 'killed sweep',
      base: request({ network: { zoo: 'tinyyolov4' } }),
      grid: { extraPes: Array.from({ length: 16 }, (_, i) => i * 8), duplication: ['greedy'], schedule: ['clsa'] },
    })
    await until('2 runs of the sweep stored', () => done(A, 'killed sweep') >= 2)
    host.child.kill('SIGKILL')
    await host.exit
    host = await startHost(A)
    const integrity = look(A, (d) => d.prepare('PRAGMA integrity_check').pluck().get())
    const open = look(
      A,
      (d) =>
        d
          .prepare(`SELECT count(*) FROM runs WHERE status IN ('queued', 'running') AND (owner_id IS NULL OR owner_id NOT IN (SELECT id FROM run_owners))`)
          .pluck()
          .get() as number,
    )
    const after = blobs(A)
    const changed = [...before].filter(([id, b]) => !after.get(id)?.equals(b)).length
    const interrupted = statuses(A, where('killed sweep')).interrupted ?? 0
    const resumed = await host.call<JobInfo>('experiments.resume', { id: sweep.experimentId })
    const end = await host.job(resumed.jobId)
    const stored = done(A, 'killed sweep')
    check(integrity === 'ok' && open === 0 && end.status === 'done', `integrity ${integrity}, ${open} open runs without owner, resume ${end.status}`)
    return {
      ok: stored === 16 && changed === 0,
      outcome: `integrity ok; ${interrupted} interrupted, ${before.size} earlier results identical; resume stored ${stored}/16`,
      lost: changed + 16 - stored,
    }
  })

  await host.stop()

  await probe('host opened during a live CLI run', async () => {
    const run = cli(['run', '--model', 'vgg16', '--input', '3072x3072', '--save', '--experiment', 'live cli', '--db', A])
    await until('the CLI run is running', () => (statuses(A, where('live cli')).running ?? 0) === 1)
    host = await startHost(A)
    const exit = await run.exit
    const stored = done(A, 'live cli')
    check(exit.code === 0, `the CLI exited ${exit.code}: ${exit.stderr.trim()}`)
    return { ok: stored === 1, outcome: `host started mid-run; CLI exit 0, run stored`, lost: 1 - stored }
  })

  await probe('kill -9 of a CLI mid-run, then `cim history`', async () => {
    const run = cli(['run', '--model', 'vgg16', '--input', '3072x3072', '--save', '--experiment', 'killed cli', '--db', A])
    await until('the CLI run is running', () => (statuses(A, where('killed cli')).running ?? 0) === 1)
    run.child.kill('SIGKILL')
    await run.exit
    const history = await cli(['history', '--db', A, '--json', '--experiment', 'killed cli']).exit
    const listed = JSON.parse(history.stdout) as { status: string }[]
    const open = look(A, (d) => d.prepare(`SELECT count(*) FROM runs WHERE status IN ('queued', 'running')`).pluck().get() as number)
    return {
      ok: listed.length === 1 && listed[0].status === 'interrupted' && open === 0,
      outcome: `history shows it ${listed[0]?.status}; no run left open`,
      lost: 0,
    }
  })

  await host.stop()

  await probe('a worker out of memory', async () => {
    const db = join(dir, 'oom.sqlite')
    // Limits raised so that AlexNet on 2x2 crossbars (1 M tiles) runs; 32 MB of heap runs out while its tiles are built.
    const oom = await startHost(db, { CIM_WORKER_HEAP_MB: '32', CIM_LIMITS: 'pes=2e7,tiles=2e6' })
    try {
      const architecture = { ...presetArchitecture('clsa-cim'), name: '2x2', crossbarRows: 2, crossbarCols: 2 }
      const job = await oom.call<JobInfo>('runs.start', { run: request({ network: { zoo: 'alexnet' }, arch: { architecture } }) })
      const end = await responsiveDuring(oom, oom.job(job.jobId))
      const next = await oom.job((await oom.call<JobInfo>('runs.start', { run: request() })).jobId)
      const s = statuses(db)
      check(end.value.status === 'failed' && /ran out of memory/.test(String(end.value.error)), `the run ended ${end.value.status}: ${end.value.error}`)
      return {
        ok: next.status === 'done' && s.done === 1 && s.failed === 1 && end.worstMs < RESPONSIVE_MS * 5,
        outcome: `run failed "out of memory"; next run done; cheap request <= ${Math.round(end.worstMs)} ms`,
        lost: 1 - (s.done ?? 0),
      }
    } finally {
      await oom.stop()
    }
  })

  await probe('damaged database variants', async () => {
    const runs = look(A, (d) => d.prepare('SELECT count(*) FROM runs').pluck().get() as number)
    const bytes = readFileSync(A)
    const pages = bytes.length / 4096
    const variants: Record<string, Buffer> = {
      'middle page': Buffer.from(bytes).fill(0x5a, 4096 * Math.floor(pages / 2), 4096 * (Math.floor(pages / 2) + 1)),
      'not a database': Buffer.from(bytes).fill(0x21, 0, 100),
      truncated: bytes.subarray(0, 4096 * Math.floor(pages / 2)),
    }
    const notes: string[] = []
    let lost = 0
    for (const [name, damaged] of Object.entries(variants)) {
      const file = join(dir, `${name.replace(/ /g, '-')}.sqlite`)
      writeFileSync(file, damaged)
      const write = await cli(['run', '--model', 'lenet5', '--save', '--db', file]).exit
      check(write.code === 2 && write.stderr.includes(file) && write.stderr.includes('cim db recover'), `${name}: run --save said ${write.stderr.trim()}`)
      check(readFileSync(file).equals(damaged), `${name}: the damaged file was written`)
      const checked = await cli(['db', 'check', '--db', file, '--json']).exit
      const readable = (JSON.parse(checked.stdout) as { tables: { table: string; rows: number }[] }).tables.find((t) => t.table === 'runs')?.rows ?? 0
      const out = join(dir, `${name.replace(/ /g, '-')}-recovered.sqlite`)
      const recover = await cli(['db', 'recover', '--db', file, '--out', out]).exit
      const recovered = recover.code === 0 ? look(out, (d) => d.prepare('SELECT count(*) FROM runs').pluck().get() as number) : 0
      lost += readable - recovered
      notes.push(`${name}: refused, ${recovered}/${runs} runs recovered`)
    }
    return { ok: lost === 0, outcome: notes.join('; '), lost }
  })

  await probe('1,000 fuzzed API requests', async () => {
    const db = join(dir, 'fuzz.sqlite')
    copyFileSync(A, db)
    if (existsSync(`${A}-wal`)) copyFileSync(`${A}-wal`, `${db}-wal`)
    const kept = blobs(db)
    const fuzz = await startHost(db)
    try {
      const rnd = mulberry32(11)
      const methods = METHOD_NAMES.filter((m) => !['runs.delete', 'experiments.delete', 'reports.warm', 'reports.build'].includes(m))
      const value = (depth: number): unknown =>
        pick(rnd, [
          () => randInt(rnd, -1e6, 1e9),
          () => 'x'.repeat(randInt(rnd, 0, 3000)),
          () => null,
          () => rnd() < 0.5,
          () => (depth > 3 ? [] : Array.from({ length: randInt(rnd, 0, 4) }, () => value(depth + 1))),
          () =>
            depth > 3
              ? {}
              : Object.fromEntries(
                  Array.from({ length: randInt(rnd, 0, 4) }, () => [
                    pick(rnd, ['id', 'ids', 'run', 'grid', 'name', 'json', 'network', 'arch', 'filter', '__proto__', 'constructor']),
                    value(depth + 1),
                  ]),
                ),
          () => Number.MAX_SAFE_INTEGER * 4,
        ])()
      const bodies = [
        () => JSON.stringify(value(0)),
        () => '{"a":',
        () => '\u0000\uffff',
        () => JSON.stringify({ id: randInt(rnd, -5, 5) }),
        () => '['.repeat(5000),
      ]
      const bad: string[] = []
      for (let i = 0; i < 1000; i++) {
        const method = rnd() < 0.9 ? pick(rnd, methods) : pick(rnd, ['x', '../etc/passwd', 'runs.', '%00', 'constructor'])
        const r = await fuzz.post(method, pick(rnd, bodies)())
        const message = r.body.ok ? '' : r.body.error.message
        const internal = /Cannot read|is not a function|is not defined|undefined|Unexpected token|\bat .*\.[jt]s:\d/.test(message)
        if (r.status >= 500 || message.length > 1000 || internal) bad.push(`${method}: ${r.status} ${message.slice(0, 120)}`)
      }
      const after = blobs(db)
      const lost = [...kept].filter(([id, b]) => !after.get(id)?.equals(b)).length
      const alive = (await fuzz.post('zoo.list', '{}')).body.ok
      if (bad.length) process.stderr.write(`${[...new Set(bad)].slice(0, 20).join('\n')}\n`)
      return {
        ok: !bad.length && alive,
        outcome: bad.length ? `${bad.length} bad answers, first: ${bad[0]}` : 'every answer an envelope, no internal message, host alive',
        lost,
      }
    } finally {
      await fuzz.stop()
    }
  })
}

const t0 = performance.now()
try {
  await main()
} finally {
  for (const c of children) c.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
}
const w = Math.max(...rows.map((r) => r.probe.length))
const line = (a: string, b: string, c: string, d: string) => `${a.padEnd(w)} | ${b.padEnd(6)} | ${c.padStart(7)} | ${d.padStart(9)} | `
process.stdout.write(`${line('probe', 'result', 'time s', 'rows lost')}outcome\n`)
for (const r of rows) process.stdout.write(`${line(r.probe, r.ok && r.lost === 0 ? 'ok' : 'FAIL', (r.ms / 1000).toFixed(1), String(r.lost))}${r.outcome}\n`)
process.stdout.write(`total ${((performance.now() - t0) / 1000).toFixed(0)} s, ${rows.reduce((a, r) => a + r.lost, 0)} rows lost\n`)
const passed = rows.filter((r) => r.ok && r.lost === 0).length
process.stdout.write(`faults: ${passed} passed, ${rows.length - passed} failed\n`)
process.exitCode = passed === rows.length ? 0 : 1
