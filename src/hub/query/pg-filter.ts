/**
 * Compiles a resolved NQL query (the engine's `Resolved`, the same tree a local read compiles for SQLite)
 * into one PostgreSQL condition over `hub_runs r`. Every path and value is a bound parameter; the SQL
 * text holds only fixed words. As locally, each test is `r.id IN (SELECT run_id FROM hub_fields …)`, so it
 * is two-valued (a run without the field fails it) and NOT negates exactly.
 *
 * What PostgreSQL would answer differently is written out so the answers agree with the local store's:
 *  - NaN: stored NaN is NULL on both sides (the engine stores it so); `= NaN` is IS NULL, other
 *    comparisons with NaN hold for nothing, a NULL value passes only `!=`.
 *  - integers beyond 2^53 compare exactly against floats (SQLite does; PostgreSQL would round the integer
 *    to a double or the double to 15 digits): see `exactly`.
 *  - Integer fields compare as numeric, exactly, like SQLite's INTEGER.
 *  - MATCHES is the engine's JavaScript regular expression, evaluated by `regexpTexts` over the texts
 *    the path holds, not PostgreSQL's `~` (whose POSIX dialect differs: `.` matches a newline, `\b` is a
 *    backspace, no lookbehind or named groups …); the condition becomes a membership test.
 *  - text values holding NUL (which PostgreSQL text cannot hold, so no stored text has) match nothing.
 *
 * @example
 * compileHubFilter(sql, plan.filter!, matched)
 * // sql`r.id IN (SELECT f.run_id FROM hub_fields f WHERE f.path = ${'acc'} AND ((f.type = ${'Float'} AND coalesce(f.num > ${0.5}::float8, false)) OR …))`
 */
import type postgres from 'postgres'
import type { Branch, Operand, Operator, Resolved } from '../../index.js'
import { aggregateSql, balanced, comparison, holds, type Fragment } from './pg-sql.js'

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/** The texts a MATCHES branch accepts, by branch (filled by regexpTexts). */
export type Matched = Map<Branch, string[]>

/** A value as the local compiler binds it: integers beyond 64 bits become doubles. */
function bindable(value: number | bigint): number | bigint {
  return typeof value === 'bigint' && (value < INT64_MIN || value > INT64_MAX) ? Number(value) : value
}

/** `x` as exact numeric text (an integral double as all its digits). */
function numericText(x: number | bigint): string {
  if (typeof x === 'bigint') return x.toString()
  if (x === Infinity) return 'Infinity'
  if (x === -Infinity) return '-Infinity'
  return Number.isInteger(x) ? BigInt(x).toString() : String(x)
}

/**
 * double `value` op integer `x`, exactly: with `d` the double nearest x, no double lies strictly between
 * x and d, so value op x is (value <> d AND value op d) OR (value = d AND d op x), the last part known here.
 */
function exactly(sql: postgres.Sql, value: Fragment, operator: Operator, x: bigint): Fragment {
  const d = Number(x)
  const apart = sql`(${value} <> ${d}::float8 AND ${value} ${comparison(sql, operator)} ${d}::float8)`
  return holds(d, operator, x) ? sql`(${apart} OR ${value} = ${d}::float8)` : apart
}

/** A numeric test where NULL means NaN: NaN equals only NaN and is neither above nor below anything. */
function numeric(
  sql: postgres.Sql,
  value: Fragment,
  operator: Operator,
  raw: number | bigint,
  exact = false,
): Fragment {
  if (typeof raw === 'number' && Number.isNaN(raw)) {
    if (operator === '=') return sql`${value} IS NULL`
    if (operator === '!=') return sql`${value} IS NOT NULL`
    return sql`false`
  }
  const x = bindable(raw)
  const test = exact
    ? sql`${value} ${comparison(sql, operator)} ${numericText(x)}::numeric`
    : typeof x === 'bigint'
      ? exactly(sql, value, operator, x)
      : sql`${value} ${comparison(sql, operator)} ${x}::float8`
  return operator === '!=' ? sql`coalesce(${test}, true)` : sql`coalesce(${test}, false)`
}

