/**
 * npm run docs:plan: the reload-plan section of docs/validation.md (between its plan markers): for three zoo
 * networks on chips of 25, 50 and 75% of their minimum (no less than their largest layer), the planned lifetime and throughput for 10 years at
 * 30 inferences/s against today's reload mode (batch 1, and its best batch for the same target).
 * `npm run docs` replaces only the table starting with "| model", so it leaves this section alone.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { withDefaults, runExperiment } from '../src/main/core/pipeline'
import { DEFAULT_MAX_BATCH, planReload, type Plan } from '../src/main/core/plan'
import { mapNetwork } from '../src/main/core/stages/map'
import { resolveSpec } from '../src/main/core/stages/resolve'
import { formatMarkdown, markdownTable } from './docs/markdown'
import { VALIDATION_DOC } from './docs/validation'

const NETWORKS = ['tinyyolov4', 'resnet18', 'mobilenetv2']
const FRACTIONS = [0.25, 0.5, 0.75]
const TARGET = { lifetimeYears: 10, inferenceRate: 30, maxBatch: DEFAULT_MAX_BATCH }
const START = '<!-- plan:start (npm run docs:plan) -->'
const END = '<!-- plan:end -->'
const SECONDS_PER_YEAR = 365.25 * 24 * 3600

const n = (v: number, digits = 0) => v.toLocaleString('en-US', { maximumFractionDigits: digits })
const years = (inferences: number) => inferences / TARGET.inferenceRate / SECONDS_PER_YEAR

const rows: string[][] = []
for (const zoo of NETWORKS) {
  const { pesMinimum: minimum, maps } = mapNetwork(resolveSpec(withDefaults({ network: { zoo }, arch: { preset: 'clsa-cim' } })))
  const largest = Math.max(...maps.map((m) => m.pes)) // no chip below its largest layer
  for (const f of FRACTIONS) {
    const pes = Math.max(largest, Math.round(minimum * f))
    const spec = withDefaults({ network: { zoo }, arch: { preset: 'clsa-cim' }, chip: { pes } })
    const today = await runExperiment(spec)
    const a = planReload(spec, TARGET)
    const perS = (p: Plan) => p.throughputPerStep / (a.stepNs * 1e-9)
    const cell = (p: Plan | null) => (p ? [`${n(p.segments.length)} / ${n(p.batch)}`, n(perS(p), 1), n(years(p.lifetimeInferences), 1)] : ['none', '', ''])
    rows.push([
      zoo,
      `${pes} of ${minimum} (${Math.round((100 * pes) / minimum)}%)`,
      n(today.endurance.segments),
      n(today.summary.throughputPerS, 1),
      n(today.endurance.lifetimeYears!, 3),
      ...cell(a.baseline),
      ...cell(a.chosen),
    ])
    console.log(rows[rows.length - 1].join(' | '))
  }
}

const head = [
  'network',
  'chip PEs (of minimum)',
  'today: segments',
  'today: inferences/s',
  'today: lifetime (years)',
  'today, best batch: segments / batch',
  'inferences/s',
  'lifetime (years)',
  'plan: segments / batch',
  'inferences/s',
  'lifetime (years)',
]
const section = [
  START,
  '',
  markdownTable(
    head,
    rows,
    head.map((_, i) => i > 0),
  ),
  '',
  END,
].join('\n')
const doc = readFileSync(VALIDATION_DOC, 'utf8')
const a = doc.indexOf(START)
const b = doc.indexOf(END)
if (a < 0 || b < a) throw new Error(`${VALIDATION_DOC}: no "${START}" ... "${END}" section`)
writeFileSync(VALIDATION_DOC, await formatMarkdown(doc.slice(0, a) + section + doc.slice(b + END.length), VALIDATION_DOC))
console.log(`wrote the reload-plan section of ${VALIDATION_DOC}`)
