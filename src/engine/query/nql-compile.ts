/**
 * Compiles a resolved query into one SQL condition over the runs table (alias `r`). Every path and value is
 * a bound parameter of drizzle's `sql` template; no text of the query is ever pasted into the SQL. Each
 * condition becomes `r.id IN (SELECT run_id FROM fields WHERE path = ? AND …)`, which SQLite answers once
 * through the `fields_path` index, so every test is two-valued: a run without the field simply fails it,
 * and NOT negates exactly.
 *
 * @example
 * compileFilter(resolveQuery(db, parseQuery('acc > 0.5')!, 'run', 'acc > 0.5'))
 * // sql`r.id IN (SELECT f.run_id FROM fields f WHERE f.path = ${'acc'} AND ((f.type = ${'Float'} AND coalesce(f.num > ${0.5}, 0)) OR …))`
 */
import { sql, type SQL } from 'drizzle-orm'
import type { Aggregate, Operator } from './nql-ast.js'
import type { Branch, Operand } from './nql-types.js'
import type { Resolved } from './infer-types.js'
import { REGEXP_FUNCTION } from '../driver/sql-functions.js'

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/** A number or bigint as a parameter better-sqlite3 can bind (bigints beyond 64 bits become floats). */
function bindable(value: number | bigint): number | bigint {
  return typeof value === 'bigint' && (value < INT64_MIN || value > INT64_MAX) ? Number(value) : value
}

/** SQL for the value of a float series' `aggregate`; NULL stands for NaN (the series has points). */
export function aggregateSql(aggregate: Aggregate): SQL {
  switch (aggregate) {
    case 'last':
      return sql`f.last`
    case 'min':
      return sql`f.min`
    case 'max':
      return sql`f.max`
    case 'average':
      return sql`(CASE WHEN f.finite_count > 0 THEN f.sum / f.finite_count END)`
    case 'variance':
      return sql`(CASE WHEN f.finite_count > 0 THEN max(0.0, f.sum_sq / f.finite_count - (f.sum / f.finite_count) * (f.sum / f.finite_count)) END)`
  }
}

const COMPARISON: Record<string, SQL> = {
  '=': sql.raw('='),
  '!=': sql.raw('<>'),
  '>': sql.raw('>'),
  '>=': sql.raw('>='),
  '<': sql.raw('<'),
  '<=': sql.raw('<='),
}

/** A numeric test where `value` NULL means NaN: NaN equals only NaN and is neither above nor below anything. */
function numeric(value: SQL, operator: Operator, x: number | bigint): SQL {
  if (typeof x === 'number' && Number.isNaN(x)) {
    if (operator === '=') return sql`${value} IS NULL`
    if (operator === '!=') return sql`${value} IS NOT NULL`
    return sql`0`
  }
  return sql`coalesce(${value} ${COMPARISON[operator]!} ${bindable(x)}, ${operator === '!=' ? 1 : 0})`
}

function textual(value: SQL, operator: Operator, operand: Operand): SQL {
  const x = operand.value as string
  switch (operator) {
    case 'CONTAINS':
      return sql`instr(${value}, ${x}) > 0`
    case 'MATCHES':
      return sql`${sql.raw(REGEXP_FUNCTION)}(${x}, ${value})`
    default:
      return sql`${value} ${COMPARISON[operator]!} ${x}`
  }
}

function predicate(branch: Branch, operator: Operator): SQL {
  const { operand } = branch
  if (!operand) return sql`1`
  switch (branch.type) {
    case 'Float':
    case 'Datetime':
      return numeric(sql`f.num`, operator, operand.value as number | bigint)
    case 'Integer':
      return numeric(sql`CAST(f.text AS INTEGER)`, operator, operand.value as number | bigint)
    case 'FloatSeries':
      return sql`f.count > 0 AND ${numeric(aggregateSql(branch.aggregate ?? 'last'), operator, operand.value as number | bigint)}`
    case 'Boolean':
      return sql`f.num ${COMPARISON[operator]!} ${operand.value ? 1 : 0}`
    case 'StringSet':
      return sql`EXISTS (SELECT 1 FROM json_each(f.text) WHERE json_each.value = ${operand.value as string})`
    case 'StringSeries':
      return sql`f.count > 0 AND ${textual(sql`f.text`, operator, operand)}`
    default:
      return textual(sql`f.text`, operator, operand)
  }
}

/** Joins `parts` with `joiner` as a balanced tree, so long AND/OR chains stay shallow for SQLite's parser. */
function balanced(parts: SQL[], joiner: 'AND' | 'OR'): SQL {
  if (parts.length === 1) return parts[0]!
  const middle = parts.length >> 1
  return sql`(${balanced(parts.slice(0, middle), joiner)} ${sql.raw(joiner)} ${balanced(parts.slice(middle), joiner)})`
}

function test(path: string, branches: Branch[] | 'any', operator: Operator): SQL {
  if (branches === 'any') return sql`r.id IN (SELECT f.run_id FROM fields f WHERE f.path = ${path})`
  if (branches.length === 0) return sql`0`
  const tests = branches.map((b) => sql`(f.type = ${b.type} AND ${predicate(b, operator)})`)
  return sql`r.id IN (SELECT f.run_id FROM fields f WHERE f.path = ${path} AND ${balanced(tests, 'OR')})`
}

/** The SQL condition of a resolved query, over `runs r`. */
export function compileFilter(resolved: Resolved): SQL {
  switch (resolved.kind) {
    case 'test':
      return test(resolved.path, resolved.branches, resolved.operator)
    case 'not':
      return sql`(NOT ${compileFilter(resolved.operand)})`
    default:
      return balanced(resolved.operands.map(compileFilter), resolved.kind === 'and' ? 'AND' : 'OR')
  }
}
