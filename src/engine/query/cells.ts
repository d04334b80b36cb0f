/**
 * How a run's fields travel from SQL to typed values: one JSON object per run (`json_group_object(path,
 * value)`, built by SQLite from the rows of the `fields_run_path` index) instead of one sub-query per cell.
 * Floats travel as bare JSON numbers (SQLite writes them with 17 significant digits, so they read back
 * bit-exact); values JSON cannot hold (NaN, -0, bigints, dates) travel as small tagged arrays.
 *
 *   number                      Float, or a FloatSeries' last value
 *   "text"                      String
 *   true / false                Boolean
 *   [1, hexBits, num]           Float whose exact bits matter (NaN, -0)
 *   [2, hexBits, last]          FloatSeries whose last value is NaN or ±0
 *   [3, [strings]]              StringSet
 *   [4, "decimal"]              Integer
 *   [5, ms]                     Datetime
 *   [6, last, count]            StringSeries
 *   [7, count, last, min, max, finiteCount, sum, sumSq]   FloatSeries when a summary column asks for it
 *   [0, type, num, text]        any other type (file fields: their stored reference, a JSON object;
 *                               a HistogramSeries: its last histogram)
 *
 * A bare number may be a Float or a FloatSeries' last value: the key of a FloatSeries cell is its path
 * followed by SERIES_MARK (a control character, which no path holds), so `readCell` tells the two apart
 * without tagging every number.
 *
 * @example
 * decodeCell([4, '9007199254740993'])           // 9007199254740993n
 * decodeCell([7, 3, 0.9, 0.1, 0.9, 3, 1.5, 0.99], 'max')   // 0.9
 */
import { isFileType } from '../fields/types.js'
import { decodeHistogram } from '../fields/histogram.js'
import { sql, type SQL } from 'drizzle-orm'
import type { ColumnAggregate } from './columns.js'

/** Appended to a FloatSeries cell's key in the run's JSON object (paths never hold control characters). */
export const SERIES_MARK = '\u0001'

/** SQL for the JSON key of field row `f`: its path, marked for a float series (see SERIES_MARK). */
export function cellKeySql(): SQL {
  return sql`CASE f.type WHEN 'FloatSeries' THEN f.path || char(1) ELSE f.path END`
}

/** SQL for the JSON value of field row `f`; float series in `summaryPaths` (a JSON array) carry their summary. */
export function cellSql(summaryPaths: string | undefined): SQL {
  const lastValue = sql`CASE WHEN f.last IS NULL OR f.last = 0 THEN hex(f.last_bits) ELSE f.last END`
  const summary =
    summaryPaths === undefined
      ? sql``
      : sql`WHEN +f.path IN (SELECT value FROM json_each(${summaryPaths})) THEN json_array(7, f.count, ${lastValue}, f.min, f.max, f.finite_count, f.sum, f.sum_sq) `
  return sql`CASE f.type
    WHEN 'Float' THEN CASE WHEN f.bits IS NULL THEN f.num ELSE json_array(1, hex(f.bits), f.num) END
    WHEN 'FloatSeries' THEN CASE WHEN f.count = 0 THEN NULL ${summary}WHEN f.last IS NULL OR f.last = 0 THEN json_array(2, hex(f.last_bits), f.last) ELSE f.last END
    WHEN 'String' THEN f.text
    WHEN 'Boolean' THEN json(CASE WHEN f.num THEN 'true' ELSE 'false' END)
    WHEN 'Integer' THEN json_array(4, f.text)
    WHEN 'Datetime' THEN json_array(5, f.num)
    WHEN 'StringSet' THEN json_array(3, json(coalesce(f.text, '[]')))
    WHEN 'StringSeries' THEN json_array(6, f.text, f.count)
    ELSE json_array(0, f.type, f.num, f.text) END`
}

