/**
 * npm run docs: regenerates docs/metrics.md from the metric catalog, and reruns `cim reproduce` to
 * rewrite the golden figures (test/golden/reproduce.json) and the table of docs/validation.md from
 * the same rows, and likewise the data-movement figures (test/golden/reproduce-noc.json) and their
 * table. `npm test` checks that all of them match the code.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { reproduce } from '../src/main/cli/experiments'
import { formatMarkdown } from './docs/markdown'
import { METRICS_DOC, metricsMarkdown } from './docs/metrics'
import { reproduceNoc } from '../src/main/cli/reproduce-noc'
import { GOLDEN_FILE, NOC_GOLDEN_FILE, VALIDATION_DOC, nocValidationDoc, validationDoc } from './docs/validation'

writeFileSync(METRICS_DOC, await formatMarkdown(metricsMarkdown(), METRICS_DOC))
const rows = await reproduce()
writeFileSync(GOLDEN_FILE, JSON.stringify(rows, null, 2) + '\n')
const nocRows = await reproduceNoc()
writeFileSync(NOC_GOLDEN_FILE, JSON.stringify(nocRows, null, 2) + '\n')
const doc = nocValidationDoc(validationDoc(readFileSync(VALIDATION_DOC, 'utf8'), rows), nocRows)
writeFileSync(VALIDATION_DOC, await formatMarkdown(doc, VALIDATION_DOC))
console.log(`wrote ${METRICS_DOC}, ${GOLDEN_FILE} (${rows.length} rows), ${NOC_GOLDEN_FILE} (${nocRows.length} rows) and the tables of ${VALIDATION_DOC}`)
