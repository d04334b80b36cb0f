/**
 * log() and assign() check a whole dict before writing any of it; an unsupported value inside a dict is
 * skipped with a once-per-path warning (strict: true throws and writes nothing); an invalid one throws.
 */
import { describe, expect, it } from 'vitest'
import { InvalidValueError, StepOrderError, type NereidWarning } from '../../../src/index.js'
import { tempProject, thrown } from '../../helpers/project.js'

function warningsProject(strict = false) {
  const warnings: NereidWarning[] = []
  const project = tempProject({ strict, onWarning: (w) => warnings.push(w) })
  return { project, warnings, run: project.startRun() }
}

const values = (run: ReturnType<typeof warningsProject>['run'], path: string) =>
  Array.from(run.field(path).fetchValues().values as ArrayLike<number>)

describe('log(dict): the whole dict first', () => {
  it('skips an unsupported value with a warning and writes the rest (non-strict)', () => {
    const { run, warnings } = warningsProject()
    run.log({ ok: 1, bad: {} as never }, { step: 0 })
    run.flush()
    expect(values(run, 'ok')).toEqual([1])
    expect(run.exists('bad')).toBe(false)
    expect(warnings.map((w) => [w.code, w.path])).toEqual([['UNSUPPORTED_VALUE', 'bad']])
  })

  it('warns once per path however often the value comes', () => {
    const { run, warnings } = warningsProject()
    for (let step = 0; step < 5; step++) run.log({ ok: step, bad: null as never }, { step })
    run.log({ other: [1, 2] as never })
    expect(warnings.map((w) => w.path)).toEqual(['bad', 'other'])
    run.flush()
    expect(values(run, 'ok')).toEqual([0, 1, 2, 3, 4])
  })

  it('with strict: true throws for an unsupported value and writes nothing of the dict', () => {
    const { run } = warningsProject(true)
    const error = thrown(() => run.log({ ok: 1, bad: {} as never }))
    expect(error).toBeInstanceOf(InvalidValueError)
    expect(error.code).toBe('INVALID_VALUE')
    expect(error.hint).toMatch(/stringifyUnsupported/)
    run.flush()
    expect(run.exists('ok')).toBe(false)
  })

  it('throws for a bad path after good keys and writes none of them', () => {
    const { run } = warningsProject()
    expect(thrown(() => run.log({ ok: 1, 'a//b': 2 })).code).toBe('INVALID_PATH')
    run.flush()
    expect(run.exists('ok')).toBe(false)
  })

  it('throws for a type conflict after good keys and writes none of them', () => {
    const { run } = warningsProject()
    run.assign('atom', 'text')
    expect(thrown(() => run.log({ ok: 1, atom: 2 })).code).toBe('FIELD_TYPE_CONFLICT')
    run.flush()
    expect(run.exists('ok')).toBe(false)
  })

  it('with strict: true throws for a step that does not increase in one series and writes none', () => {
    const { run } = warningsProject(true)
    run.log({ b: 0 }, { step: 5 })
    const error = thrown(() => run.log({ a: 1, b: 1 }, { step: 5 }))
    expect(error).toBeInstanceOf(StepOrderError)
    run.flush()
    expect(run.exists('a')).toBe(false)
  })

  it("refuses { m: 1, 'm/x': 2 } (one new path inside another) and writes neither", () => {
    const { run } = warningsProject()
    expect(thrown(() => run.log({ m: 1, 'm/x': 2 })).code).toBe('FIELD_TYPE_CONFLICT')
    run.flush()
    expect(run.exists('m')).toBe(false)
    expect(run.exists('m/x')).toBe(false)
  })

  it('checks in full again after a delete: the dict that passed before now conflicts and writes nothing', () => {
    const { run } = warningsProject()
    run.log({ b: 0, a: 0 }, { step: 0 })
    run.log({ b: 1, a: 1 }, { step: 1 }) // the same paths again: only the values are checked
    run.delete('a')
    run.assign('a/x', 1) // 'a' is now a namespace
    expect(thrown(() => run.log({ b: 2, a: 2 }, { step: 2 })).code).toBe('FIELD_TYPE_CONFLICT')
    run.flush()
    expect(values(run, 'b')).toEqual([0, 1])
  })

  it('checks the values of a dict whose paths passed before: a string where a number was', () => {
    const { run } = warningsProject()
    run.log({ b: 0, a: 0 })
    expect(thrown(() => run.log({ b: 1, a: 'x' })).code).toBe('FIELD_TYPE_CONFLICT')
    expect(thrown(() => run.log({ b: 1, a: 2n ** 70n })).code).toBe('INTEGER_OUT_OF_RANGE')
    expect(thrown(() => run.log({ b: 1, a: 1 }, { step: Number.NaN })).code).toBe('INVALID_STEP')
    run.close()
    expect(thrown(() => run.log({ b: 1, a: 1 })).code).toBe('RUN_CLOSED')
    expect(values(run, 'b')).toEqual([0])
  })

  it('refuses a value that is not a dict: log(5), log(null), log([1])', () => {
    const { run } = warningsProject()
    for (const bad of [5, null, [1], 'x']) {
      const error = thrown(() => run.log(bad as never))
      expect(error).toBeInstanceOf(InvalidValueError)
      expect(error.hint).toMatch(/run\.log\(\{/)
    }
  })

  it('refuses a lone surrogate in a string value even when not strict', () => {
    const { run } = warningsProject()
    expect(thrown(() => run.log({ ok: 1, s: 'a\ud800' })).code).toBe('INVALID_STRING')
    run.flush()
    expect(run.exists('ok')).toBe(false)
  })

  it('refuses a bigint beyond 64 bits (2n ** 70n + 1n)', () => {
    const { run } = warningsProject()
    expect(thrown(() => run.log({ x: 2n ** 70n + 1n })).code).toBe('INTEGER_OUT_OF_RANGE')
  })

  it('refuses a 64-bit bigint a float would round (2n ** 53n + 1n), as assign refuses lossy casts', () => {
    const { run } = warningsProject()
    expect(thrown(() => run.log({ x: 2n ** 53n + 1n })).code).toBe('LOSSY_VALUE')
    run.log({ x: 2n ** 53n })
    run.flush()
    expect(values(run, 'x')).toEqual([2 ** 53])
  })
})

describe('assign(dict): unsupported nested values', () => {
  it('skips a nested null, number array and class instance with warnings and writes the rest', () => {
    const { run, warnings } = warningsProject()
    class Scheduler {}
    run.assign('parameters', { lr: 0.1, betas: [0.9, 0.99], scheduler: null, opt: { s: new Scheduler() } })
    expect(run.field('parameters/lr').fetch()).toBe(0.1)
    expect(run.exists('parameters/betas')).toBe(false)
    expect(warnings.map((w) => w.path).sort()).toEqual([
      'parameters/betas',
      'parameters/opt/s',
      'parameters/scheduler',
    ])
    expect(warnings[0]?.message).toMatch(/strict: true/)
  })

  it('with strict: true throws and writes nothing', () => {
    const { run } = warningsProject(true)
    expect(thrown(() => run.assign('parameters', { lr: 0.1, betas: [0.9] })).code).toBe('INVALID_VALUE')
    expect(run.exists('parameters')).toBe(false)
  })

  it('throws for an unsupported value that is not inside a dict, strict or not', () => {
    const { run } = warningsProject()
    expect(thrown(() => run.assign('x', null)).code).toBe('INVALID_VALUE')
  })

  it('throws for a bad path even where the value would be skipped', () => {
    const { run } = warningsProject()
    expect(thrown(() => run.assign('p', { lr: 1, 'a//b': null })).code).toBe('INVALID_PATH')
    expect(run.exists('p')).toBe(false)
  })

  it('refuses an object that contains itself (CYCLIC_VALUE), writing nothing', () => {
    const { run } = warningsProject()
    const cyclic: Record<string, unknown> = { a: 1 }
    cyclic.self = cyclic
    const error = thrown(() => run.assign('v', cyclic))
    expect(error).toBeInstanceOf(InvalidValueError)
    expect(error.code).toBe('CYCLIC_VALUE')
    expect(run.exists('v')).toBe(false)
  })

  it("refuses { m: 1, 'm/x': 2 } and a path named twice, writing nothing", () => {
    const { run } = warningsProject()
    expect(thrown(() => run.assign('p', { m: 1, 'm/x': 2 })).code).toBe('FIELD_TYPE_CONFLICT')
    expect(thrown(() => run.assign('p', { a: { b: 1 }, 'a/b': 2 })).code).toBe('DUPLICATE_PATH')
    expect(run.exists('p')).toBe(false)
  })

  it('accepts the same object twice side by side (shared, not cyclic)', () => {
    const { run } = warningsProject()
    const shared = { n: 1 }
    run.assign('v', { a: shared, b: shared })
    expect(run.field('v/b/n').fetch()).toBe(1)
  })

  it('refuses an Integer beyond 64 bits: assign 2n ** 64n and -(2n ** 63n) - 1n', () => {
    const { run } = warningsProject()
    expect(thrown(() => run.assign('x', 2n ** 64n)).code).toBe('INTEGER_OUT_OF_RANGE')
    expect(thrown(() => run.assign('y', -(2n ** 63n) - 1n)).code).toBe('INTEGER_OUT_OF_RANGE')
    run.assign('z', 2n ** 63n - 1n)
    expect(run.field('z').fetch()).toBe(2n ** 63n - 1n)
  })

  it('refuses a lone surrogate in a String and in a StringSet member', () => {
    const { run } = warningsProject()
    expect(thrown(() => run.assign('s', 'a\udc00b')).code).toBe('INVALID_STRING')
    expect(thrown(() => run.assign('set', ['ok', '\ud83d'])).code).toBe('INVALID_STRING')
    expect(thrown(() => run.tags.add('\ud800')).code).toBe('INVALID_STRING')
    run.assign('emoji', 'a\ud83d\ude00b') // a whole pair is fine and reads back unchanged
    expect(run.field('emoji').fetch()).toBe('a\ud83d\ude00b')
  })
})

describe('series writes that are refused fix no type', () => {
  it('append(1, { step: NaN }) leaves the path free for an assign', () => {
    const { run } = warningsProject()
    expect(thrown(() => run.field('p').append(1, { step: Number.NaN })).code).toBe('INVALID_STEP')
    run.assign('p', 'text')
    expect(run.field('p').fetch()).toBe('text')
  })

  it('log with a NaN step leaves every path of the dict free', () => {
    const { run } = warningsProject()
    expect(thrown(() => run.log({ p: 1, q: 'x' }, { step: Number.POSITIVE_INFINITY })).code).toBe(
      'INVALID_STEP',
    )
    run.assign('p', 'text')
    run.assign('q', 2)
    expect(run.field('q').fetch()).toBe(2)
  })

  it('a point at or before the fork step (STEP_NOT_AFTER_FORK, strict) leaves the path free', () => {
    const { project, run } = warningsProject(true)
    run.log({ loss: 1 }, { step: 0 })
    run.log({ loss: 2 }, { step: 1 })
    run.close()
    const fork = project.startRun({ forkFrom: { run: run.id, step: 1 } })
    expect(thrown(() => fork.field('fresh').append(1, { step: 0 })).code).toBe('STEP_NOT_AFTER_FORK')
    expect(thrown(() => fork.log({ other: 1 }, { step: 1 })).code).toBe('STEP_NOT_AFTER_FORK')
    fork.assign('fresh', 'text')
    fork.assign('other', 'text')
    expect(fork.field('other').fetch()).toBe('text')
  })

  it('extend() with a bad step among good ones writes none of the points', () => {
    const { run } = warningsProject()
    expect(thrown(() => run.field('e').extend([1, 2, 3], { steps: [0, Number.NaN, 2] })).code).toBe(
      'INVALID_STEP',
    )
    run.flush()
    expect(run.exists('e')).toBe(false)
  })

  it('extend() with a value of the wrong kind among good ones writes none of them', () => {
    const { run } = warningsProject()
    expect(thrown(() => run.field('e').extend([1, 'x' as never, 3])).code).toBe('FIELD_TYPE_CONFLICT')
    run.flush()
    expect(run.exists('e')).toBe(false)
  })

  it('extend() with strict: true and a step that goes back writes none of the points', () => {
    const { run } = warningsProject(true)
    expect(thrown(() => run.field('e').extend([1, 2, 3], { steps: [0, 5, 4] })).code).toBe(
      'STEP_NOT_INCREASING',
    )
    run.flush()
    expect(run.exists('e')).toBe(false)
  })
})
