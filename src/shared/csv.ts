/** The one CSV writer (RFC 4180): exports of history, compare, layer tables and sweeps, in the CLI and the workbench. */

/** A cell: numbers as their shortest exact text, null and undefined as an empty field. */
export type CsvValue = string | number | boolean | null | undefined

/** A field quoted when it holds a comma, a double quote or a line break; quotes inside are doubled. */
function field(v: CsvValue): string {
  if (v === null || v === undefined) return ''
  const text = String(v)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** A header row, then one record per row, lines ended by CRLF (RFC 4180). */
export function toCsv(head: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [head, ...rows].map((r) => r.map(field).join(',') + '\r\n').join('')
}

/** Records with the same keys as CSV: the header is the first record's keys. */
export function recordsCsv(records: readonly Record<string, CsvValue>[]): string {
  if (!records.length) return ''
  const head = Object.keys(records[0])
  return toCsv(
    head,
    records.map((r) => head.map((k) => r[k])),
  )
}
