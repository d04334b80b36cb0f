/**
 * The syntax tree of an NQL query, as the parser builds it. Every node keeps the offset in the query where
 * it starts, so that later checks (types, values) can point at the right column.
 *
 * @example
 * parseQuery('last(`acc`:floatSeries) > 0.9')
 * // { kind: 'condition', attribute: { path: 'acc', type: 'floatSeries', aggregate: 'last', … },
 * //   operator: '>', value: { kind: 'number', text: '0.9', … }, … }
 */

/** NQL's field types, as written after the colon (matched without regard to case; `integer` is `int`). */
export type NqlType =
  | 'string'
  | 'stringSet'
  | 'experimentState'
  | 'bool'
  | 'datetime'
  | 'int'
  | 'float'
  | 'floatSeries'
  | 'stringSeries'

/** Aggregates of a float series (`last` also reads a string series). */
export type Aggregate = 'last' | 'min' | 'max' | 'average' | 'variance'

/** Operators after normalisation (`==` is `=`; NOT CONTAINS, NOT MATCHES, NOT EXISTS become a `not` node). */
export type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'CONTAINS' | 'MATCHES' | 'EXISTS'

/** The left side of a condition: a path, maybe a type, maybe an aggregate around them. */
export interface Attribute {
  path: string
  type?: NqlType
  aggregate?: Aggregate
  /** Where the attribute (or its aggregate) starts. */
  offset: number
  /** Where the path starts. */
  pathOffset: number
  /** Where the type name starts, when there is one. */
  typeOffset?: number
}

/** A value as written: its text without quotes, and how it was written. */
export interface Value {
  kind: 'string' | 'number' | 'word'
  text: string
  offset: number
}

/** `attribute OP value`, or `attribute EXISTS` (no value). */
export interface Condition {
  kind: 'condition'
  attribute: Attribute
  operator: Operator
  operatorOffset: number
  value?: Value
  offset: number
}

/** NOT (…). */
export interface Not {
  kind: 'not'
  operand: Expr
  offset: number
}

/** Operands joined by AND, or by OR (at least two). */
export interface Junction {
  kind: 'and' | 'or'
  operands: Expr[]
  offset: number
}

/** Any node of a query. */
export type Expr = Condition | Not | Junction

const TYPES: Record<string, NqlType> = {
  string: 'string',
  stringset: 'stringSet',
  experimentstate: 'experimentState',
  bool: 'bool',
  boolean: 'bool',
  datetime: 'datetime',
  int: 'int',
  integer: 'int',
  float: 'float',
  floatseries: 'floatSeries',
  stringseries: 'stringSeries',
}

/** The NQL type named `name` (any case), if it is one. */
export function nqlType(name: string): NqlType | undefined {
  return TYPES[name.toLowerCase()]
}

/** The type names a query may use, for error messages. */
export const TYPE_NAMES = [
  'string',
  'stringSet',
  'experimentState',
  'bool',
  'datetime',
  'int',
  'integer',
  'float',
  'floatSeries',
  'stringSeries',
]

/** The aggregates, by lower-case name. */
export const AGGREGATES: ReadonlySet<string> = new Set<Aggregate>([
  'last',
  'min',
  'max',
  'average',
  'variance',
])
