/**
 * CSV cells for the CLI's own CSV output (series points, stats), written the same way as
 * RunsTable.toCSV(): RFC 4180 quoting, NaN/Infinity/-0 kept, dates ISO 8601, arrays as JSON.
 *
 * @example
 * csvLine([0, 0.5, new Date(0)])   // '0,0.5,1970-01-01T00:00:00.000Z'
 */

/** The text of one value, before quoting. */
export function csvText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value)
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value) || typeof value === 'object') return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
  return String(value)
}

/** Quotes a cell when it holds a comma, a quote, a line break or surrounding spaces. */
export function csvCell(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** One CSV line of `values`. */
export function csvLine(values: readonly unknown[]): string {
  return values.map((v) => csvCell(csvText(v))).join(',')
}
