import { spawnSync } from 'node:child_process'
import { Command } from 'commander'
import { afterAll, describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { registerHistoryCommands, runMaybeSaved, withHistory } from '../../src/main/cli/history'
import { openHistory } from '../../src/main/db/history'
import { removeTempDirs, tempDbPath, zooSpec } from './helpers'
import { METRICS } from '../../src/shared/metrics'

afterAll(removeTempDirs)

const db = tempDbPath()

/** Runs `cim ARGS --db <temp>` as a user would (scripts/cim.mjs, the built command line); returns exit code and output. */
function cim(...args: string[]) {
  const r = spawnSync(process.execPath, ['scripts/cim.mjs', ...args, '--db', db], { encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** Runs history / show / delete in this process; returns what they printed. */
async function history(...args: string[]): Promise<string> {
  const printed: string[] = []
  const program = new Command('cim').exitOverride()
  registerHistoryCommands(program, (t) => printed.push(t))
  await program.parseAsync([...args, '--db', db], { from: 'user' })
  return printed.join('\n')
}

describe('cim run --save, history, show, delete', () => {
  it('`cim run --save --json` stores the run and prints its runId; a bad id is one line and exit 2', () => {
    const saved = cim('run', '--model', 'lenet5', '--save', '--json')
    expect(saved.code).toBe(0)
    const out = JSON.parse(saved.stdout)
    expect(out.runId).toBe(1)
    expect(out.summary.model).toBe('lenet5')
    const bad = cim('show', '42')
    expect(bad).toMatchObject({ code: 2, stderr: 'error: no run with id 42\n' })
  })

  it('history lists runs newest first; show prints the `cim run` summary; delete removes a run', async () => {
    const alex = await runMaybeSaved(zooSpec('alexnet', { schedule: 'layer-by-layer', duplication: 'none' }), { save: true, experiment: 'alex check', db })
    expect(alex.runId).toBe(2)
    const rows = JSON.parse(await history('history', '--json'))
    expect(rows.map((r: { id: number; experimentName: string }) => [r.id, r.experimentName])).toEqual([
      [2, 'alex check'],
      [1, 'cli runs'],
    ])
    for (const r of rows) expect(Date.parse(r.finishedAt)).toBeGreaterThanOrEqual(Date.parse(r.startedAt))
    // --experiment matches experiment names only (not the network lenet5 of run 1)
    expect(JSON.parse(await history('history', '--json', '--experiment', 'ALEX')).map((r: { id: number }) => r.id)).toEqual([2])
    expect(JSON.parse(await history('history', '--json', '--experiment', 'lenet'))).toEqual([])
    expect(await history('history')).toMatch(/│ 1\s+│ cli runs\s+│ lenet5\s+│ clsa\s+│ greedy\s+│ done\s+│ 16.8 µs\s+│ 42.2×/)
    expect(await history('history', '--sort', 'speedupVsBaseline', '--asc', '--limit', '1')).toMatch(/│ 2\s+│ alex check/)
    // sorted by a figure the table does not show, the table shows it too
    const fastest = await history('history', '--sort', 'throughputPerS', '--limit', '1')
    expect(fastest).toMatch(/│ latency\s+│ speedup\s+│ throughput\s+│ date \(UTC\)/)
    expect(fastest).toMatch(/│ 1\s+│ cli runs\s+│ lenet5 .*│ 16.8 µs\s+│ 42.2×\s+│ 59,524 inferences\/s\s+│/)

    const show = await history('show', '2')
    expect(show).toMatch(/^run 2 in experiment "alex check": done/)
    expect(show).toContain('schedule Layer-by-layer, duplication None, pixel sets')
    expect(show).toMatch(/│ Speedup +│ 1× +│/)
    expect(JSON.parse(await history('show', '2', '--json'))).toMatchObject({
      runId: 2,
      status: 'done',
      summary: alex.result.summary,
      inputHash: alex.result.inputHash,
    })

    expect(await history('delete', '2')).toBe('deleted run 2')
    await expect(history('show', '2')).rejects.toThrow('no run with id 2')
    await expect(history('delete', '2')).rejects.toThrow('no run with id 2')
    await expect(history('show', 'abc')).rejects.toThrow('run id "abc": must be a whole number >= 1')
    await expect(history('show', '0')).rejects.toThrow('run id "0"')
    await expect(history('history', '--sort', 'fastest')).rejects.toThrow('--sort "fastest": choose one of')
    expect(JSON.parse(await history('history', '--json'))).toHaveLength(1)
  })

  it('a run that fails is stored as failed with its error; --experiment without --save is refused', async () => {
    await expect(runMaybeSaved(zooSpec('no-such-model'), { save: true, db })).rejects.toThrow('unknown model')
    const [last] = JSON.parse(await history('history', '--json', '--limit', '1'))
    expect(last).toMatchObject({ networkName: 'no-such-model', status: 'failed', error: expect.stringContaining('unknown model'), summary: null })
    expect(await history('show', String(last.id))).toMatch(/failed .*unknown model[\s\S]*no result stored/)
    await expect(runMaybeSaved(zooSpec('lenet5'), { experiment: 'x' })).rejects.toThrow('--experiment and --db need --save')
  })

  it('history --csv prints the run, its chip, its bottleneck layer and every summary figure as raw numbers, one CRLF line per run', async () => {
    const text = await history('history', '--csv', '--sort', 'id', '--asc')
    const [head, ...lines] = text.split('\r\n')
    const keys = head.split(',')
    expect(keys.slice(0, 12)).toEqual([
      'id',
      'experiment',
      'network',
      'chip',
      'crossbar',
      'extraPes',
      'schedule',
      'dup',
      'granularity',
      'status',
      'error',
      'createdAt',
    ])
    expect(keys.slice(12)).toEqual(['bottleneckLayer', ...METRICS.filter((m) => m.section === 'summary').map((m) => m.key)])
    expect(keys).toEqual(expect.arrayContaining(['energyNj', 'inferences', 'throughputPerS']))
    expect(lines.pop()).toBe('') // the last line ends with CRLF too
    const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i], v])))
    const done = rows.find((r) => r.id === '1')!
    // the clsa-cim preset chip has 70 PEs; lenet5 needs 6
    expect(done).toMatchObject({ network: 'lenet5', chip: 'clsa-cim', crossbar: '256x256', extraPes: '64', status: 'done', dup: 'greedy', pesChip: '70' })
    expect(done).toMatchObject({ bottleneckLayer: 'conv1', inferences: '1' })
    expect(Number(done.energyNj)).toBeGreaterThan(0)
    // one inference in 16.8 µs (the latency the history table shows): about 59,500 inferences/s
    expect(Number(done.throughputPerS)).toBeCloseTo(1 / (Number(done.latencyNs) * 1e-9), 6)
    expect(Number(done.throughputPerS)).toBeCloseTo(59_524, 0)
    // an error with commas and quotes is one quoted field (quotes doubled); a run without a result has empty figures
    expect(lines[1]).toMatch(/^2,cli runs,no-such-model,clsa-cim,,,clsa,greedy,,failed,"unknown model ""no-such-model"": choose one of [^"]*",[^,]+,+$/)
    expect(lines[1].split('",')[1].split(',')).toHaveLength(2 + METRICS.filter((m) => m.section === 'summary').length)
    await expect(history('history', '--csv', '--json')).rejects.toThrow()
  })

  it('--db "" is refused before anything runs; reading commands repair runs whose process is gone and never create a file', async () => {
    await expect(runMaybeSaved(zooSpec('lenet5'), { save: true, db: '' })).rejects.toThrow(
      'the history database path is empty: give a file with --db PATH or $CIM_DB',
    )
    const h = openHistory(db)
    const e = h.experiments.create({ name: 'killed' })
    const id = h.runs.queue(e, zooSpec('lenet5'))
    h.runs.start(id)
    h.db.prepare('UPDATE run_owners SET pid = ?').run(2 ** 22 + 12345) // a process id that does not exist
    h.db.close() // as a killed process would: its owner row stays
    const [last] = JSON.parse(await history('history', '--json', '--limit', '1'))
    expect(last).toMatchObject({ id, status: 'interrupted', error: 'interrupted: the program that ran it stopped' })
    const missing = tempDbPath('never.sqlite')
    await expect(withHistory(missing, () => 0, true)).rejects.toThrow(`no history database at ${missing} yet`)
    expect(existsSync(missing)).toBe(false)
  })
})