/** The float64 written as 16 hex digits (little-endian bytes), else `fallback` (NULL meaning NaN). */
function fromHex(hex: unknown, fallback: unknown): number {
  if (typeof hex === 'string' && hex.length === 16) return Buffer.from(hex, 'hex').readDoubleLE(0)
  return typeof fallback === 'number' ? fallback : Number.NaN
}

/** A summary number that is NULL when the series has only NaN points. */
function orNaN(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN
}

function summarise(cell: unknown[], aggregate: ColumnAggregate | undefined): unknown {
  const [, count, last, min, max, finiteCount, sum, sumSq] = cell as [
    number,
    number,
    unknown,
    unknown,
    unknown,
    number,
    number,
    number,
  ]
  const average = finiteCount > 0 ? sum / finiteCount : Number.NaN
  switch (aggregate) {
    case undefined:
    case 'last':
      return typeof last === 'string' ? fromHex(last, null) : orNaN(last)
    case 'min':
      return orNaN(min)
    case 'max':
      return orNaN(max)
    case 'average':
      return average
    case 'variance':
      return finiteCount > 0 ? Math.max(0, sumSq / finiteCount - average * average) : Number.NaN
    case 'count':
      return count
  }
}

/** A field of another type: file fields show their stored reference (JSON), others their text or number. */
function other(type: string, num: number | null, text: string | null): unknown {
  if (type === 'HistogramSeries') return text === null ? null : decodeHistogram(text)
  if (text !== null && isFileType(type)) {
    try {
      return JSON.parse(text) as unknown
    } catch {
      return text
    }
  }
  return text ?? num
}

/** The typed value of a cell, for a column showing `aggregate` of it (undefined: the field itself). */
export function decodeCell(cell: unknown, aggregate?: ColumnAggregate): unknown {
  if (cell === undefined || cell === null) return null
  if (!Array.isArray(cell)) return aggregate === undefined ? cell : null
  const tag = cell[0] as number
  if (tag === 7) return summarise(cell, aggregate)
  if (tag === 6) {
    if (aggregate === 'count') return cell[2]
    return (aggregate === undefined || aggregate === 'last') && cell[2] !== 0 ? (cell[1] ?? '') : null
  }
  if (aggregate !== undefined) return tag === 2 && aggregate === 'last' ? fromHex(cell[1], cell[2]) : null
  switch (tag) {
    case 1:
    case 2:
      return fromHex(cell[1], cell[2])
    case 3:
      return cell[1]
    case 4:
      return BigInt(cell[1] as string)
    case 5:
      return new Date(cell[1] as number)
    default:
      return other(cell[1] as string, cell[2] as number | null, cell[3] as string | null)
  }
}

const TAGGED: Record<number, string> = {
  1: 'Float',
  2: 'FloatSeries',
  3: 'StringSet',
  4: 'Integer',
  5: 'Datetime',
  6: 'StringSeries',
  7: 'FloatSeries',
}

/** The stored type a cell of an unmarked key shows (a bare number there is a Float). */
function cellType(cell: unknown): string | undefined {
  if (typeof cell === 'string') return 'String'
  if (typeof cell === 'boolean') return 'Boolean'
  if (typeof cell === 'number') return 'Float'
  if (!Array.isArray(cell)) return undefined
  return cell[0] === 0 ? (cell[1] as string) : TAGGED[cell[0] as number]
}

/** A run's cell at `path` in its JSON object, with the stored type it has (undefined when the run has none). */
export function readCell(object: Record<string, unknown>, path: string): { cell: unknown; type?: string } {
  if (Object.hasOwn(object, path)) return { cell: object[path], type: cellType(object[path]) }
  const marked = path + SERIES_MARK
  if (Object.hasOwn(object, marked)) return { cell: object[marked], type: 'FloatSeries' }
  return { cell: undefined }
}

/** The path a key of a run's JSON object names (the key without SERIES_MARK). */
export function keyPath(key: string): string {
  return key.endsWith(SERIES_MARK) ? key.slice(0, -SERIES_MARK.length) : key
}
