/**
 * CSV parts of one run with the export's columns and a header line: the same rows as the Parquet parts,
 * as text. Cells: steps as decimals ('12.000000'), times as ISO 8601 UTC, bigints exactly, floats as
 * JavaScript writes them (shortest text that reads back to the same double; NaN, Infinity, -Infinity,
 * -0), string sets as JSON arrays, file references as JSON objects, an empty cell for null and `""` for
 * an empty string.
 *
 * @example
 * const sink = csvSink('/out/data/ws_demo-…', 'DEMO_1-…', { partBytes: 50 * 2 ** 20 })
 * sink.write(batch); sink.close()   // ['…/DEMO_1-…_part_0.csv']
 */
import { closeSync, openSync, writeSync } from 'node:fs'
import { csvCell, csvText } from '../format/csv.js'
import { COLUMN_NAMES, type ColumnName } from './exporter-schema.js'
import { PartFiles } from './part-files.js'
import type { RowBatch } from './row-batch.js'
import type { RowSink, SinkOptions } from './row-sink.js'
import { stepText } from './step-decimal.js'

const FLUSH_CHARS = 1 << 20
const HEADER = `${COLUMN_NAMES.join(',')}\n`

function text(value: string): string {
  return value === '' ? '""' : csvCell(value)
}

/** The CSV cell of one value of column `name`. */
export function csvValue(name: ColumnName, value: unknown): string {
  if (value === null || value === undefined) return ''
  switch (name) {
    case 'step':
      return stepText(value as bigint)
    case 'timestamp':
    case 'datetime_value':
      return new Date(value as number).toISOString()
    case 'float_value':
    case 'int_value':
    case 'bool_value':
      return csvText(value)
    case 'string_set_value':
    case 'file_value':
    case 'histogram_value':
      return csvCell(JSON.stringify(value))
    default:
      return text(value as string)
  }
}

class CsvSink implements RowSink {
  private readonly parts: PartFiles
  private fd: number | undefined
  private partBytes = 0
  private total = 0

  constructor(
    dir: string,
    stem: string,
    private readonly options: SinkOptions,
  ) {
    this.parts = new PartFiles(dir, stem, 'csv')
  }

  get bytes(): number {
    return this.total
  }

  private append(chunk: string): void {
    if (this.fd === undefined) {
      this.fd = openSync(this.parts.next(), 'w')
      this.partBytes = 0
      chunk = HEADER + chunk
    }
    const written = writeSync(this.fd, chunk)
    this.partBytes += written
    this.total += written
    if (this.partBytes >= this.options.partBytes) this.endPart()
  }

  write(batch: RowBatch): void {
    const columns = batch.columns()
    const flushAt = Math.min(FLUSH_CHARS, this.options.partBytes)
    let chunk = ''
    for (let row = 0; row < batch.length; row++) {
      let line = ''
      for (let c = 0; c < columns.length; c++) {
        const column = columns[c]!
        line += (c === 0 ? '' : ',') + csvValue(column.name, column.data[row])
      }
      chunk += `${line}\n`
      if (chunk.length >= flushAt) {
        this.append(chunk)
        chunk = ''
      }
    }
    if (chunk !== '') this.append(chunk)
  }

  private endPart(): void {
    if (this.fd === undefined) return
    closeSync(this.fd)
    this.fd = undefined
  }

  close(): string[] {
    this.endPart()
    return this.parts.finish()
  }
}

/** The CSV sink of one run. */
export function csvSink(dir: string, stem: string, options: SinkOptions): RowSink {
  return new CsvSink(dir, stem, options)
}
