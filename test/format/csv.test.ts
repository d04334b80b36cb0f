import { describe, expect, it } from 'vitest'
import { csvCell, csvText, toCsv } from '../../src/format/csv.js'

describe('CSV', () => {
  it('writes special numbers, bigints, dates and arrays exactly', () => {
    expect(
      [Number.NaN, Infinity, -0, 0.1, 2n ** 64n, new Date(0), ['a', 'b'], true, null, undefined].map(csvText),
    ).toEqual([
      'NaN',
      'Infinity',
      '-0',
      '0.1',
      '18446744073709551616',
      '1970-01-01T00:00:00.000Z',
      '["a","b"]',
      'true',
      '',
      '',
    ])
  })

  it('quotes what needs quoting (RFC 4180)', () => {
    expect(['plain', 'a,b', 'say "hi"', 'two\nlines', ' padded', 'cr\r'].map(csvCell)).toEqual([
      'plain',
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
      '" padded"',
      '"cr\r"',
    ])
  })

  it('writes a header and one line per row', () => {
    expect(
      toCsv(
        ['x', 'y,z'],
        [
          [1, 'a'],
          [null, 'b"c'],
        ],
      ),
    ).toBe('x,"y,z"\n1,a\n,"b""c"\n')
  })
})
