/**
 * npm run docs: regenerates docs/metrics.md from the metric catalog, and reruns `cim reproduce` to
 * rewrite the golden figures (test/golden/reproduce.json) and the table of docs/validation.md from
 * the same rows. `npm test` checks that all three match the code.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { reproduce } from '../src/main/cli/experiments'
import { formatMarkdown } from './docs/markdown'
import { METRICS_DOC, metricsMarkdown } from './docs/metrics'
import { GOLDEN_FILE, VALIDATION_DOC, validationDoc } from './docs/validation'

writeFileSync(METRICS_DOC, await formatMarkdown(metricsMarkdown(), METRICS_DOC))
const rows = await reproduce()
writeFileSync(GOLDEN_FILE, JSON.stringify(rows, null, 2) + '\n')
writeFileSync(VALIDATION_DOC, await formatMarkdown(validationDoc(readFileSync(VALIDATION_DOC, 'utf8'), rows), VALIDATION_DOC))
console.log(`wrote ${METRICS_DOC}, ${GOLDEN_FILE} (${rows.length} rows) and the table of ${VALIDATION_DOC}`)
