import { writeFileSync } from 'node:fs'
import { Command, CommanderError, Option } from 'commander'
import { DUPLICATIONS, DUPLICATION_STRATEGIES, SCHEDULE_INFO } from '../../shared/strategies'
import { mapLayers } from '../core/mapping/pes'
import { presetArchitecture } from '../core/arch/presets'
import { ZOO } from '../core/model/zoo'
import { networkStats, weightMatrix } from '../core/model/ir'
import { resolveNetwork } from '../core/resolve'
import { cut } from '../../shared/text'
import { PROGRAM_VERSION } from '../../shared/version'
import { SCHEDULES, SPEC_DEFAULTS, type ExperimentResult } from '../../shared/experiment'
import { metricRecord } from '../../shared/metrics'
import { ASSIGNMENTS, GRANULARITIES, NOCS, PLACEMENTS } from '../../shared/schemas/spec'
import { COMPARE_GRID, REPRODUCE_EXTRA_PES, REPRODUCE_HEAD, reproduce, reproduceCells, runVariant } from './experiments'
import { registerDbCommands } from './db'
import { SUMMARY_HEAD, grid, num, runReport, summaryRow, targetReport } from './format'
import { recordsCsv } from '../../shared/csv'
import { addSaveOptions, registerHistoryCommands, runMaybeSaved, type SaveOptions } from './history'
import { registerLimitsOption } from './limits'
import { registerReportCommand } from './report'
import { lifetimeTargetOption, type PlanOptions } from './plan'
import { DEFAULT_MAX_BATCH } from '../core/plan'
import { UsageError, choiceOption, choicesHelp, intListOption, networkChoice, specFromOptions, targetOption, type SpecOptions } from './spec-options'
import { planForTarget } from '../core/target'

/** Prints a block of text, ending it with a line break unless it has one (CSV ends every line). */
const out = (text: string): void => void process.stdout.write(text.endsWith('\n') ? text : text + '\n')
const json = (value: unknown): void => out(JSON.stringify(value, null, 2))

/** What `run --json` prints: the summary with the energy per component, the further figures, the bottleneck analysis, the network and placement options, the reload plan of a lifetime target and the stage timings. */
function runJson(r: ExperimentResult) {
  return {
    summary: { ...r.summary, energyBreakdownNj: r.energy?.breakdownNj },
    metrics: r.metrics,
    bottleneck: r.bottleneck,
    noc: r.spec.noc,
    placement: r.spec.placement,
    ...(r.plan && { plan: r.plan }),
    timingsMs: r.timingsMs,
    inputHash: r.inputHash,
    programVersion: r.programVersion,
  }
}

/** The options every run-making command takes; `chip` adds --pes / --extra-pes (sweep has its own list). */
function specOptions(cmd: Command, chip = true): Command {
  cmd
    .requiredOption('--model <name|file>', 'zoo network (see `models`) or an .onnx / .cfg file')
    .option('--input <HxW|NxCxHxW>', 'input size (zoo, .cfg) or input shape for ONNX files with dynamic dims')
    .option('--arch <preset|file.json>', 'architecture preset (clsa-cim, isaac, puma) or JSON file', 'clsa-cim')
  if (chip) cmd.option('--pes <n>', 'chip PEs (overrides the architecture)').option('--extra-pes <n>', 'chip PEs = network minimum + n')
  return cmd
    .option(`--granularity <${GRANULARITIES.join('|')}>`, 'set granularity', SPEC_DEFAULTS.granularity)
    .option(`--assignment <${ASSIGNMENTS.join('|')}>`, 'how sets are dealt to copies', SPEC_DEFAULTS.assignment)
    .option(`--noc <${NOCS.join('|')}>`, 'on-chip network: none (data movement is free) or a 2D mesh with link contention', SPEC_DEFAULTS.noc)
    .option(`--placement <${PLACEMENTS.join('|')}>`, "where copies sit: each layer's side by side, or spread over the chip", SPEC_DEFAULTS.placement)
    .option('--inferences <n>', 'inferences back to back (streaming)', String(SPEC_DEFAULTS.inferences))
    .option('--rate <n>', 'inferences per second for the lifetime in years', String(SPEC_DEFAULTS.inferenceRate))
}

const program = new Command('cim')
  .description('CIM Workbench: map networks onto tiled RRAM CIM chips and schedule them (CLSA-CIM)')
  .version(PROGRAM_VERSION)
  .exitOverride()

program
  .command('models')
  .description('list the built-in zoo: input size, layers, MVM layers, parameters, MACs')
  .option('--json', 'print JSON')
  .action((o: { json?: boolean }) => {
    const rows = ZOO.map((z) => {
      const net = z.build(z.defaultInput)
      return { name: z.name, input: `${net.input.c}x${net.input.h}x${net.input.w}`, ...networkStats(net), description: z.description }
    })
    if (o.json) return json(rows)
    out(
      grid(
        ['model', 'input', 'layers', 'MVM layers', 'parameters', 'MACs', 'description'],
        rows.map((r) => [r.name, r.input, r.layers, r.mvmLayers, num(r.params), num(r.macs), r.description]),
      ),
    )
  })

