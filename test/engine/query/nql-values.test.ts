import { describe, expect, it } from 'vitest'
import {
  readBoolean,
  readDatetime,
  readNumber,
  readState,
  regexpProblem,
} from '../../../src/engine/query/nql-values.js'

describe('readNumber', () => {
  it.each([
    ['0', 0],
    ['-0', -0],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['-2E+3', -2000],
    ['1e-9', 1e-9],
    ['9007199254740991', 9007199254740991],
    ['NaN', Number.NaN],
    ['nan', Number.NaN],
    ['Infinity', Infinity],
    ['-inf', -Infinity],
    ['+Infinity', Infinity],
  ])('%s', (text, value) => {
    expect(Object.is(readNumber(text), value)).toBe(true)
  })

  it('keeps integers beyond 2^53 exact', () => {
    expect(readNumber('9007199254740993')).toBe(9007199254740993n)
    expect(readNumber('-99999999999999999999')).toBe(-99999999999999999999n)
  })

  it.each(['', 'abc', '1,5', '0x10', '1e', '--1', '1.2.3', 'true'])('refuses %j', (text) => {
    expect(readNumber(text)).toBeUndefined()
  })
})

describe('readDatetime', () => {
  const at = (iso: string) => Date.parse(iso)
  it.each([
    ['2024-05-01', at('2024-05-01T00:00:00Z')],
    ['2024-05-01T12:00', at('2024-05-01T12:00:00Z')],
    ['2024-05-01 12:00:30', at('2024-05-01T12:00:30Z')],
    ['2024-05-01T12:00:30.5Z', at('2024-05-01T12:00:30.500Z')],
    ['2024-05-01T12:00:30.123456789Z', at('2024-05-01T12:00:30.123Z')],
    ['2024-05-01T12:00:00+02:00', at('2024-05-01T10:00:00Z')],
    ['2024-05-01T12:00:00+0200', at('2024-05-01T10:00:00Z')],
    ['2024-05-01T12:00:00-05', at('2024-05-01T17:00:00Z')],
    ['2024-05-01T12:00:00z', at('2024-05-01T12:00:00Z')],
  ])('%s (UTC unless an offset is given)', (text, ms) => {
    expect(readDatetime(text)).toBe(ms)
  })

  it.each(['yesterday', '2024-13-01', '2024-05-01T25:00', '1714564800000', '05/01/2024', ''])(
    'refuses %j',
    (text) => {
      expect(readDatetime(text)).toBeUndefined()
    },
  )
})

describe('booleans, states, regular expressions', () => {
  it('reads booleans in any case', () => {
    expect([readBoolean('true'), readBoolean('FALSE'), readBoolean('True'), readBoolean('1')]).toEqual([
      true,
      false,
      true,
      undefined,
    ])
  })

  it("maps Neptune's Active/Inactive to running/idle", () => {
    expect(['running', 'Active', 'IDLE', 'inactive', 'paused'].map(readState)).toEqual([
      'running',
      'running',
      'idle',
      'idle',
      undefined,
    ])
  })

  it('says why a regular expression is invalid', () => {
    expect(regexpProblem('^a.*$')).toBeUndefined()
    expect(regexpProblem('(')).toMatch(/Invalid regular expression/)
  })
})
