/** How atoms sit in a fields row, exactly: floats bit for bit, integers as 64-bit text, sets sorted. */
import { describe, expect, it } from 'vitest'
import { FieldTypeError } from '../../../src/index.js'
import {
  castAtom,
  decodeAtom,
  decodeStringSet,
  encodeAtom,
  encodeStringSet,
  floatBits,
  floatFromCells,
} from '../../../src/engine/fields/atom-codec.js'
import { thrown } from '../../helpers/project.js'

describe('encodeAtom / decodeAtom', () => {
  it('round-trips NaN, -0, +Infinity, -Infinity and ordinary floats exactly', () => {
    for (const v of [
      Number.NaN,
      -0,
      0,
      Infinity,
      -Infinity,
      0.1,
      -1e-320,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
    ]) {
      expect(Object.is(decodeAtom('Float', encodeAtom('Float', v)), v)).toBe(true)
    }
  })

  it('keeps NaN and -0 in bits (SQLite REAL loses them) with a queryable num beside', () => {
    expect(encodeAtom('Float', Number.NaN)).toMatchObject({ num: null })
    expect(encodeAtom('Float', Number.NaN).bits?.length).toBe(8)
    const negZero = encodeAtom('Float', -0)
    expect(negZero.num === 0).toBe(true) // 0 or -0: SQLite keeps the sign only in bits
    expect(negZero.bits).toEqual(floatBits(-0))
    expect(encodeAtom('Float', 2.5)).toEqual({ num: 2.5, text: null, bits: null })
  })

  it('reads a float from num when there are no bits, NULL being NaN', () => {
    expect(floatFromCells(1.5, null)).toBe(1.5)
    expect(floatFromCells(null, null)).toBeNaN()
    expect(Object.is(floatFromCells(0, floatBits(-0)), -0)).toBe(true)
  })

  it('stores integers as decimal text, exact to 64 bits and beyond', () => {
    for (const v of [0n, -1n, 2n ** 62n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 64n + 1n]) {
      const cells = encodeAtom('Integer', v)
      expect(cells.text).toBe(v.toString())
      expect(decodeAtom('Integer', cells)).toBe(v)
    }
    expect(encodeAtom('Integer', 2n ** 62n).num).toBe(2 ** 62)
  })

  it('round-trips booleans, strings and datetimes', () => {
    expect(decodeAtom('Boolean', encodeAtom('Boolean', true))).toBe(true)
    expect(decodeAtom('Boolean', encodeAtom('Boolean', false))).toBe(false)
    for (const s of ['', 'ELU', 'naïve 😀', 'a\u0000b', 'x'.repeat(100_000)])
      expect(decodeAtom('String', encodeAtom('String', s))).toBe(s)
    const when = new Date('2024-02-29T12:34:56.789Z')
    const back = decodeAtom('Datetime', encodeAtom('Datetime', when))
    expect(back).toBeInstanceOf(Date)
    expect((back as Date).getTime()).toBe(when.getTime())
  })
})

describe('castAtom', () => {
  it('passes values of the field type through', () => {
    expect(castAtom('p', 'Float', 0.5)).toBe(0.5)
    expect(castAtom('p', 'Integer', 7n)).toBe(7n)
    expect(castAtom('p', 'Boolean', true)).toBe(true)
    expect(castAtom('p', 'String', 's')).toBe('s')
  })

  it('converts only where nothing is lost: an integral number into an Integer, an exact bigint into a Float', () => {
    expect(castAtom('p', 'Integer', 12)).toBe(12n)
    expect(castAtom('p', 'Float', 2n ** 53n)).toBe(2 ** 53)
    expect(thrown(() => castAtom('p', 'Integer', 0.5))).toBeInstanceOf(FieldTypeError)
    expect(thrown(() => castAtom('p', 'Integer', 2 ** 60))).toBeInstanceOf(FieldTypeError)
    expect(thrown(() => castAtom('p', 'Float', 2n ** 53n + 1n))).toBeInstanceOf(FieldTypeError)
  })

  it('throws FIELD_TYPE_CONFLICT with a hint for another type', () => {
    const cases: [Parameters<typeof castAtom>[1], unknown][] = [
      ['Float', 'high'],
      ['String', 1],
      ['Boolean', 1],
      ['Datetime', 0],
      ['Integer', 'x'],
    ]
    for (const [type, value] of cases) {
      const error = thrown(() => castAtom('metrics/acc', type, value))
      expect(error).toBeInstanceOf(FieldTypeError)
      expect(error.code).toBe('FIELD_TYPE_CONFLICT')
      expect(error.message).toContain(`'metrics/acc' is a ${type} field`)
      expect(error.hint).toMatch(/fixed by its first write/)
    }
  })
})

describe('string sets', () => {
  it('encode sorted and without duplicates, so equal sets are equal text', () => {
    expect(encodeStringSet(['b', 'a', 'b'])).toBe('["a","b"]')
    expect(encodeStringSet(new Set(['a', 'b']))).toBe(encodeStringSet(['b', 'a']))
    expect(decodeStringSet(encodeStringSet(['x', 'é', '"quoted"']))).toEqual(['"quoted"', 'x', 'é'])
    expect(decodeStringSet(null)).toEqual([])
    expect(decodeStringSet(encodeStringSet([]))).toEqual([])
  })
})
