/**
 * A model-based property test of the engine: random sequences of assign/log/append/extend (with bad
 * steps and bad values), string sets, tags, delete, flush, close, resume by id and by customRunId, and
 * reopening the project, run against an in-memory model (./model.ts). Every call's outcome (ok, or the
 * error code) must match the model's, and after a final reopen every field must read back bit-exact.
 *
 * Forks are in it with their history fixed at fork time: a parent changed after it was forked (points
 * appended at or below the fork step, series deleted in the fork and logged again) leaves the fork's
 * inherited points as they were, which the comparison after reopen checks. A parent's delete of a series
 * a fork reads through is refused with SERIES_READ_BY_FORK (docs/api.md); the model does not predict which
 * deletes those are, it deletes only what the engine did (and the final comparison checks both agree).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { openProject, type Project, type Run, type RunView } from '../../../src/index.js'
import { tempProjectDir } from '../../helpers/tmp.js'
import {
  appendPoint,
  castTo,
  claimError,
  deleteUnder,
  forkError,
  forkOf,
  inferAtom,
  stepError,
  type ModelField,
  type ModelRun,
} from './model.js'

process.env.NEREID_CAPTURE ??= '0'

const PATHS = ['a', 'b', 'm', 'm/x', 'm/y', 'n/s', 'sys/x'] as const
const path = fc.oneof(
  { arbitrary: fc.constantFrom('a', 'b'), weight: 3 },
  { arbitrary: fc.constantFrom(...PATHS.slice(2, 6)), weight: 2 },
)
const anyPath = fc.constantFrom(...PATHS)
const step = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: 8 }), weight: 5 },
  { arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY), weight: 1 },
)
const float = fc.oneof(fc.double(), fc.constantFrom(0, -0, Number.NaN, 1.5, -3))
const bigint = fc.oneof(
  fc.bigInt({ min: -5n, max: 5n }),
  fc.constantFrom(2n ** 63n, -(2n ** 63n) - 1n, 2n ** 53n + 1n),
)
const text = fc.constantFrom('x', 'y', '', 'é', '\ud83d\ude00')
const strings = fc.array(text, { maxLength: 3 })
const leaf = fc.oneof(float, bigint, text, fc.boolean(), strings, fc.constant(null))
const assignValue = fc.oneof(leaf, fc.record({ x: leaf, y: leaf }, { requiredKeys: [] }))
const point = fc.oneof(float, text)
const r = fc.nat(7)

const w = <T>(arbitrary: fc.Arbitrary<T>, weight: number) => ({ arbitrary, weight })
const command = fc.oneof(
  w(fc.record({ kind: fc.constant('start' as const), custom: fc.constantFrom(undefined, 'c1', 'c2') }), 2),
  w(fc.record({ kind: fc.constant('assign' as const), r, path: anyPath, value: assignValue }), 4),
  w(
    fc.record({
      kind: fc.constant('log' as const),
      r,
      entries: fc.array(fc.tuple(path, fc.oneof(point, fc.constant(null))), { maxLength: 4 }),
      step,
    }),
    4,
  ),
  w(
    fc.record({
      kind: fc.constant('log' as const),
      r,
      entries: fc.array(fc.tuple(path, float), { maxLength: 3 }),
      step,
    }),
    8,
  ),
  w(fc.record({ kind: fc.constant('append' as const), r, path, value: point, step }), 5),
  w(
    fc.record({
      kind: fc.constant('extend' as const),
      r,
      path,
      values: fc.array(point, { maxLength: 4 }),
      withSteps: fc.boolean(),
      steps: fc.array(step, { minLength: 4, maxLength: 4 }),
    }),
    3,
  ),
  w(fc.record({ kind: fc.constantFrom('add' as const, 'remove' as const), r, path, values: strings }), 2),
  w(fc.record({ kind: fc.constant('tags' as const), r, values: strings }), 1),
  w(fc.record({ kind: fc.constant('delete' as const), r, path: anyPath }), 2),
  w(
    fc.record({
      kind: fc.constantFrom('flush' as const, 'close' as const, 'resume' as const, 'closedWrite' as const),
      r,
    }),
    3,
  ),
  w(fc.constant({ kind: 'reopen' as const }), 1),
  w(fc.record({ kind: fc.constant('fork' as const), r, step: fc.integer({ min: -1, max: 9 }) }), 2),
)
type Command = typeof command extends fc.Arbitrary<infer C> ? C : never

/** The model's outcome of one command, applied to the model when it is 'ok'. */
function modelStep(run: ModelRun, c: Command): string {
  switch (c.kind) {
    case 'assign': {
      const isDict = typeof c.value === 'object' && c.value !== null && !Array.isArray(c.value)
      if (c.path === 'sys/x') return 'INVALID_PATH'
      const pairs: [string, unknown][] = isDict
        ? Object.entries(c.value as Record<string, unknown>)
            .filter(([, v]) => v !== null)
            .map(([k, v]) => [`${c.path}/${k}`, v])
        : [[c.path, c.value]]
      const writes: [string, ModelField][] = []
      for (const [p, v] of pairs) {
        const inferred = inferAtom(v)
        if ('error' in inferred) return inferred.error
        const existing = run.fields.get(p)
        if (inferred.type === 'StringSet') {
          const e = claimError(run, p, 'StringSet')
          if (e) return e
          writes.push([p, { type: 'StringSet', set: new Set(v as string[]) }])
          continue
        }
        if (existing && !['Float', 'Integer', 'String', 'Boolean'].includes(existing.type))
          return 'FIELD_TYPE_CONFLICT'
        const type = existing?.type ?? inferred.type
        const cast = castTo(type, v)
        if (cast === undefined) return 'FIELD_TYPE_CONFLICT'
        const e = claimError(run, p, type)
        if (e) return e
        writes.push([p, { type, value: cast } as ModelField])
      }
      for (const [p, f] of writes) run.fields.set(p, f)
      return 'ok'
    }
    case 'log': {
      const dict = Object.fromEntries(c.entries)
      const fresh: string[] = []
      for (const [p, v] of Object.entries(dict)) {
        if (v === null) continue
        const e = claimError(run, p, typeof v === 'number' ? 'FloatSeries' : 'StringSeries')
        if (e) return e
        const se = stepError(c.step)
        if (se) return se
        if (!run.fields.has(p)) fresh.push(p)
      }
      if (fresh.some((p) => fresh.some((q) => p.startsWith(`${q}/`)))) return 'FIELD_TYPE_CONFLICT'
      for (const [p, v] of Object.entries(dict)) {
        if (v === null) continue
        appendPoint(run, p, typeof v === 'number' ? 'FloatSeries' : 'StringSeries', v, c.step)
      }
      return 'ok'
    }
    case 'append':
    case 'extend': {
      const values = c.kind === 'append' ? [c.value] : c.values
      const given = c.kind === 'extend' ? c.steps.slice(0, values.length) : []
      const steps =
        c.kind === 'append' ? [c.step] : c.withSteps && given.every((s) => s !== undefined) ? given : []
      if (values.length === 0) return 'ok'
      const existing = run.fields.get(c.path)
      if (existing && existing.type !== 'FloatSeries' && existing.type !== 'StringSeries')
        return 'FIELD_TYPE_CONFLICT'
      const type = existing?.type ?? (typeof values[0] === 'number' ? 'FloatSeries' : 'StringSeries')
      if (claimError(run, c.path, type)) return 'FIELD_TYPE_CONFLICT'
      for (let i = 0; i < values.length; i++) {
        if ((typeof values[i] === 'number') !== (type === 'FloatSeries')) return 'FIELD_TYPE_CONFLICT'
        const se = stepError(steps[i])
        if (se) return se
      }
      values.forEach((v, i) => appendPoint(run, c.path, type as 'FloatSeries', v, steps[i]))
      return 'ok'
    }
    case 'add':
    case 'remove': {
      const e = claimError(run, c.path, 'StringSet')
      if (e) return e
      let field = run.fields.get(c.path)
      if (!field) run.fields.set(c.path, (field = { type: 'StringSet', set: new Set() }))
      const set = (field as { set: Set<string> }).set
      for (const v of c.values) {
        if (c.kind === 'add') set.add(v)
        else set.delete(v)
      }
      return 'ok'
    }
    case 'tags':
      for (const v of c.values) run.tags.add(v)
      return 'ok'
    case 'delete':
      if (c.path.startsWith('sys')) return 'INVALID_PATH'
      deleteUnder(run, c.path)
      return 'ok'
    default:
      return 'ok'
  }
}

