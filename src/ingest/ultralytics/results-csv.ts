/**
 * Parses Ultralytics' results.csv: a header of names (padded with spaces in old releases), then one row
 * per epoch of `%.6g` numbers. Only complete lines (ending in a newline) are rows, so a file still being
 * written is read up to its last newline; a row with the wrong column count or a non-number is reported
 * with its line and left out.
 *
 * @example
 * parseResults('epoch,time,train/box_loss\n1,10.5,1.2\n', 'results.csv', report)   // { header, rows: [{ line: 2, values }] }
 */
import { skip, type ImportReport } from '../report.js'

/** Parsed rows: the header's names and each row's numbers. */
export interface ResultsTable {
  header: string[]
  rows: { line: number; values: number[] }[]
  /** Bytes of complete lines read (a watcher goes on from here). */
  consumed: number
}

/** Parses the complete lines of `text`; `fromLine` > 1 when `text` starts after the header (watching). */
export function parseResults(
  text: string,
  file: string,
  report: ImportReport,
  header?: string[],
  fromLine = 1,
): ResultsTable {
  const end = text.lastIndexOf('\n') + 1
  const lines = text.slice(0, end).split('\n').slice(0, -1)
  const table: ResultsTable = {
    header: header ?? [],
    rows: [],
    consumed: Buffer.byteLength(text.slice(0, end)),
  }
  lines.forEach((raw, i) => {
    const line = fromLine + i
    const cells = raw
      .replace(/\r$/, '')
      .split(',')
      .map((c) => c.trim())
    if (table.header.length === 0) {
      table.header = cells
      return
    }
    if (raw.trim() === '') return
    const values = cells.map(Number)
    if (
      cells.length !== table.header.length ||
      cells.some((c, j) => c === '' || (Number.isNaN(values[j]!) && !/^nan$/i.test(c)))
    ) {
      skip(report, {
        file,
        row: line,
        reason: `expected ${table.header.length} numbers, got ${JSON.stringify(raw)}`,
      })
      return
    }
    table.rows.push({ line, values: cells.map((c, j) => (/^nan$/i.test(c) ? Number.NaN : values[j]!)) })
  })
  return table
}
