/** JavaScript values -> field types, and the errors for values no field can hold. */
import { describe, expect, it } from 'vitest'
import { InvalidPathError, InvalidValueError } from '../../../src/index.js'
import { flatten, isPlainObject, typeOfValue } from '../../../src/engine/fields/values.js'
import { tempProject, thrown } from '../../helpers/project.js'

class Point {
  constructor(readonly x = 1) {}
}

const unsupportedValues: [string, unknown, RegExp][] = [
  ['a function', () => 1, /function/],
  ['a symbol', Symbol('s'), /symbol/],
  ['undefined', undefined, /undefined/],
  ['null', null, /null/],
  ['a class instance', new Point(), /Point/],
  ['a Map', new Map([['a', 1]]), /Map/],
  ['a boxed number', Object(3) as unknown, /Number/],
  ['a typed array', new Float64Array(2), /Float64Array/],
  ['a RegExp', /x/, /RegExp/],
]

function valueError(fn: () => unknown): InvalidValueError {
  const error = thrown(fn)
  expect(error).toBeInstanceOf(InvalidValueError)
  expect(error.code).toBe('INVALID_VALUE')
  expect(error.hint?.length).toBeGreaterThan(0)
  return error as InvalidValueError
}

describe('typeOfValue', () => {
  it('maps number, bigint, boolean, string and Date to the atom types, and string arrays to StringSet', () => {
    expect(typeOfValue('p', 0.5)).toBe('Float')
    expect(typeOfValue('p', Number.NaN)).toBe('Float')
    expect(typeOfValue('p', -Infinity)).toBe('Float')
    expect(typeOfValue('p', 3)).toBe('Float') // a JS number is a Float, even when integral
    expect(typeOfValue('p', 3n)).toBe('Integer')
    expect(typeOfValue('p', false)).toBe('Boolean')
    expect(typeOfValue('p', '')).toBe('String')
    expect(typeOfValue('p', new Date(0))).toBe('Datetime')
    expect(typeOfValue('p', ['a', 'b'])).toBe('StringSet')
    expect(typeOfValue('p', [])).toBe('StringSet')
  })

  it.each(unsupportedValues)('refuses %s, naming the path and the kind of value', (_, value, kind) => {
    const error = valueError(() => typeOfValue('params/x', value))
    expect(error.message).toContain("'params/x'")
    expect(error.message).toMatch(kind)
  })

  it('refuses an invalid Date', () => {
    expect(valueError(() => typeOfValue('when', new Date('nope'))).message).toMatch(/invalid Date at 'when'/)
  })

  it('refuses arrays that are not all strings, suggesting extend() or a string', () => {
    for (const value of [[1, 2], ['a', 1], [null], [['a']], [{ a: 1 }], [1n]]) {
      const error = valueError(() => typeOfValue('data/xs', value))
      expect(error.message).toMatch(/array to 'data\/xs'/)
      expect(error.hint).toContain("field('data/xs').extend(values)")
      expect(error.hint).toMatch(/JSON\.stringify/)
    }
  })
})

describe('flatten', () => {
  it('expands nested plain objects into paths, leaving arrays and Dates as leaves', () => {
    const when = new Date(5)
    expect(
      flatten('parameters', { lr: 0.01, opt: { name: 'adam', betas: { b1: 0.9 } }, tags: ['a'], when }),
    ).toEqual([
      ['parameters/lr', 0.01],
      ['parameters/opt/name', 'adam'],
      ['parameters/opt/betas/b1', 0.9],
      ['parameters/tags', ['a']],
      ['parameters/when', when],
    ])
  })

  it('treats the empty namespace as the root and a prototype-less object as plain', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 })
    expect(isPlainObject(bare)).toBe(true)
    expect(flatten('', { x: bare })).toEqual([['x/a', 1]])
  })

  it('gives nothing for an empty object', () => {
    expect(flatten('ns', {})).toEqual([])
  })

  it('refuses a non-object at the root as a missing path', () => {
    expect(thrown(() => flatten('', 5))).toBeInstanceOf(InvalidPathError)
  })
})

describe('values through run.assign', () => {
  it.each(unsupportedValues)('with strict: true, refuses %s and writes nothing of the object', (_, value) => {
    const run = tempProject({ strict: true }).startRun()
    const error = valueError(() => run.assign('parameters', { lr: 0.1, bad: value }))
    expect(error.message).toContain("'parameters/bad'")
    expect(run.exists('parameters')).toBe(false)
    run.close()
  })

  it('assigns an array of strings as a StringSet and refuses mixed and number arrays', () => {
    const run = tempProject().startRun()
    run.assign('data/splits', ['val', 'train', 'val'])
    expect(run.field('data/splits').type()).toBe('StringSet')
    expect(run.field('data/splits').fetch()).toEqual(['train', 'val'])
    expect(valueError(() => run.assign('data/xs', [1, 2, 3])).hint).toMatch(/extend/)
    expect(valueError(() => run.assign('data/mixed', ['a', 2])).hint).toMatch(/extend/)
    expect(run.exists('data/xs')).toBe(false)
    run.close()
  })

  it('with strict: true, refuses unsupported values in log()', () => {
    const run = tempProject({ strict: true }).startRun()
    for (const value of [true, null, undefined, {}, [1]]) {
      const error = thrown(() => run.log({ 'train/x': value as never }))
      expect(error).toBeInstanceOf(InvalidValueError)
      expect(error.message).toContain("'train/x'")
    }
    run.close()
  })

  it('refuses unsupported values in append()', () => {
    const run = tempProject().startRun()
    for (const value of [true, null, undefined, {}, Symbol('s')]) {
      expect(thrown(() => run.field('train/x').append(value as never))).toBeInstanceOf(InvalidValueError)
    }
    expect(run.exists('train/x')).toBe(false)
    run.close()
  })
})
