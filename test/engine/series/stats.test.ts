/** Field-row value statistics: accumulate gives exactly (bit for bit) what the plain per-value definition gives. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { accumulate, type ValueStats } from '../../../src/engine/series/stats.js'

/** The straightforward definition (the code accumulate had before it was tuned), as the reference. */
function reference(base: ValueStats, values: ArrayLike<number>, start: number, end: number): ValueStats {
  let { min, max, finiteCount, sum, sumSq } = base
  for (let i = start; i < end; i++) {
    const v = values[i]!
    if (v !== v) continue
    if (min === null || v < min) min = v
    if (max === null || v > max) max = v
    if (Number.isFinite(v)) {
      finiteCount++
      sum += v
      sumSq += v * v
    }
  }
  return { min, max, finiteCount, sum, sumSq }
}

/** The fields of `s` with each number as its bits (so -0 and 0, and NaN payloads, differ). */
function bits(s: ValueStats): unknown[] {
  const f = new Float64Array(1)
  const u = new BigUint64Array(f.buffer)
  return [s.min, s.max, s.finiteCount, s.sum, s.sumSq].map((x) => {
    if (x === null) return null
    f[0] = x
    return u[0]!.toString(16)
  })
}

const value = fc.oneof(
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1, -1),
  fc.double({ min: -1e3, max: 1e3, noNaN: true }),
)

describe('accumulate', () => {
  it('matches the reference bit for bit on random columns (NaN, ±Infinity, -0 included)', () => {
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 300 }),
        fc.option(fc.tuple(fc.double({ noNaN: true }), fc.double({ noNaN: true }))),
        fc.nat(40),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.nat(5),
        (xs, mm, count, sum, cut) => {
          const values = Float64Array.from(xs)
          const base: ValueStats =
            mm === null
              ? { min: null, max: null, finiteCount: 0, sum: 0, sumSq: 0 }
              : { min: Math.min(...mm), max: Math.max(...mm), finiteCount: count, sum, sumSq: sum * sum }
          const start = Math.min(cut, values.length)
          expect(bits(accumulate(base, values, start, values.length))).toEqual(
            bits(reference(base, values, start, values.length)),
          )
        },
      ),
      { numRuns: 500 },
    )
  })

  it('keeps the first of equal extremes (-0 before 0 stays -0) and leaves min/max null with only NaN', () => {
    const empty = { min: null, max: null, finiteCount: 0, sum: 0, sumSq: 0 }
    const s = accumulate(empty, Float64Array.from([-0, 0, NaN]), 0, 3)
    expect(Object.is(s.min, -0) && Object.is(s.max, -0)).toBe(true)
    expect(accumulate(empty, [NaN, NaN], 0, 2)).toEqual(empty)
    expect(accumulate(empty, [Infinity, -Infinity], 0, 2)).toMatchObject({
      min: -Infinity,
      max: Infinity,
      finiteCount: 0,
    })
  })
})