addSaveOptions(specOptions(program.command('run').description('map, duplicate, schedule and measure one network')))
  .option(`--dup <${DUPLICATION_STRATEGIES.join('|')}>`, `weight duplication strategy: ${choicesHelp(DUPLICATIONS)}`, SPEC_DEFAULTS.duplication)
  .option(`--schedule <${SCHEDULES.join('|')}>`, `schedule: ${choicesHelp(SCHEDULE_INFO)}`, SPEC_DEFAULTS.schedule)
  .option('--json', 'print one JSON object: summary, metrics, bottleneck, noc, placement and timingsMs (and runId with --save)')
  .option('--target-fps <f>', 'plan for a target: the smallest chip reaching f inferences/s (with --dup and --schedule)')
  .option('--target-latency <t>', 'plan for a target: the smallest chip reaching a latency: MVM steps, or a time with a unit (2ms, 500us, 1200ns)')
  .option(
    '--lifetime-years <Y>',
    'reload mode: plan segments, batch and copies for the highest throughput whose lifetime reaches Y years at --rate, and run the plan',
  )
  .option('--max-batch-latency <time>', 'with --lifetime-years: most time one batch may take (e.g. 2s, 500ms)')
  .option('--svg <file>', 'with --lifetime-years: write the plan view (throughput against lifetime and batch latency, writes per PE) as SVG')
  .option('--max-batch <n>', `with --lifetime-years: largest batch considered (default ${DEFAULT_MAX_BATCH})`)
  .action(async (o: SpecOptions & SaveOptions & PlanOptions & { json?: boolean; targetFps?: string; targetLatency?: string }) => {
    const target = targetOption(o)
    const lifetimeTarget = lifetimeTargetOption(o)
    if (lifetimeTarget && target) throw new UsageError('--lifetime-years plans for a given chip: drop --target-fps / --target-latency')
    if (target && (o.pes !== undefined || o.extraPes !== undefined))
      throw new UsageError('--target-fps / --target-latency choose the chip: drop --pes and --extra-pes')
    const spec = { ...specFromOptions(o), ...(lifetimeTarget && { lifetimeTarget }) }
    const plan = target && (await planForTarget(spec, target))
    if (plan && !plan.result) return out(o.json ? JSON.stringify({ target: plan.report }, null, 2) : targetReport(plan.report))
    const { result: r, runId } =
      plan?.result && !o.save ? { result: plan.result, runId: undefined } : await runMaybeSaved(plan ? { ...spec, chip: { pes: plan.report.pes! } } : spec, o)
    const svg = o.svg && (await import('./plan-svg')).planSvg(r)
    if (o.svg && svg) writeFileSync(o.svg, svg)
    out(
      o.json
        ? JSON.stringify({ ...(runId !== undefined && { runId }), ...runJson(r), ...(plan && { target: plan.report }) }, null, 2)
        : runReport(r) + (plan ? `\n${targetReport(plan.report)}` : '') + (runId !== undefined ? `\nsaved as run ${runId}` : ''),
    )
  })

specOptions(
  program.command('compare').description(`every schedule (${SCHEDULES.join(', ')}) with every duplication strategy (${DUPLICATION_STRATEGIES.join(', ')})`),
)
  .option('--json', 'print an array of summaries')
  .action(async (o: SpecOptions & { json?: boolean }) => {
    const spec = specFromOptions(o)
    const runs = []
    for (const [schedule, dup] of COMPARE_GRID) runs.push(await runVariant(spec, schedule, dup))
    if (o.json) return json(runs.map((r) => r.summary))
    out(
      `${runs[0].summary.model}: ${num(runs[0].summary.pesChip)} PEs (minimum ${num(runs[0].summary.pesMinimum)}); speedup vs layer-by-layer without duplication`,
    )
    out(grid(SUMMARY_HEAD, runs.map(summaryRow)))
  })

specOptions(program.command('sweep').description('the duplication trade-off over extra PEs'), false)
  .option('--extra-pes <list>', 'extra PEs, comma separated', REPRODUCE_EXTRA_PES.join(','))
  .option('--pes <list>', 'chip PEs instead of extra PEs, comma separated; below the network minimum runs in reload mode')
  .option('--dup <list>', 'strategies, comma separated', DUPLICATION_STRATEGIES.join(','))
  .option('--schedule <list>', 'schedules, comma separated', SCHEDULES.join(','))
  .addOption(new Option('--csv', 'print CSV').conflicts('json'))
  .option('--json', 'print JSON: one object per run')
  .action(async (o: SpecOptions & { csv?: boolean; json?: boolean }) => {
    const chips =
      o.pes !== undefined
        ? intListOption('--pes', o.pes, 1).map((pes) => ({ pes }))
        : intListOption('--extra-pes', o.extraPes!, 0).map((extraPes) => ({ extraPes }))
    const dups = o.dup!.split(',').map((d) => choiceOption('--dup', d.trim(), DUPLICATION_STRATEGIES))
    const schedules = o.schedule!.split(',').map((s) => choiceOption('--schedule', s.trim(), SCHEDULES))
    const network = networkChoice(o.model, o.input)
    const runs: { extraPes: number; result: ExperimentResult }[] = []
    for (const chip of chips) {
      const spec = { ...specFromOptions({ ...o, pes: undefined, extraPes: undefined, dup: undefined, schedule: undefined }, network), chip }
      for (const dup of dups) {
        for (const schedule of schedules) {
          const result = await runVariant(spec, schedule, dup)
          runs.push({ extraPes: result.summary.pesChip - result.summary.pesMinimum, result })
        }
      }
    }
    const records = runs.map((r) => ({ extraPes: r.extraPes, ...metricRecord(r.result) }))
    if (o.json) return json(records)
    if (o.csv) return out(recordsCsv(records))
    out(
      grid(
        ['extra PEs', ...SUMMARY_HEAD],
        runs.map((r) => [String(r.extraPes), ...summaryRow(r.result)]),
      ),
    )
  })

