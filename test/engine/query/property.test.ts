/**
 * Property test: random projects on disk, random NQL queries (full and short form, every operator, type and
 * aggregate, NOT/AND/OR nesting), each answered by the engine and by a brute-force evaluation over the
 * values the test wrote. The brute force is written from docs/query.md, independently of the compiler.
 * Also checks the sort order and the decoded cells of random columns.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { openProject } from '../../../src/index.js'
import { QueryError } from '../../../src/engine/query/errors.js'
import { tempProjectDir } from '../../helpers/tmp.js'

// ---- the model of a project ----

type Stored =
  | { type: 'Float'; value: number }
  | { type: 'Integer'; value: bigint }
  | { type: 'Boolean'; value: boolean }
  | { type: 'String'; value: string }
  | { type: 'Datetime'; value: number }
  | { type: 'StringSet'; value: string[] }
  | { type: 'FloatSeries'; values: number[] }
  | { type: 'StringSeries'; values: string[] }

type StoredType = Stored['type']
interface RunModel {
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
const QUERY_PATHS = [...Object.keys(PATHS), 'sys/tags', 'absent']
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

const runArb: fc.Arbitrary<RunModel> = fc
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

type Nql = 'string' | 'stringSet' | 'bool' | 'datetime' | 'int' | 'float' | 'floatSeries' | 'stringSeries'
type Agg = 'last' | 'min' | 'max' | 'average' | 'variance'
type Op = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'CONTAINS' | 'MATCHES' | 'EXISTS'
interface Cond {
  k: 'cond'
  path: string
  type?: Nql
  agg?: Agg
  op: Op
  negated: boolean
  value?: string
}
type Q = Cond | { k: 'not'; q: Q } | { k: 'and' | 'or'; qs: Q[] }

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
const STORED_OF: Record<Nql, StoredType> = {
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

const queryArb: fc.Arbitrary<Q> = fc.letrec<{ q: Q }>((tie) => ({
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

function write(q: Q, rnd = 0): string {
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

// ---- the brute force, from docs/query.md ----

function readNumber(text: string): number | bigint | undefined {
  const special: Record<string, number> = { nan: Number.NaN, infinity: Infinity, '-infinity': -Infinity }
  if (text.toLowerCase() in special) return special[text.toLowerCase()]
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined
  return /^[+-]?\d+$/.test(text) ? BigInt(text) : Number(text)
}

function readDate(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined
  const ms = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text)
  return Number.isNaN(ms) ? undefined : ms
}

const isNaNValue = (x: number | bigint) => typeof x === 'number' && Number.isNaN(x)

function compareNumbers(a: number | bigint, op: Op, b: number | bigint): boolean {
  if (isNaNValue(a) || isNaNValue(b)) {
    if (op === '=') return isNaNValue(a) && isNaNValue(b)
    if (op === '!=') return !(isNaNValue(a) && isNaNValue(b))
    return false
  }
  switch (op) {
    case '=':
      return a == b // loose equality: exact across bigint and number
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
      return false
  }
}

function summary(values: number[], agg: Agg): number {
  const finite = values.filter(Number.isFinite)
  const ordered = values.filter((v) => !Number.isNaN(v))
  let sum = 0
  let sumSq = 0
  for (const v of finite) {
    sum += v
    sumSq += v * v
  }
  const n = finite.length
  switch (agg) {
    case 'last':
      return values[values.length - 1]!
    case 'min':
      return ordered.length ? Math.min(...ordered) : Number.NaN
    case 'max':
      return ordered.length ? Math.max(...ordered) : Number.NaN
    case 'average':
      return n ? sum / n : Number.NaN
    case 'variance':
      return n ? Math.max(0, sumSq / n - (sum / n) * (sum / n)) : Number.NaN
  }
}

/** The operand of `cond` for a field stored as `type`, or undefined when the condition cannot test that type. */
function applicable(cond: Cond, type: StoredType): { ok: boolean; operand?: unknown } {
  const series = type === 'FloatSeries' || type === 'StringSeries'
  if (cond.agg && !(type === 'FloatSeries' || (type === 'StringSeries' && cond.agg === 'last')))
    return { ok: false }
  if (cond.op === 'EXISTS') return { ok: true }
  const text = cond.value!
  const ops: Record<StoredType, Op[]> = {
    Float: ['=', '!=', '>', '>=', '<', '<='],
    Integer: ['=', '!=', '>', '>=', '<', '<='],
    Datetime: ['=', '!=', '>', '>=', '<', '<='],
    FloatSeries: ['=', '!=', '>', '>=', '<', '<='],
    Boolean: ['=', '!='],
    String: ['=', '!=', 'CONTAINS', 'MATCHES'],
    StringSeries: ['=', '!=', 'CONTAINS', 'MATCHES'],
    StringSet: ['CONTAINS'],
  }
  if (!ops[type].includes(cond.op)) return { ok: false }
  void series
  if (type === 'Float' || type === 'Integer' || type === 'FloatSeries') {
    const n = readNumber(text)
    return n === undefined ? { ok: false } : { ok: true, operand: n }
  }
  if (type === 'Datetime') {
    const ms = readDate(text)
    return ms === undefined ? { ok: false } : { ok: true, operand: ms }
  }
  if (type === 'Boolean') {
    const lower = text.toLowerCase()
    return lower === 'true' || lower === 'false' ? { ok: true, operand: lower === 'true' } : { ok: false }
  }
  return { ok: true, operand: text }
}

