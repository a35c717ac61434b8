/**
 * The report as one self-contained HTML document: inline CSS and inline SVG charts, no scripts,
 * no external resources. Printed (Chromium, Electron's printToPDF, a browser's print dialog) it
 * paginates itself: @page size and margins, long tables continue with their header repeated,
 * charts and table rows never split, and the page margins carry the footer and "Page X of Y".
 */
import { escapeHtml } from '../../shared/charts'
import { PROGRAM_VERSION } from '../../shared/version'
import type { PageSize, ReportBlock, ReportModel, ReportSection, TableColumn } from './model'
import { REPORT_FONT, renderChartSvg } from './svg'

export interface HtmlOptions {
  pageSize?: PageSize
}

/** Page margins, mm: the footer sits in the bottom margin. */
export const PAGE_MARGINS_MM = { top: 16, right: 15, bottom: 18, left: 15 }

/** Page sizes, mm (width, height). */
export const PAGE_MM: Record<PageSize, { width: number; height: number }> = {
  A4: { width: 210, height: 297 },
  Letter: { width: 215.9, height: 279.4 },
}

/** The report's content policy: its own inline CSS and nothing else (no script, no file or network load, wherever it is opened or printed). */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'"

/** Name of the meta tags that carry the footer text and page size to the PDF step. */
export const FOOTER_META = 'cim-report-footer'
export const PAGE_SIZE_META = 'cim-report-page-size'
/** Attribute of the style element holding the @page margin boxes (footer, page numbers). */
export const MARGIN_BOXES_ATTR = 'data-margin-boxes'

const esc = escapeHtml

const KIND_LABEL = { run: 'Run report', compare: 'Comparison report', sweep: 'Sweep report' }