program
  .command('reproduce')
  .description('CLSA-CIM + greedy duplication vs layer-by-layer without, every zoo network, extra PEs 0..256')
  .option('--models <list>', 'zoo networks, comma separated', ZOO.map((z) => z.name).join(','))
  .option('--extra-pes <list>', 'extra PEs, comma separated', REPRODUCE_EXTRA_PES.join(','))
  .option('--json', 'print JSON: one object per network and extra-PE count')
  .action(async (o: { models: string; extraPes: string; json?: boolean }) => {
    const models = o.models.split(',').map((m) =>
      choiceOption(
        '--models',
        m.trim(),
        ZOO.map((z) => z.name),
      ),
    )
    const rows = await reproduce(models, intListOption('--extra-pes', o.extraPes, 0))
    if (o.json) return json(rows)
    out('CLSA-CIM + greedy duplication vs layer-by-layer without duplication, same chip (clsa-cim preset, pixel sets)')
    out(grid(REPRODUCE_HEAD, rows.map(reproduceCells)))
    const best = (key: 'speedup' | 'utilizationGain') => rows.reduce((a, b) => (b[key] > a[key] ? b : a))
    const s = best('speedup')
    const u = best('utilizationGain')
    out(
      `up to ${s.speedup.toFixed(1)}x speedup (${s.model}, +${s.extraPes} PEs) and ${u.utilizationGain.toFixed(1)}x PE utilization (${u.model}, +${u.extraPes} PEs); the paper reports up to 29.2x and 17.9x`,
    )
  })

program
  .command('inspect')
  .description('print the layer table of a network (zoo name or .onnx / .cfg file) and the importer notes')
  .argument('<model>', 'zoo network or file')
  .option('--input <HxW|NxCxHxW>', 'input size or shape')
  .option('--arch <preset>', 'architecture for the PE column', 'clsa-cim')
  .option('--json', 'print JSON')
  .action((model: string, o: { input?: string; arch: string; json?: boolean }) => {
    const net = resolveNetwork(networkChoice(model, o.input))
    const maps = new Map(mapLayers(net, presetArchitecture(o.arch)).map((m) => [m.layer, m]))
    const rows = net.layers.map((l, i) => {
      const w = weightMatrix(net, l)
      return {
        name: l.name,
        kind: l.kind,
        out: `${l.out.c}x${l.out.h}x${l.out.w}`,
        inputs: l.inputs.map((p) => (p < 0 ? 'input' : net.layers[p].name)).join(' '),
        weights: w ? `${w.k}x${w.n}${w.groups > 1 ? ` x${w.groups}` : ''}` : '',
        pes: maps.get(i)?.pes ?? 0,
      }
    })
    if (o.json) return json({ name: net.name, source: net.source, stats: networkStats(net), layers: rows, notes: net.notes })
    const st = networkStats(net)
    out(
      `${net.name}: input ${net.input.c}x${net.input.h}x${net.input.w}, ${st.layers} layers, ${st.mvmLayers} MVM layers, ${num(st.params)} parameters, ${num(st.macs)} MACs`,
    )
    out(
      grid(
        ['#', 'name', 'kind', 'out CxHxW', 'inputs', 'weights KxN', `PEs (${o.arch})`],
        rows.map((r, i) => [i, r.name, r.kind, r.out, r.inputs, r.weights, r.pes || '']),
      ),
    )
    for (const n of net.notes) out(`note: ${n}`)
  })

registerHistoryCommands(program, out)
registerReportCommand(program, out)
registerLimitsOption(program)
registerDbCommands(program, out)

/** Longest error line printed, characters. */
const MESSAGE_MAX = 1000

/** Runs the command line; bad input prints one line (cut to MESSAGE_MAX) and exits with code 2. */
export async function main(argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv, { from: 'user' })
    return 0
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2
    if (process.env.CIM_DEBUG) console.error(e)
    process.stderr.write(`error: ${cut((e as Error).message, MESSAGE_MAX)}\n`)
    return 2
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
