/**
 * Small pieces of PostgreSQL shared by the hub's query compiler: a fragment type, comparison operators as
 * fixed SQL (never text of the query), balanced AND / OR, and the summary values of a float series with
 * SQLite's arithmetic habits: a NaN result reads as NULL (SQLite never holds NaN), a square that would
 * overflow is +Infinity (PostgreSQL would raise "value out of range"), and the variance is clamped at 0
 * unless it is NULL (SQLite's max(0.0, NULL) is NULL, PostgreSQL's greatest() would give 0).
 *
 * @example
 * sql`${aggregateSql(sql, 'variance', 'f')} > ${0.01}::float8`
 */
import type postgres from 'postgres'
import type { Aggregate, Operator } from '../../index.js'

/** A piece of SQL with its bound parameters, as the `postgres` client builds it. */
export type Fragment = postgres.PendingQuery<postgres.Row[]>

/** A comparison operator as SQL. */
export function comparison(sql: postgres.Sql, operator: Operator): Fragment {
  switch (operator) {
    case '=':
      return sql`=`
    case '!=':
      return sql`<>`
    case '>':
      return sql`>`
    case '>=':
      return sql`>=`
    case '<':
      return sql`<`
    case '<=':
      return sql`<=`
    default:
      throw new Error(`${operator} is not a comparison`)
  }
}

/** Whether a op b for JavaScript numbers and bigints (compared exactly). */
export function holds(a: number | bigint, operator: Operator, b: number | bigint): boolean {
  switch (operator) {
    case '=':
      return a == b // a number and a bigint compare exactly with ==
    case '!=':
      return a != b
    case '>':
      return a > b
    case '>=':
      return a >= b
    case '<':
      return a < b
    case '<=':
      return a <= b
    default:
      throw new Error(`${operator} is not a comparison`)
  }
}

/** `parts` joined by AND or OR as a balanced tree (long chains stay shallow). */
export function balanced(sql: postgres.Sql, parts: Fragment[], joiner: 'AND' | 'OR'): Fragment {
  if (parts.length === 1) return parts[0]!
  const middle = parts.length >> 1
  const left = balanced(sql, parts.slice(0, middle), joiner)
  const right = balanced(sql, parts.slice(middle), joiner)
  return joiner === 'AND' ? sql`(${left} AND ${right})` : sql`(${left} OR ${right})`
}

/** The largest double whose square is finite (above it, x * x overflows to Infinity). */
export const SQUARE_LIMIT = ((): number => {
  const view = new DataView(new ArrayBuffer(8))
  const step = (x: number, by: bigint): number => {
    view.setFloat64(0, x)
    view.setBigUint64(0, view.getBigUint64(0) + by)
    return view.getFloat64(0)
  }
  let x = Math.sqrt(Number.MAX_VALUE)
  while (Number.isFinite(step(x, 1n) * step(x, 1n))) x = step(x, 1n)
  while (!Number.isFinite(x * x)) x = step(x, -1n)
  return x
})()

/**
 * The value of a float series' `aggregate` over field row alias `f` (a fixed SQL identifier); NULL for
 * NaN. The caller checks that the series has points.
 */
export function aggregateSql(sql: postgres.Sql, aggregate: Aggregate, f: 'f' | 's'): Fragment {
  const col = (name: string): Fragment => sql`${sql(`${f}.${name}`)}`
  switch (aggregate) {
    case 'last':
      return col('last')
    case 'min':
      return col('min')
    case 'max':
      return col('max')
    case 'average':
      return sql`(CASE WHEN ${col('finite_count')} > 0 THEN nullif(${col('sum')} / ${col('finite_count')}, 'NaN') END)`
    case 'variance': {
      const mean = sql`(${col('sum')} / ${col('finite_count')})`
      const square = sql`(CASE WHEN abs(${mean}) > ${SQUARE_LIMIT}::float8 THEN 'Infinity'::float8 ELSE ${mean} * ${mean} END)`
      const raw = sql`nullif(${col('sum_sq')} / ${col('finite_count')} - ${square}, 'NaN')`
      return sql`(CASE WHEN ${col('finite_count')} > 0 THEN (CASE WHEN ${raw} < 0 THEN 0::float8 ELSE ${raw} END) END)`
    }
  }
}
