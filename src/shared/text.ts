/** Longest value quoted in an error message, characters. */
export const QUOTE_MAX = 120

/** A value's first line cut to `max` characters for an error message (a 50 MB name stays one short line). */
export function cut(text: string, max = QUOTE_MAX): string {
  const line = text.split('\n', 1)[0]
  return line.length > max || line.length < text.length ? `${line.slice(0, max)}... (${text.length.toLocaleString('en-US')} characters)` : line
}
