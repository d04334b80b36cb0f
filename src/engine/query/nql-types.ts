/**
 * What a condition means for a field of one stored type: which operators that type has, and what the value
 * reads as. A condition gives one `Branch` per stored type it can test; a run matches when its field has
 * one of those types and the branch's test holds.
 *
 * @example
 * branchFor('FloatSeries', condition)   // { type: 'FloatSeries', aggregate: 'last', operand: { kind: 'number', value: 0.9 } }
 * branchFor('StringSet', condition)     // { problem: { code: 'QUERY_TYPE', message: "… > does not apply …" } }
 */
import type { FieldType } from '../fields/types.js'
import type { Aggregate, Condition, NqlType, Operator } from './nql-ast.js'
import { readBoolean, readDatetime, readNumber, readState, regexpProblem } from './nql-values.js'

/** A value ready to compare with a stored field. */
export type Operand =
  | { kind: 'number'; value: number | bigint }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'text'; value: string }
  | { kind: 'regexp'; value: string }

/** The test of one condition against a field of one stored type. */
export interface Branch {
  type: FieldType
  /** For series: which summary value is compared. */
  aggregate?: Aggregate
  /** Absent for EXISTS. */
  operand?: Operand
}

/** Why a condition cannot test a field of some type. */
export interface Problem {
  code: 'QUERY_TYPE' | 'QUERY_VALUE'
  message: string
  hint: string
  /** Offset of the part of the query at fault. */
  offset: number
}

/** The stored type each NQL type names. */
export const STORED: Record<NqlType, FieldType> = {
  string: 'String',
  stringSet: 'StringSet',
  experimentState: 'String',
  bool: 'Boolean',
  datetime: 'Datetime',
  int: 'Integer',
  float: 'Float',
  floatSeries: 'FloatSeries',
  stringSeries: 'StringSeries',
}

/** The stored types the short form tries, in this order. */
export const QUERYABLE: readonly FieldType[] = [
  'Float',
  'Integer',
  'Boolean',
  'String',
  'Datetime',
  'StringSet',
  'FloatSeries',
  'StringSeries',
]

const COMPARE: readonly Operator[] = ['=', '!=', '>', '>=', '<', '<=']
const TEXT: readonly Operator[] = ['=', '!=', 'CONTAINS', 'MATCHES']
const OPERATORS: Partial<Record<FieldType, readonly Operator[]>> = {
  Float: COMPARE,
  Integer: COMPARE,
  Datetime: COMPARE,
  FloatSeries: COMPARE,
  Boolean: ['=', '!='],
  String: TEXT,
  StringSeries: TEXT,
  StringSet: ['CONTAINS'],
}

function list(operators: readonly Operator[]): string {
  return operators.map((o) => (o === 'CONTAINS' || o === 'MATCHES' ? `${o}, NOT ${o}` : o)).join(', ')
}

function typeProblem(condition: Condition, type: FieldType, message: string, hint: string): Problem {
  return {
    code: 'QUERY_TYPE',
    message: `'${condition.attribute.path}' is a ${type}: ${message}`,
    hint,
    offset: condition.operatorOffset,
  }
}

function valueProblem(condition: Condition, type: FieldType, wanted: string, hint: string): Problem {
  const value = condition.value!
  return {
    code: 'QUERY_VALUE',
    message: `'${condition.attribute.path}' is a ${type}: ${JSON.stringify(value.text)} is not ${wanted}`,
    hint,
    offset: value.offset,
  }
}

function operand(condition: Condition, type: FieldType, state: boolean): Operand | Problem {
  const text = condition.value!.text
  switch (type) {
    case 'Float':
    case 'Integer':
    case 'FloatSeries': {
      const value = readNumber(text)
      return value === undefined
        ? valueProblem(condition, type, 'a number', 'Write a number such as 0.5, -3, 1e-4, NaN or Infinity.')
        : { kind: 'number', value }
    }
    case 'Datetime': {
      const value = readDatetime(text)
      return value === undefined
        ? valueProblem(
            condition,
            type,
            'a date',
            'Write an ISO 8601 date such as "2024-05-01" or "2024-05-01T12:00:00Z" (UTC unless an offset is given).',
          )
        : { kind: 'number', value }
    }
    case 'Boolean': {
      const value = readBoolean(text)
      return value === undefined
        ? valueProblem(condition, type, 'true or false', 'Compare a bool with true or false.')
        : { kind: 'boolean', value }
    }
    default: {
      if (condition.operator === 'MATCHES') {
        const problem = regexpProblem(text)
        return problem === undefined
          ? { kind: 'regexp', value: text }
          : valueProblem(
              condition,
              type,
              `a valid regular expression (${problem})`,
              'MATCHES takes a JavaScript regular expression, e.g. "^resnet-\\d+$".',
            )
      }
      if (state) {
        const value = readState(text)
        return value === undefined
          ? valueProblem(
              condition,
              type,
              'a run state',
              'A run state is "running" (Active) or "idle" (Inactive).',
            )
          : { kind: 'text', value }
      }
      return { kind: 'text', value: text }
    }
  }
}

/**
 * The branch of `condition` for a field stored as `type`, or the problem that rules it out. `state` reads
 * the value as a run state (the experimentState type, or sys/state in the short form).
 */
export function branchFor(
  type: FieldType,
  condition: Condition,
  state = false,
): Branch | { problem: Problem } {
  const { operator, attribute } = condition
  const isSeries = type === 'FloatSeries' || type === 'StringSeries'
  if (
    attribute.aggregate !== undefined &&
    !(type === 'FloatSeries' || (type === 'StringSeries' && attribute.aggregate === 'last'))
  ) {
    const hint =
      type === 'StringSeries'
        ? 'A string series has only last().'
        : 'Aggregates (last, min, max, average, variance) read float series; compare other fields directly.'
    return {
      problem: {
        code: 'QUERY_TYPE',
        message: `'${attribute.path}' is a ${type}: ${attribute.aggregate}() does not apply`,
        hint,
        offset: attribute.offset,
      },
    }
  }
  const aggregate = isSeries ? (attribute.aggregate ?? 'last') : undefined
  if (operator === 'EXISTS') return aggregate ? { type, aggregate } : { type }
  const allowed = OPERATORS[type] ?? []
  if (!allowed.includes(operator)) {
    const hint = allowed.length
      ? `A ${type} takes ${list(allowed)} and EXISTS.`
      : `A ${type} field can only be tested with EXISTS.`
    return { problem: typeProblem(condition, type, `${operator} does not apply`, hint) }
  }
  const value = operand(condition, type, state)
  if ('code' in value) return { problem: value }
  return aggregate ? { type, aggregate, operand: value } : { type, operand: value }
}
