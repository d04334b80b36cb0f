/**
 * CSV of a table (RFC 4180 quoting, '\n' line ends): numbers as JavaScript writes them (NaN, Infinity, -0
 * kept), bigints exactly, dates as ISO 8601, booleans as true/false, string sets as JSON arrays, and an
 * empty cell for a missing value; objects (file references) as JSON.
 *
 * @example
 * toCsv(['sys/id', 'sys/tags'], [['DEMO-1', ['a', 'b']]])
 * // 'sys/id,sys/tags\nDEMO-1,"[""a"",""b""]"\n'
 */

/** The text of one value in a CSV cell, before quoting. */
export function csvText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value)
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value) || typeof value === 'object')
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
  return String(value)
}

/** Quotes a cell when it holds a comma, a quote, a line break or surrounding spaces. */
export function csvCell(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** One CSV line of `values`. */
export function csvLine(values: readonly unknown[]): string {
  return values.map((value) => csvCell(csvText(value))).join(',')
}

/** A header line and one line per row. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const lines = [header.map(csvCell).join(',')]
  for (const row of rows) lines.push(csvLine(row))
  return `${lines.join('\n')}\n`
}