/** Renders the report model as an HTML document; the same model always gives the same text. */
export function renderReportHtml(model: ReportModel, opts: HtmlOptions = {}): string {
  const pageSize = opts.pageSize ?? 'A4'
  const charts = { n: 0 }
  const sections = model.sections.map((s) => sectionHtml(s, charts)).join('\n')
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="CIM Workbench ${PROGRAM_VERSION}">
<meta name="${FOOTER_META}" content="${esc(model.footer)}">
<meta name="${PAGE_SIZE_META}" content="${pageSize}">
<title>${esc(model.title)}</title>
<style>
${baseCss(pageSize)}
</style>
<style ${MARGIN_BOXES_ATTR}>
${marginBoxCss(model.footer)}
</style>
</head>
<body>
<header class="cover">
<div class="kind">CIM Workbench · ${KIND_LABEL[model.kind]}</div>
<h1>${esc(model.title)}</h1>
<p class="subtitle">${esc(model.subtitle)}</p>
<table class="meta">
${model.meta.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('\n')}
</table>
<nav class="contents"><span>Contents</span> ${model.sections.map((s) => `<a href="#${esc(s.id)}">${esc(s.title)}</a>`).join(' · ')}</nav>
</header>
<main>
${sections}
</main>
<footer class="screen-footer">${esc(model.footer)}</footer>
</body>
</html>
`
}

function sectionHtml(s: ReportSection, charts: { n: number }): string {
  const blocks = s.blocks.map((b) => blockHtml(b, charts)).join('\n')
  return `<section id="${esc(s.id)}"${s.newPage ? ' class="new-page"' : ''}>
<h2>${esc(s.title)}</h2>
${blocks}
</section>`
}

function blockHtml(b: ReportBlock, charts: { n: number }): string {
  switch (b.type) {
    case 'text':
      return `<p${b.muted ? ' class="muted"' : ''}>${esc(b.text)}</p>`
    case 'notes':
      return `<div class="notes"><div class="notes-heading">${esc(b.heading)}</div><div class="notes-text">${esc(b.text)}</div></div>`
    case 'keyValues':
      return keyValuesHtml(b.rows, b.columns ?? (b.rows.length > 6 ? 2 : 1))
    case 'table':
      return tableHtml(b.columns, b.rows, b.caption, b.dense, b.highlight)
    case 'chart': {
      const svg = renderChartSvg(b.option, b.width, b.height, `ch${++charts.n}`)
      return `<figure class="chart">${svg}${b.caption ? `<figcaption>${esc(b.caption)}</figcaption>` : ''}</figure>`
    }
  }
}

/** Label / value pairs; with two columns the first half runs down the left, the rest down the right. */
function keyValuesHtml(rows: [string, string][], columns: 1 | 2): string {
  const cell = (r: [string, string] | undefined) => (r ? `<th>${esc(r[0])}</th><td>${esc(r[1])}</td>` : '<th></th><td></td>')
  if (columns === 1) return `<table class="kv">\n${rows.map((r) => `<tr>${cell(r)}</tr>`).join('\n')}\n</table>`
  const half = Math.ceil(rows.length / 2)
  const lines = Array.from({ length: half }, (_, i) => `<tr>${cell(rows[i])}${cell(rows[half + i])}</tr>`)
  return `<table class="kv kv2">\n${lines.join('\n')}\n</table>`
}

function tableHtml(columns: TableColumn[], rows: string[][], caption: string | undefined, dense = false, highlight?: number): string {
  const cls = (c: TableColumn) => [c.numeric && 'num', c.mono && 'mono', c.wrap && 'wrap'].filter(Boolean).join(' ')
  const attr = (c: TableColumn) => (cls(c) ? ` class="${cls(c)}"` : '')
  const head = `<tr>${columns.map((c) => `<th${c.numeric ? ' class="num"' : ''}>${esc(c.label)}</th>`).join('')}</tr>`
  const body = rows
    .map((r, j) => `<tr${j === highlight ? ' class="hot"' : ''}>${r.map((v, i) => `<td${attr(columns[i] ?? {})}>${esc(v)}</td>`).join('')}</tr>`)
    .join('\n')
  return `<table class="data${dense ? ' dense' : ''}">${caption ? `<caption>${esc(caption)}</caption>` : ''}
<thead>${head}</thead>
<tbody>
${body}
</tbody>
</table>`
}

/** A CSS string literal. */
function cssString(s: string): string {
  return `"${s
    .replace(/[\\"]/g, '\\$&')
    .replace(/[\r\n]+/g, ' ')
    .replace(/</g, '\\3c ')}"`
}

/** Footer and page numbers in the page margins (Chromium >= 131 prints CSS margin boxes). */
function marginBoxCss(footer: string): string {
  const box = `font-family: ${REPORT_FONT}; font-size: 7.5pt; color: #6b7280; vertical-align: top; padding-top: 5mm;`
  return `@page {
  @bottom-left { content: ${cssString(footer)}; ${box} }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); ${box} }
}`
}

function baseCss(pageSize: PageSize): string {
  const m = PAGE_MARGINS_MM
  const page = PAGE_MM[pageSize]
  const contentHeight = page.height - m.top - m.bottom
  return `@page { size: ${pageSize}; margin: ${m.top}mm ${m.right}mm ${m.bottom}mm ${m.left}mm; }
:root { --ink: #1f2937; --muted: #6b7280; --rule: #d1d5db; --accent: #2563eb; --band: #f3f4f6; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${REPORT_FONT}; font-size: 9pt; line-height: 1.4; color: var(--ink); background: #fff; }
@media screen {
  body { max-width: ${page.width - m.left - m.right}mm; margin: 12mm auto; padding: 0 10mm; }
}
.screen-footer { display: none; }
@media screen { .screen-footer { display: block; margin-top: 10mm; padding-top: 2mm; border-top: 1px solid var(--rule); color: var(--muted); font-size: 8pt; } }
.cover { border-top: 4px solid var(--accent); padding-top: 4mm; margin-bottom: 4mm; }
.cover .kind { font-size: 8pt; letter-spacing: 0.08em; text-transform: uppercase; color: var(--accent); font-weight: 600; }
h1 { font-size: 19pt; line-height: 1.2; margin: 2mm 0 1mm; }
.subtitle { font-size: 11pt; color: var(--muted); margin: 0 0 4mm; }
table.meta { border-collapse: collapse; font-size: 8.5pt; margin-bottom: 3mm; }
table.meta th { text-align: left; font-weight: 600; color: var(--muted); padding: 0.6mm 4mm 0.6mm 0; vertical-align: top; white-space: nowrap; }
table.meta td { padding: 0.6mm 0; overflow-wrap: anywhere; }
.contents { font-size: 8pt; color: var(--muted); border-top: 1px solid var(--rule); border-bottom: 1px solid var(--rule); padding: 1.5mm 0; }
.contents span { font-weight: 600; margin-right: 2mm; }
.contents a { color: var(--ink); text-decoration: none; }
section.new-page { break-before: page; }
h2 { font-size: 12.5pt; margin: 7mm 0 2.5mm; padding-bottom: 1mm; border-bottom: 1.5px solid var(--ink); break-after: avoid; page-break-after: avoid; }
section.new-page h2 { margin-top: 0; }
p { margin: 1.5mm 0 2.5mm; }
p.muted { color: var(--muted); font-size: 8pt; }
table { border-collapse: collapse; }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
tr, figure, .notes { break-inside: avoid; page-break-inside: avoid; }
table.kv { width: 100%; margin: 1mm 0 3mm; }
table.kv th { text-align: left; font-weight: 600; color: #374151; padding: 1mm 3mm 1mm 0; vertical-align: top; width: 22%; border-bottom: 1px solid #eef0f3; }
table.kv td { padding: 1mm 4mm 1mm 0; vertical-align: top; border-bottom: 1px solid #eef0f3; }
table.kv2 th { width: 17%; }
table.kv2 td { width: 33%; }
table.data { width: 100%; margin: 1mm 0 4mm; font-size: 8pt; }
table.data caption { caption-side: top; text-align: left; font-weight: 600; padding: 1mm 0; }
table.data th { text-align: left; font-weight: 600; background: var(--band); border-top: 1px solid #9ca3af; border-bottom: 1px solid #9ca3af; padding: 1.2mm 1.5mm; vertical-align: bottom; }
table.data td { padding: 0.8mm 1.5mm; border-bottom: 1px solid #eef0f3; vertical-align: top; }
table.data tr.hot td { background: #fee2e2; font-weight: 600; }
table.data tbody tr:nth-child(even) td { background: #fafbfc; }
table.data.dense { font-size: 7pt; }
table.data.dense td { padding: 0.5mm 1.2mm; }
table.data.dense th { padding: 1mm 1.2mm; }
.num { text-align: right !important; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.num { white-space: normal; }
.mono { font-family: 'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, monospace; font-size: 0.92em; word-break: break-all; }
.wrap { word-break: break-word; overflow-wrap: anywhere; }
figure.chart { margin: 2mm 0 5mm; }
figure.chart svg { display: block; width: 100%; height: auto; max-height: ${Math.floor(contentHeight - 28)}mm; }
figcaption { font-size: 8pt; color: var(--muted); margin-top: 1mm; }
.notes { border-left: 3px solid var(--accent); background: #f8fafc; padding: 2mm 3mm; margin: 1mm 0 3mm; }
.notes-heading { font-weight: 600; margin-bottom: 1mm; }
.notes-text { white-space: pre-wrap; overflow-wrap: anywhere; }`
}
