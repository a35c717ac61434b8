/** Markdown text formatted as the checked-in docs are (prettier with the repository's settings). */
import { format, resolveConfig } from 'prettier'

/** A markdown table: header row, alignment row (`numeric` columns right-aligned), body rows. */
export function markdownTable(head: string[], rows: (string | number)[][], numeric: boolean[] = []): string {
  const line = (cells: (string | number)[]) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`
  return [line(head), line(head.map((_, i) => (numeric[i] ? '--:' : '---'))), ...rows.map(line)].join('\n')
}

/** Formats markdown as `npm run format` would for `file`. */
export async function formatMarkdown(text: string, file: string): Promise<string> {
  return format(text, { ...(await resolveConfig(file)), parser: 'markdown' })
}
