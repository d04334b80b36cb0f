/**
 * Property test: random projects on disk, random NQL queries (full and short form, every operator, type and
 * aggregate, NOT/AND/OR nesting), each answered by the engine and by a brute-force evaluation over the
 * values the test wrote. The brute force is written from docs/query.md, independently of the compiler.
 * Also checks the sort order and the decoded cells of random columns.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { QueryError } from '../../../src/engine/query/errors.js'
import {
  build,
  QUERY_PATHS,
  queryArb,
  runArb,
  STORED_OF,
  write,
  type Agg,
  type Cond,
  type Op,
  type Q,
  type RunModel,
  type Stored,
  type StoredType,
} from './nql-arbitraries.js'

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
