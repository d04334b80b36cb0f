/**
 * The cells of a hub runs table: the page's field rows read in one statement, each turned into the cell
 * a local read builds in SQLite (src/engine/query/cells.ts: bare numbers, tagged arrays for exact bits,
 * integers, dates, sets, string series and series summaries) and decoded by the engine's own
 * `decodeCell`, so every value (NaN, -0, bigints, dates, histograms, file references) reads exactly as
 * locally.
 *
 * @example
 * const rows = await pageFields(sql, [12, 13], ['params/lr', 'metrics/acc'])
 * cellOf(rows[0], false)   // 0.01, or [1, 'hex bits', num] when the bits matter
 */
import type postgres from 'postgres'

/** A hub field row with what a cell needs. */
export interface CellRow {
  run_id: number
  path: string
  type: string
  num: number | null
  text: string | null
  bits: Buffer | null
  count: number
  last: number | null
  last_bits: Buffer | null
  min: number | null
  max: number | null
  finite_count: number
  sum: number
  sum_sq: number
}

/** The field rows at `paths` of runs `runIds` (hub ids). */
export async function pageFields(sql: postgres.Sql, runIds: number[], paths: string[]): Promise<CellRow[]> {
  if (runIds.length === 0 || paths.length === 0) return []
  return sql<CellRow[]>`
    SELECT run_id, path, type, num, text, bits, count, last, last_bits, min, max, finite_count, sum, sum_sq
      FROM hub_fields WHERE run_id = ANY(${runIds}::int[]) AND path = ANY(${paths}::text[])`
}

/** SQLite's hex() of a blob ('' for NULL). */
function hex(bytes: Buffer | null): string {
  return bytes === null ? '' : bytes.toString('hex').toUpperCase()
}

/**
 * The cell a local read builds for `row` (cellSql); `summary`: the table shows a summary of this float
 * series, so its cell carries count, last, min, max, finite count, sum and sum of squares.
 */
export function cellOf(row: CellRow, summary: boolean): unknown {
  switch (row.type) {
    case 'Float':
      return row.bits === null ? row.num : [1, hex(row.bits), row.num]
    case 'FloatSeries': {
      if (row.count === 0) return null
      const bitsMatter = row.last === null || row.last === 0
      if (summary)
        return [
          7,
          row.count,
          bitsMatter ? hex(row.last_bits) : row.last,
          row.min,
          row.max,
          row.finite_count,
          row.sum,
          row.sum_sq,
        ]
      return bitsMatter ? [2, hex(row.last_bits), row.last] : row.last
    }
    case 'String':
      return row.text
    case 'Boolean':
      return row.num !== null && row.num !== 0
    case 'Integer':
      return [4, row.text]
    case 'Datetime':
      return [5, row.num]
    case 'StringSet':
      return [3, JSON.parse(row.text ?? '[]') as unknown]
    case 'StringSeries':
      return [6, row.text, row.count]
    default:
      return [0, row.type, row.num, row.text]
  }
}

/** The type a local read reports for a cell (none for a NULL cell but an empty float series'). */
export function cellType(row: CellRow, cell: unknown): string | undefined {
  return cell === null && row.type !== 'FloatSeries' ? undefined : row.type
}