function fieldOf(run: RunModel, path: string): Stored | undefined {
  if (path === 'sys/tags') return { type: 'StringSet', value: [...new Set(run.tags)].sort() }
  return run.fields.get(path)
}

function holds(stored: Stored, cond: Cond, operand: unknown): boolean {
  if (cond.op === 'EXISTS') return true
  switch (stored.type) {
    case 'Float':
    case 'Integer':
    case 'Datetime':
      return compareNumbers(stored.value, cond.op, operand as number | bigint)
    case 'FloatSeries':
      return compareNumbers(summary(stored.values, cond.agg ?? 'last'), cond.op, operand as number | bigint)
    case 'Boolean':
      return cond.op === '=' ? stored.value === operand : stored.value !== operand
    case 'StringSet':
      return stored.value.includes(operand as string)
    default: {
      const text = stored.type === 'String' ? stored.value : stored.values[stored.values.length - 1]!
      const x = operand as string
      if (cond.op === '=') return text === x
      if (cond.op === '!=') return text !== x
      if (cond.op === 'CONTAINS') return text.includes(x)
      return new RegExp(x).test(text)
    }
  }
}

/** True when the engine must refuse the short-form condition (no run has the path with a testable type). */
function refused(cond: Cond, runs: RunModel[]): boolean {
  if (cond.type || (cond.op === 'EXISTS' && !cond.agg)) return false
  const present = runs.map((r) => fieldOf(r, cond.path)).filter((f): f is Stored => f !== undefined)
  if (present.length === 0) return cond.op !== 'EXISTS'
  return !present.some((f) => applicable(cond, f.type).ok)
}

function evaluate(q: Q, run: RunModel): boolean {
  switch (q.k) {
    case 'not':
      return !evaluate(q.q, run)
    case 'and':
      return q.qs.every((x) => evaluate(x, run))
    case 'or':
      return q.qs.some((x) => evaluate(x, run))
    case 'cond': {
      const stored = fieldOf(run, q.path)
      let result = false
      if (stored) {
        if (q.type) {
          const check = applicable(q, STORED_OF[q.type])
          result = stored.type === STORED_OF[q.type] && check.ok && holds(stored, q, check.operand)
        } else if (q.op === 'EXISTS' && !q.agg) {
          result = true
        } else {
          const check = applicable(q, stored.type)
          result = check.ok && holds(stored, q, check.operand)
        }
      }
      return q.negated ? !result : result
    }
  }
}

function conditions(q: Q): Cond[] {
  return q.k === 'cond' ? [q] : q.k === 'not' ? conditions(q.q) : q.qs.flatMap(conditions)
}

// ---- sort keys and cells ----

type Key = number | bigint | string | null

function sortKey(run: RunModel, path: string): Key {
  const f = fieldOf(run, path)
  if (!f) return null
  switch (f.type) {
    case 'Float':
      return Number.isNaN(f.value) ? null : f.value
    case 'Integer':
      return f.value
    case 'Boolean':
      return f.value ? 1 : 0
    case 'Datetime':
      return f.value
    case 'FloatSeries': {
      const last = f.values[f.values.length - 1]!
      return Number.isNaN(last) ? null : last
    }
    case 'StringSet':
      return JSON.stringify([...new Set(f.value)].sort())
    case 'String':
      return f.value
    case 'StringSeries':
      return f.values[f.values.length - 1]!
  }
}