function textual(
  sql: postgres.Sql,
  branch: Branch,
  operator: Operator,
  operand: Operand,
  matched: Matched,
): Fragment {
  if (operand.kind === 'regexp') return sql`f.text IN (SELECT unnest(${matched.get(branch) ?? []}::text[]))`
  const x = operand.value as string
  if (x.includes('\0')) return operator === '!=' ? sql`f.text IS NOT NULL` : sql`false`
  switch (operator) {
    case 'CONTAINS':
      return sql`strpos(f.text, ${x}::text) > 0`
    case '=':
      return sql`f.text = ${x}::text`
    default:
      return sql`f.text <> ${x}::text`
  }
}

function predicate(sql: postgres.Sql, branch: Branch, operator: Operator, matched: Matched): Fragment {
  const { operand } = branch
  if (!operand) return sql`true`
  switch (branch.type) {
    case 'Float':
    case 'Datetime':
      return numeric(sql, sql`f.num`, operator, operand.value as number | bigint)
    case 'Integer':
      return numeric(sql, sql`f.text::numeric`, operator, operand.value as number | bigint, true)
    case 'FloatSeries':
      return sql`(f.count > 0 AND ${numeric(sql, aggregateSql(sql, branch.aggregate ?? 'last', 'f'), operator, operand.value as number | bigint)})`
    case 'Boolean':
      return sql`f.num ${comparison(sql, operator)} ${operand.value ? 1 : 0}::float8`
    case 'StringSet': {
      const x = operand.value as string
      return x.includes('\0') ? sql`false` : sql`(f.text::jsonb ? ${x}::text)`
    }
    case 'StringSeries':
      return sql`(f.count > 0 AND ${textual(sql, branch, operator, operand, matched)})`
    default:
      return textual(sql, branch, operator, operand, matched)
  }
}

/** The stored types a path has in the project (undefined: not known, every branch is kept). */
export type Present = (path: string) => readonly string[] | undefined

function test(
  sql: postgres.Sql,
  path: string,
  all: Branch[] | 'any',
  operator: Operator,
  matched: Matched,
  present: Present,
): Fragment {
  if (path.includes('\0')) return sql`false`
  if (all === 'any') return sql`r.id IN (SELECT f.run_id FROM hub_fields f WHERE f.path = ${path}::text)`
  // a branch for a type no field at the path has in the project tests no row: left out
  const types = present(path)
  const branches = types === undefined ? all : all.filter((b) => types.includes(b.type))
  if (branches.length === 0) return sql`false`
  // CASE, not AND: PostgreSQL does not promise to test the type before casting another type's text
  const tests = branches.map(
    (b) =>
      sql`(CASE WHEN f.type = ${b.type}::text THEN ${predicate(sql, b, operator, matched)} ELSE false END)`,
  )
  return sql`r.id IN (SELECT f.run_id FROM hub_fields f WHERE f.path = ${path}::text AND ${balanced(sql, tests, 'OR')})`
}

/**
 * The PostgreSQL condition of a resolved query, over `hub_runs r`; `present` tells the types each path
 * has in the project (read in the same snapshot), so branches that cannot match are left out.
 */
export function compileHubFilter(
  sql: postgres.Sql,
  resolved: Resolved,
  matched: Matched,
  present: Present = () => undefined,
): Fragment {
  switch (resolved.kind) {
    case 'test':
      return test(sql, resolved.path, resolved.branches, resolved.operator, matched, present)
    case 'not':
      return sql`(NOT ${compileHubFilter(sql, resolved.operand, matched, present)})`
    default:
      return balanced(
        sql,
        resolved.operands.map((o) => compileHubFilter(sql, o, matched, present)),
        resolved.kind === 'and' ? 'AND' : 'OR',
      )
  }
}
