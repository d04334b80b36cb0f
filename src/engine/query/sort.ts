/**
 * The ORDER BY of a runs table: the value a column shows, computed in SQL with one index look-up per run.
 * Numbers sort numerically (integers exactly), text by its UTF-8 bytes; runs without a value (or with NaN)
 * come last in either direction, and ties keep creation order (reversed when descending).
 *
 * @example
 * orderBy(sortKeySql({ name: 'metrics/acc:max', path: 'metrics/acc', aggregate: 'max' }), sql`r.id`, false)
 * // sql`ORDER BY (SELECT … f.max …) DESC NULLS LAST, r.id DESC`
 */
import { sql, type SQL } from 'drizzle-orm'
import { ID_COLUMN, type ColumnSpec } from './columns.js'
import { aggregateSql } from './nql-compile.js'

function keySql(column: ColumnSpec): SQL {
  if (column.path === ID_COLUMN && column.aggregate === undefined) return sql`r.number`
  const lookup = (value: SQL) =>
    sql`(SELECT ${value} FROM fields f WHERE f.run_id = r.id AND f.path = ${column.path})`
  switch (column.aggregate) {
    case undefined:
      return lookup(sql`CASE f.type
        WHEN 'Integer' THEN CAST(f.text AS INTEGER)
        WHEN 'FloatSeries' THEN CASE WHEN f.count > 0 THEN f.last END
        WHEN 'String' THEN f.text WHEN 'StringSeries' THEN f.text WHEN 'StringSet' THEN f.text
        ELSE f.num END`)
    case 'count':
      return lookup(sql`CASE WHEN f.type IN ('FloatSeries', 'StringSeries') THEN f.count END`)
    case 'last':
      return lookup(
        sql`CASE WHEN f.count = 0 THEN NULL WHEN f.type = 'FloatSeries' THEN f.last WHEN f.type = 'StringSeries' THEN f.text END`,
      )
    default:
      return lookup(
        sql`CASE WHEN f.type = 'FloatSeries' AND f.count > 0 THEN ${aggregateSql(column.aggregate)} END`,
      )
  }
}

/** The value runs are sorted by: SQL over `runs r`. */
export function sortKeySql(column: ColumnSpec): SQL {
  return keySql(column)
}

/** The ORDER BY clause over a sort key `key` and a run row id `id` (SQL expressions). */
export function orderBy(key: SQL, id: SQL, ascending: boolean): SQL {
  const direction = sql.raw(ascending ? 'ASC' : 'DESC')
  return sql`ORDER BY ${key} ${direction} NULLS LAST, ${id} ${direction}`
}
