/** Zigzag varints: exact round trips over the whole safe-integer range, and their byte sizes. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { VarintReader, writeVarint } from '../../../src/engine/series/varint.js'

function roundTrip(values: readonly number[]): { read: number[]; bytes: number } {
  const out = new Uint8Array(values.length * 10)
  let end = 0
  for (const v of values) end = writeVarint(out, end, v)
  const reader = new VarintReader(out.subarray(0, end))
  const read = values.map(() => reader.next())
  expect(reader.offset).toBe(end)
  return { read, bytes: end }
}

describe('varint', () => {
  it('round-trips small, negative and boundary values', () => {
    const values = [
      0,
      1,
      -1,
      2,
      -2,
      63,
      -64,
      64,
      -65,
      127,
      128,
      -128,
      8191,
      8192,
      2 ** 31,
      -(2 ** 31),
      2 ** 40 + 7,
      -(2 ** 40) - 7,
    ]
    expect(roundTrip(values).read).toEqual(values)
  })

  it('writes small magnitudes in one byte and the zigzag order 0, -1, 1, -2', () => {
    const out = new Uint8Array(10)
    expect(writeVarint(out, 0, 0)).toBe(1)
    expect(out[0]).toBe(0)
    writeVarint(out, 0, -1)
    expect(out[0]).toBe(1)
    writeVarint(out, 0, 1)
    expect(out[0]).toBe(2)
    writeVarint(out, 0, -2)
    expect(out[0]).toBe(3)
    expect(writeVarint(out, 0, 63)).toBe(1)
    expect(writeVarint(out, 0, -64)).toBe(1)
    expect(writeVarint(out, 0, 64)).toBe(2)
  })

  it('writes at the given offset and returns the offset after the value', () => {
    const out = new Uint8Array(12)
    const end = writeVarint(out, 3, 300)
    expect(end).toBe(5)
    expect(new VarintReader(out, 3).next()).toBe(300)
  })

  it('round-trips the extremes of the safe-integer range exactly, in at most 8 bytes each', () => {
    const values = [
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER - 1,
      -Number.MAX_SAFE_INTEGER + 1,
      2 ** 52 + 1,
      -(2 ** 52) - 1,
      2 ** 53 - 3,
    ]
    const { read, bytes } = roundTrip(values)
    expect(read).toEqual(values)
    expect(bytes).toBeLessThanOrEqual(values.length * 8)
  })

  it('round-trips any safe integer (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.maxSafeInteger(), { maxLength: 50 }), (values) => {
        expect(roundTrip(values).read).toEqual(values)
      }),
      { numRuns: 300 },
    )
  })

  it('writes the same bytes as the textbook zigzag LEB128 (computed with bigints), so old chunks still decode', () => {
    const reference = (value: number): number[] => {
      const v = BigInt(value)
      let z = v >= 0n ? v * 2n : -v * 2n - 1n
      const bytes: number[] = []
      do {
        const low = Number(z & 0x7fn)
        z >>= 7n
        bytes.push(z > 0n ? low | 0x80 : low)
      } while (z > 0n)
      return bytes
    }
    fc.assert(
      fc.property(fc.oneof(fc.maxSafeInteger(), fc.integer({ min: -100_000, max: 100_000 })), (value) => {
        const out = new Uint8Array(10)
        const end = writeVarint(out, 0, value)
        expect([...out.subarray(0, end)]).toEqual(reference(value))
      }),
      { numRuns: 500 },
    )
  })

  it('refuses a value it cannot encode exactly instead of writing past the buffer', () => {
    const out = new Uint8Array(10)
    expect(() => writeVarint(out, 0, 1e300)).toThrow(RangeError)
    expect(() => writeVarint(out, 0, 0.5)).toThrow(RangeError)
    expect(() => writeVarint(out, 0, Number.NaN)).toThrow(RangeError)
  })
})
