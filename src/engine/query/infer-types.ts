/**
 * Turns a parsed query into tests on stored fields. A condition with a type (`` `acc`:float > 0.5 ``) tests
 * fields of that type only, as in Neptune. A condition without one (the short form, `acc > 0.5`) tests every
 * stored type for which its operator and value make sense; the project must hold the field with at least one
 * of those types, else the query is refused with the reason (an unknown field, with a "did you mean", or a
 * type that has no such operator). These checks are single index look-ups that stop at the first row found.
 *
 * @example
 * resolveQuery(dbProbe(db), parseQuery('acc > 0.5')!, 'run', 'acc > 0.5')
 * // { kind: 'test', path: 'acc', branches: [{ type: 'Float', … }, { type: 'Integer', … }, { type: 'FloatSeries', aggregate: 'last', … }] }
 */
import type { FieldType } from '../fields/types.js'
import { didYouMean } from '../suggest.js'
import { QueryError } from './errors.js'
import { kindName, type FieldProbe } from './field-probe.js'
import type { Condition, Expr, Operator } from './nql-ast.js'
import { branchFor, QUERYABLE, STORED, type Branch, type Problem } from './nql-types.js'
import { readState } from './nql-values.js'

/** A query whose conditions are resolved to tests on stored fields. */
export type Resolved =
  | { kind: 'test'; path: string; operator: Operator; branches: Branch[] | 'any' }
  | { kind: 'not'; operand: Resolved }
  | { kind: 'and' | 'or'; operands: Resolved[] }

function fail(query: string, problem: Problem): never {
  throw new QueryError(problem.code, problem.message, { query, offset: problem.offset }, problem.hint)
}

function unknownField(probe: FieldProbe, condition: Condition, kind: string, query: string): never {
  const guess = didYouMean(condition.attribute.path, probe.allPaths())
  const what = kindName(kind)
  throw new QueryError(
    'QUERY_UNKNOWN_FIELD',
    `no ${what} has a field '${condition.attribute.path}'`,
    { query, offset: condition.attribute.pathOffset },
    guess
      ? `Did you mean '${guess}'?`
      : `Give the type to query a field no ${what} has yet, e.g. \`${condition.attribute.path}\`:float > 0.5.`,
  )
}

function resolveCondition(probe: FieldProbe, condition: Condition, kind: string, query: string): Resolved {
  const { path, type, aggregate } = condition.attribute
  const { operator } = condition
  if (type !== undefined) {
    const branch = branchFor(STORED[type], condition, type === 'experimentState')
    if ('problem' in branch) fail(query, branch.problem)
    return { kind: 'test', path, operator, branches: [branch] }
  }
  if (operator === 'EXISTS' && aggregate === undefined)
    return { kind: 'test', path, operator, branches: 'any' }
  const state =
    path === 'sys/state' && condition.value !== undefined && readState(condition.value.text) !== undefined
  const branches: Branch[] = []
  const problems = new Map<FieldType, Problem>()
  for (const stored of QUERYABLE) {
    const branch = branchFor(stored, condition, state && stored === 'String')
    if ('problem' in branch) problems.set(stored, branch.problem)
    else branches.push(branch)
  }
  if (
    branches.length > 0 &&
    probe.firstType(
      path,
      kind,
      branches.map((b) => b.type),
    )
  )
    return { kind: 'test', path, operator, branches }
  const found = probe.firstType(path, kind)
  if (found === undefined) {
    if (condition.operator === 'EXISTS') return { kind: 'test', path, operator, branches }
    return unknownField(probe, condition, kind, query)
  }
  const problem = problems.get(found)
  if (problem) return fail(query, problem)
  return fail(query, {
    code: 'QUERY_TYPE',
    message: `'${path}' is a ${found}: ${operator} does not apply`,
    hint: `A ${found} field can only be tested with EXISTS.`,
    offset: condition.operatorOffset,
  })
}

/** Resolves every condition of `expr` against the fields of the project's containers of `kind`. */
export function resolveQuery(probe: FieldProbe, expr: Expr, kind: string, query: string): Resolved {
  switch (expr.kind) {
    case 'condition':
      return resolveCondition(probe, expr, kind, query)
    case 'not':
      return { kind: 'not', operand: resolveQuery(probe, expr.operand, kind, query) }
    default:
      return { kind: expr.kind, operands: expr.operands.map((e) => resolveQuery(probe, e, kind, query)) }
  }
}