function compareKeys(a: Exclude<Key, null>, b: Exclude<Key, null>): number {
  const aText = typeof a === 'string'
  const bText = typeof b === 'string'
  if (aText !== bText) return aText ? 1 : -1
  if (typeof a === 'string' || typeof b === 'string')
    return Buffer.compare(Buffer.from(String(a)), Buffer.from(String(b)))
  return a < b ? -1 : a > b ? 1 : 0
}

function expectedCell(run: RunModel, path: string): unknown {
  const f = fieldOf(run, path)
  if (!f) return null
  switch (f.type) {
    case 'FloatSeries':
    case 'StringSeries':
      return f.values[f.values.length - 1]
    case 'Datetime':
      return new Date(f.value)
    case 'StringSet':
      return [...new Set(f.value)].sort()
    default:
      return f.value
  }
}

function sameValue(actual: unknown, expected: unknown): boolean {
  if (typeof expected === 'number') return Object.is(actual, expected)
  return (
    JSON.stringify(actual, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ===
    JSON.stringify(expected, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))
  )
}

// ---- the property ----

function build(runs: RunModel[]) {
  const project = openProject(tempProjectDir('prop'), { key: 'P', onWarning: () => {} })
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

describe('query results equal a brute-force evaluation over random projects', () => {
  it('filters', () => {
    let checked = 0
    let refusedCount = 0
    fc.assert(
      fc.property(
        fc.array(runArb, { minLength: 1, maxLength: 8 }),
        fc.array(queryArb, { minLength: 25, maxLength: 25 }),
        (runs, queries) => {
          const project = build(runs)
          try {
            for (const q of queries) {
              const text = write(q)
              const mustRefuse = conditions(q).some((c) => refused(c, runs))
              let got: string[] | QueryError
              try {
                got = project
                  .fetchRunsTable({ query: text, columns: [], sortBy: 'sys/id', ascending: true })
                  .rows.map((r) => r[0] as string)
              } catch (error) {
                if (!(error instanceof QueryError) || error.code === 'QUERY_SYNTAX') throw error
                got = error
              }
              if (mustRefuse) {
                expect(got, text).toBeInstanceOf(QueryError)
                refusedCount++
                continue
              }
              expect(got, `${text}\n${got instanceof Error ? got.message : ''}`).not.toBeInstanceOf(Error)
              const want = runs.flatMap((run, i) => (evaluate(q, run) ? [`P-${i + 1}`] : []))
              expect(got, text).toEqual(want)
              checked++
            }
          } finally {
            project.close()
          }
        },
      ),
      { numRuns: 50 },
    )
    expect(checked).toBeGreaterThan(600)
    expect(refusedCount).toBeGreaterThan(0)
  })

  it('sorts and decodes cells', () => {
    fc.assert(
      fc.property(
        fc.array(runArb, { minLength: 1, maxLength: 7 }),
        fc.constantFrom(...QUERY_PATHS.filter((p) => p !== 'absent')),
        fc.boolean(),
        (runs, path, ascending) => {
          fc.pre(runs.some((run) => fieldOf(run, path) !== undefined)) // an unknown column is refused (tested elsewhere)
          const project = build(runs)
          try {
            const table = project.fetchRunsTable({ columns: [path], sortBy: path, ascending })
            const order = runs.map((run, i) => ({ id: `P-${i + 1}`, i, key: sortKey(run, path), run }))
            order.sort((a, b) => {
              if (a.key === null || b.key === null)
                return a.key === b.key ? (ascending ? a.i - b.i : b.i - a.i) : a.key === null ? 1 : -1
              const c = compareKeys(a.key, b.key)
              return c !== 0 ? (ascending ? c : -c) : ascending ? a.i - b.i : b.i - a.i
            })
            expect(
              table.rows.map((r) => r[0]),
              path,
            ).toEqual(order.map((o) => o.id))
            table.rows.forEach((row, r) => {
              const expected = expectedCell(order[r]!.run, path)
              expect(sameValue(row[1], expected), `${path} ${String(row[1])} vs ${String(expected)}`).toBe(
                true,
              )
            })
          } finally {
            project.close()
          }
        },
      ),
      { numRuns: 60 },
    )
  })
})
