/**
 * The ORDER BY of a hub runs table, ordered as SQLite orders the local store's sort key: runs without a
 * value (or with NaN) last in either direction; numbers before text ascending (after it descending), as
 * SQLite orders its storage classes when a path holds both; numbers numerically, an Integer exactly
 * against a Float (`offset`: how far the integer is from its nearest double, 0 within 2^53); text by
 * its UTF-8 bytes (COLLATE "C"); ties in creation order (hub row id), reversed when descending. The sort
 * field is one LEFT JOIN on the (run_id, path) index; sys/id sorts by run number.
 *
 * @example
 * sql`SELECT r.id FROM hub_runs r ${sortJoin(sql, column)} WHERE … ${sortOrder(sql, column, false)}`
 */
import type postgres from 'postgres'
import { ID_COLUMN, type ColumnSpec } from '../../index.js'
import { aggregateSql, type Fragment } from './pg-sql.js'

/** The largest double below 2^63, which int8 still holds. */
const BELOW_2_63 = 9223372036854774784

/** The LEFT JOIN that brings the sort field `s` of each run (nothing for sys/id). */
export function sortJoin(sql: postgres.Sql, column: ColumnSpec): Fragment {
  if (column.path === ID_COLUMN && column.aggregate === undefined) return sql``
  return sql`LEFT JOIN hub_fields s ON s.run_id = r.id AND s.path = ${column.path}::text`
}

/** The numeric and text parts of the sort key of `s`; at most one is not NULL. */
function key(sql: postgres.Sql, column: ColumnSpec): { num: Fragment; text: Fragment; offset: Fragment } {
  const noText = sql`NULL::text`
  const zero = sql`0::numeric`
  switch (column.aggregate) {
    case undefined: {
      const nearest = sql`(CASE WHEN s.text::float8 > ${BELOW_2_63}::float8 THEN 9223372036854775808::numeric ELSE (s.text::float8)::int8::numeric END)`
      return {
        num: sql`(CASE s.type WHEN 'Integer' THEN s.text::float8
          WHEN 'FloatSeries' THEN CASE WHEN s.count > 0 THEN s.last END
          WHEN 'String' THEN NULL WHEN 'StringSeries' THEN NULL WHEN 'StringSet' THEN NULL
          ELSE s.num END)`,
        text: sql`(CASE WHEN s.type IN ('String', 'StringSeries', 'StringSet') THEN s.text END)`,
        // CASE, not AND: PostgreSQL does not promise to test the type before casting the text
        offset: sql`(CASE WHEN s.type = 'Integer' THEN CASE WHEN abs(s.text::numeric) > 9007199254740992 THEN s.text::numeric - ${nearest} ELSE 0 END ELSE 0 END)`,
      }
    }
    case 'count':
      return {
        num: sql`(CASE WHEN s.type IN ('FloatSeries', 'StringSeries') THEN s.count::float8 END)`,
        text: noText,
        offset: zero,
      }
    case 'last':
      return {
        num: sql`(CASE WHEN s.count = 0 THEN NULL WHEN s.type = 'FloatSeries' THEN s.last END)`,
        text: sql`(CASE WHEN s.count = 0 THEN NULL WHEN s.type = 'StringSeries' THEN s.text END)`,
        offset: zero,
      }
    default:
      return {
        num: sql`(CASE WHEN s.type = 'FloatSeries' AND s.count > 0 THEN ${aggregateSql(sql, column.aggregate, 's')} END)`,
        text: noText,
        offset: zero,
      }
  }
}

const TEXT_TYPES = ['String', 'StringSeries', 'StringSet']

/**
 * ORDER BY for `column`, ascending or descending, ties by hub run id. `types`: the stored types the sort
 * path has in the project, when known; the parts of the key no such type can fill are left out (a path
 * of Floats sorts by its number alone).
 */
export function sortOrder(
  sql: postgres.Sql,
  column: ColumnSpec,
  ascending: boolean,
  types?: readonly string[],
): Fragment {
  const dir = ascending ? sql`ASC` : sql`DESC`
  if (column.path === ID_COLUMN && column.aggregate === undefined)
    return sql`ORDER BY r.number ${dir}, r.id ${dir}`
  const { num, text, offset } = key(sql, column)
  const some = (wanted: readonly string[]): boolean =>
    types === undefined || types.some((t) => wanted.includes(t))
  const someNumber = types === undefined || types.some((t) => !TEXT_TYPES.includes(t))
  const [hasNumber, hasText] =
    column.aggregate === undefined
      ? [someNumber, some(TEXT_TYPES)]
      : column.aggregate === 'last'
        ? [some(['FloatSeries']), some(['StringSeries'])]
        : [true, false]
  const hasInteger = column.aggregate === undefined && some(['Integer'])
  if (hasNumber && !hasText)
    return hasInteger
      ? sql`ORDER BY (${num} IS NULL) ASC, ${num} ${dir}, ${offset} ${dir}, r.id ${dir}`
      : sql`ORDER BY (${num} IS NULL) ASC, ${num} ${dir}, r.id ${dir}`
  if (hasText && !hasNumber)
    return sql`ORDER BY (${text} IS NULL) ASC, ${text} COLLATE "C" ${dir}, r.id ${dir}`
  return sql`ORDER BY (${num} IS NULL AND ${text} IS NULL) ASC, (${text} IS NOT NULL) ${dir},
    ${num} ${dir}, ${offset} ${dir}, ${text} COLLATE "C" ${dir}, r.id ${dir}`
}
