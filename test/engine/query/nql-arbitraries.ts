/**
 * Random projects and random NQL queries for the property tests (property.test.ts against a brute force,
 * test/hub/nql-property.test.ts against the hub): a model of a project's runs and fields (several types
 * per path, the special floats, integers beyond 2^53), queries in the full and short form over every
 * operator, type and aggregate with NOT/AND/OR nesting, and how both are written.
 */
import fc from 'fast-check'
import { openProject, type Project } from '../../../src/index.js'
import { tempProjectDir } from '../../helpers/tmp.js'

// ---- the model of a project ----

export type Stored =
  | { type: 'Float'; value: number }
  | { type: 'Integer'; value: bigint }
  | { type: 'Boolean'; value: boolean }
  | { type: 'String'; value: string }
  | { type: 'Datetime'; value: number }
  | { type: 'StringSet'; value: string[] }
  | { type: 'FloatSeries'; values: number[] }
  | { type: 'StringSeries'; values: string[] }

export type StoredType = Stored['type']
export interface RunModel {
  tags: string[]
  fields: Map<string, Stored>
}

const FLOATS = [0, -0, 0.5, -1.5, 1, 2, 3, 1e-9, Number.NaN, Infinity, -Infinity]
const INTEGERS = [0n, 1n, -2n, 3n, 9007199254740993n, -9007199254740993n]
const STRINGS = ['', 'a', 'ab', 'b', 'abc', 'x y', 'A', '1', '0.5', 'a"b', 'c\\d']
const DATES = [0, 86_400_000, 1e12, 1.7e12]
const WORDS = ['a', 'b', 'c']

/** The types each path may take; several per path make the short form infer per run. */
const PATHS: Record<string, StoredType[]> = {
  a: ['Float', 'Integer'],
  b: ['String', 'Float'],
  'c/d': ['Boolean', 'Datetime'],
  e: ['String'],
  set: ['StringSet'],
  'm/x': ['FloatSeries', 'Float'],
  'm/y': ['FloatSeries'],
  's/log': ['StringSeries', 'String'],
}
export const QUERY_PATHS = [...Object.keys(PATHS), 'sys/tags', 'absent']
const pathArb = fc.oneof(
  { arbitrary: fc.constantFrom('a', 'b', 'm/x', 'm/y'), weight: 3 },
  { arbitrary: fc.constantFrom(...QUERY_PATHS), weight: 2 },
)

/** Floats, with the special values (NaN, ±Infinity, -0) as likely as all the others together. */
const floatArb = fc.oneof(
  fc.constantFrom(...FLOATS.filter((f) => Number.isFinite(f) && !Object.is(f, -0))),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0),
)

const storedArb = (type: StoredType): fc.Arbitrary<Stored> => {
  switch (type) {
    case 'Float':
      return floatArb.map((value) => ({ type, value }))
    case 'Integer':
      return fc.constantFrom(...INTEGERS).map((value) => ({ type, value }))
    case 'Boolean':
      return fc.boolean().map((value) => ({ type, value }))
    case 'String':
      return fc.constantFrom(...STRINGS).map((value) => ({ type, value }))
    case 'Datetime':
      return fc.constantFrom(...DATES).map((value) => ({ type, value }))
    case 'StringSet':
      return fc.subarray(WORDS).map((value) => ({ type, value }))
    case 'FloatSeries':
      return fc
        .array(fc.oneof(floatArb, fc.constantFrom(0.1, 0.7)), { minLength: 1, maxLength: 5 })
        .map((values) => ({ type, values }))
    case 'StringSeries':
      return fc
        .array(fc.constantFrom(...STRINGS), { minLength: 1, maxLength: 3 })
        .map((values) => ({ type, values }))
  }
}

export const runArb: fc.Arbitrary<RunModel> = fc
  .record({
    tags: fc.subarray(WORDS),
    fields: fc.array(
      fc.constantFrom(...Object.keys(PATHS)).chain((path) =>
        fc
          .constantFrom(...PATHS[path]!)
          .chain(storedArb)
          .map((stored) => [path, stored] as const),
      ),
      { maxLength: 8 },
    ),
  })
  .map(({ tags, fields }) => ({ tags, fields: new Map(fields) }))

// ---- random queries ----

export type Nql =
  'string' | 'stringSet' | 'bool' | 'datetime' | 'int' | 'float' | 'floatSeries' | 'stringSeries'
export type Agg = 'last' | 'min' | 'max' | 'average' | 'variance'
export type Op = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'CONTAINS' | 'MATCHES' | 'EXISTS'
export interface Cond {
  k: 'cond'
  path: string
  type?: Nql
  agg?: Agg
  op: Op
  negated: boolean
  value?: string
}
export type Q = Cond | { k: 'not'; q: Q } | { k: 'and' | 'or'; qs: Q[] }

const NUMBER_TEXTS = [
  '0',
  '-0',
  '0.5',
  '1',
  '-1.5',
  '2',
  '3',
  '1e-9',
  'NaN',
  'Infinity',
  '-Infinity',
  '9007199254740993',
  '0.7',
]
const DATE_TEXTS = ['1970-01-01', '1970-01-02T00:00:00Z', '2001-09-09T01:46:40.000Z', '2023-11-14T22:13:20Z']
const REGEXPS = ['^a', 'b$', 'a.c', '^$', '[xy]', 'A|b', '\\d', '"']
export const STORED_OF: Record<Nql, StoredType> = {
  string: 'String',
  stringSet: 'StringSet',
  bool: 'Boolean',
  datetime: 'Datetime',
  int: 'Integer',
  float: 'Float',
  floatSeries: 'FloatSeries',
  stringSeries: 'StringSeries',
}