/** What the engine did: 'ok', or the error's code (an untyped error fails the property). */
function outcome(fn: () => void): string {
  try {
    fn()
    return 'ok'
  } catch (error) {
    const code = (error as { code?: unknown }).code
    return typeof code === 'string' ? code : `UNTYPED ${String(error)}`
  }
}

function engineStep(run: Run, c: Command): void {
  switch (c.kind) {
    case 'assign':
      return run.assign(c.path, c.value)
    case 'log':
      return run.log(Object.fromEntries(c.entries) as never, c.step === undefined ? {} : { step: c.step })
    case 'append':
      return run.field(c.path).append(c.value, c.step === undefined ? {} : { step: c.step })
    case 'extend': {
      const steps = c.steps.slice(0, c.values.length)
      const given = c.withSteps && steps.every((s) => s !== undefined)
      return run.field(c.path).extend(c.values, given ? { steps: steps as number[] } : {})
    }
    case 'add':
      return run.field(c.path).add(c.values)
    case 'remove':
      return run.field(c.path).remove(c.values)
    case 'tags':
      return run.tags.add(c.values)
    case 'delete':
      return run.delete(c.path)
    case 'flush':
      return run.flush()
    default:
  }
}

function flatTypes(tree: object, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const p = prefix ? `${prefix}/${key}` : key
    if (typeof value === 'string') out.set(p, value)
    else flatTypes(value as object, p, out)
  }
  return out
}