const numberTextArb = fc.oneof(fc.constantFrom(...NUMBER_TEXTS), fc.constantFrom('0', '1', 'NaN', '0.5'))

function valueArb(op: Op, type: Nql | undefined): fc.Arbitrary<string | undefined> {
  if (op === 'EXISTS') return fc.constant(undefined)
  if (op === 'MATCHES') return fc.constantFrom(...REGEXPS)
  const numeric = ['float', 'int', 'floatSeries'] as (string | undefined)[]
  if (numeric.includes(type)) return numberTextArb
  if (type === 'bool') return fc.constantFrom('true', 'false', 'TRUE', 'False')
  if (type === 'datetime') return fc.constantFrom(...DATE_TEXTS)
  if (type === undefined)
    return fc.oneof(
      { arbitrary: numberTextArb, weight: 2 },
      { arbitrary: fc.constantFrom(...STRINGS, ...DATE_TEXTS, ...WORDS, 'true', 'false'), weight: 2 },
    )
  return fc.constantFrom(...STRINGS, ...WORDS)
}

/** Operators valid for an explicit type (the full form only generates valid ones). */
const OPS_OF: Record<Nql, Op[]> = {
  float: ['=', '!=', '>', '>=', '<', '<=', 'EXISTS'],
  int: ['=', '!=', '>', '>=', '<', '<=', 'EXISTS'],
  datetime: ['=', '!=', '>', '>=', '<', '<=', 'EXISTS'],
  floatSeries: ['=', '!=', '>', '>=', '<', '<=', 'EXISTS'],
  bool: ['=', '!=', 'EXISTS'],
  string: ['=', '!=', 'CONTAINS', 'MATCHES', 'EXISTS'],
  stringSeries: ['=', '!=', 'CONTAINS', 'MATCHES', 'EXISTS'],
  stringSet: ['CONTAINS', 'EXISTS'],
}
const ALL_OPS: Op[] = ['=', '!=', '>', '>=', '<', '<=', 'CONTAINS', 'MATCHES', 'EXISTS']

const typedCondArb: fc.Arbitrary<Cond> = fc
  .record({ path: pathArb, type: fc.constantFrom(...(Object.keys(OPS_OF) as Nql[])) })
  .chain(({ path, type }) =>
    fc.record({
      path: fc.constant(path),
      type: fc.constant(type),
      agg:
        type === 'floatSeries'
          ? fc.constantFrom<Agg | undefined>(undefined, 'last', 'min', 'max', 'average', 'variance')
          : type === 'stringSeries'
            ? fc.constantFrom<Agg | undefined>(undefined, 'last')
            : fc.constant(undefined),
      op: fc.constantFrom(...OPS_OF[type]),
      negated: fc.boolean(),
    }),
  )
  .chain((c) => valueArb(c.op, c.type).map((value) => ({ k: 'cond' as const, ...c, value })))

const shortCondArb: fc.Arbitrary<Cond> = fc
  .record({
    path: pathArb,
    agg: fc.constantFrom<Agg | undefined>(undefined, undefined, 'last', 'min', 'max', 'average', 'variance'),
    op: fc.constantFrom(...ALL_OPS),
    negated: fc.boolean(),
  })
  .chain((c) => valueArb(c.op, undefined).map((value) => ({ k: 'cond' as const, ...c, value })))

export const queryArb: fc.Arbitrary<Q> = fc.letrec<{ q: Q }>((tie) => ({
  q: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: fc.oneof(typedCondArb, shortCondArb), weight: 4 },
    { arbitrary: tie('q').map((q) => ({ k: 'not' as const, q })), weight: 1 },
    {
      arbitrary: fc
        .tuple(fc.constantFrom<'and' | 'or'>('and', 'or'), fc.array(tie('q'), { minLength: 2, maxLength: 3 }))
        .map(([k, qs]) => ({ k, qs })),
      weight: 1,
    },
  ),
})).q

// ---- writing queries as text ----

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

function valueText(text: string, rnd: number): string {
  const bare = /^[A-Za-z_][\w./-]*$/.test(text) && !/^(and|or|not|contains|matches|exists)$/i.test(text)
  const number = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)
  return (bare || number) && rnd % 2 === 0 ? text : quote(text)
}

export function write(q: Q, rnd = 0): string {
  switch (q.k) {
    case 'cond': {
      const path = rnd % 3 === 0 ? `\`${q.path}\`` : q.path
      let attribute = q.type ? `${path}:${q.type}` : path
      if (q.agg) attribute = `${q.agg}(${attribute})`
      const op = q.negated && ['CONTAINS', 'MATCHES', 'EXISTS'].includes(q.op) ? `NOT ${q.op}` : q.op
      const text = q.op === 'EXISTS' ? `${attribute} ${op}` : `${attribute} ${op} ${valueText(q.value!, rnd)}`
      return q.negated && !op.startsWith('NOT') ? `NOT (${text})` : text
    }
    case 'not':
      return `NOT (${write(q.q, rnd + 1)})`
    default:
      return q.qs.map((x, i) => `(${write(x, rnd + i + 1)})`).join(q.k === 'and' ? ' AND ' : ' or ')
  }
}

// ---- writing a project ----

/** Writes `runs` into a new project (directory `name`, run id key `key`); the caller closes it. */
export function build(runs: RunModel[], name = 'prop', key = 'P'): Project {
  const project = openProject(tempProjectDir(name), { key, onWarning: () => {} })
  for (const model of runs) {
    const run = project.startRun({ tags: model.tags })
    for (const [path, stored] of model.fields) {
      if (stored.type === 'FloatSeries' || stored.type === 'StringSeries')
        run.field(path).extend(stored.values)
      else if (stored.type === 'Datetime') run.assign(path, new Date(stored.value))
      else run.assign(path, stored.value)
    }
    run.close()
  }
  return project
}