function compareRun(view: RunView, run: ModelRun, where: string): void {
  const types = flatTypes(view.structure())
  for (const p of [...types.keys()]) if (p.startsWith('sys/') || p.startsWith('monitoring/')) types.delete(p)
  expect(Object.fromEntries(types), where).toEqual(
    Object.fromEntries([...run.fields].map(([p, f]) => [p, f.type])),
  )
  for (const [p, f] of run.fields) {
    const field = view.field(p)
    if ('points' in f) {
      const got = field.fetchValues()
      expect(Array.from(got.steps), `${where} ${p} steps`).toEqual(f.points.map(([s]) => s))
      const values = Array.from(got.values as ArrayLike<number | string>)
      expect(values.length, `${where} ${p}`).toBe(f.points.length)
      f.points.forEach(([, v], i) =>
        expect(Object.is(values[i], v), `${where} ${p}[${i}] ${String(values[i])} vs ${String(v)}`).toBe(
          true,
        ),
      )
    } else if ('set' in f) {
      expect(field.fetch(), `${where} ${p}`).toEqual([...f.set].sort())
    } else {
      expect(
        Object.is(field.fetch(), f.value),
        `${where} ${p} ${String(field.fetch())} vs ${String(f.value)}`,
      ).toBe(true)
    }
  }
  expect(view.field('sys/tags').fetch(), `${where} tags`).toEqual([...run.tags].sort())
}

function fresh(): Omit<ModelRun, 'id'> {
  return {
    open: true,
    fields: new Map(),
    tags: new Set(),
    floor: -Infinity,
    forked: false,
    inherited: new Set(),
  }
}

function pick<T>(list: readonly T[], i: number): T | undefined {
  return list.length === 0 ? undefined : list[i % list.length]
}

function check(commands: Command[]): void {
  const dir = tempProjectDir()
  const options = { onWarning: () => {} }
  let project: Project = openProject(dir, options)
  const runs: ModelRun[] = []
  const handles = new Map<string, Run>()
  try {
    commands.forEach((c, index) => {
      const where = `command ${index} ${JSON.stringify(c, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`
      if (c.kind === 'start') {
        const existing = runs.find((m) => c.custom !== undefined && m.customRunId === c.custom)
        if (existing?.open) return // a second writer of one run in one process is out of scope here
        const run = project.startRun(c.custom === undefined ? {} : { customRunId: c.custom })
        handles.set(run.id, run)
        if (existing) {
          existing.open = true
          delete existing.claimed
        } else runs.push({ id: run.id, customRunId: c.custom, ...fresh() })
        return
      }
      if (c.kind === 'fork') {
        const parent = pick(runs, c.r)
        if (!parent) return
        const want = forkError(parent, c.step)
        let child: Run | undefined
        const got = outcome(() => {
          child = project.startRun({ forkFrom: { run: parent.id, step: c.step } })
        })
        expect(got, where).toBe(want ?? 'ok')
        if (!child) return
        handles.set(child.id, child)
        parent.forked = true
        runs.push(forkOf(parent, child.id, c.step))
        return
      }
      if (c.kind === 'reopen') {
        project.close()
        for (const m of runs) {
          m.open = false
          delete m.claimed // a new process: its writers hold nothing
        }
        project = openProject(dir, options)
        return
      }
      if (c.kind === 'resume') {
        const m = pick(
          runs.filter((x) => !x.open),
          c.r,
        )
        if (!m) return
        handles.set(m.id, project.runs.resume(m.id))
        m.open = true
        delete m.claimed
        return
      }
      if (c.kind === 'closedWrite') {
        const m = pick(
          runs.filter((x) => !x.open),
          c.r,
        )
        if (!m) return
        expect(
          outcome(() => handles.get(m.id)!.log({ a: 1 })),
          where,
        ).toBe('RUN_CLOSED')
        return
      }
      const m = pick(
        runs.filter((x) => x.open),
        c.r,
      )
      if (!m) return
      const run = handles.get(m.id)!
      if (c.kind === 'close') {
        run.close()
        m.open = false
        delete m.claimed
        return
      }
      if (c.kind === 'delete' && m.forked) {
        const got = outcome(() => engineStep(run, c))
        if (got === 'SERIES_READ_BY_FORK') return // refused, nothing deleted: the model keeps it too
        expect(got, where).toBe(modelStep(m, c))
        return
      }
      const got = outcome(() => engineStep(run, c))
      const want = modelStep(m, c)
      expect(got, where).toBe(want)
    })
    project.close()
    project = openProject(dir, options)
    for (const m of runs) compareRun(project.runs.get(m.id), m, `run ${m.id} after reopen`)
  } finally {
    project.close()
  }
}

describe('the engine against its model', () => {
  it('agrees on every outcome and every field after reopen', () => {
    fc.assert(
      fc.property(
        fc
          .array(command, { minLength: 5, maxLength: 40, size: 'medium' })
          .map((cs) => [{ kind: 'start' as const, custom: undefined }, ...cs]),
        (cs) => check(cs as Command[]),
      ),
      { numRuns: 100 },
    )
  }, 240_000)
})
