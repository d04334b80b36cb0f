/**
 * The chart's smoothing (debiased EMA, time-weighted EMA, running mean), outlier y range and the
 * parameters diff keys: pure functions of the viewer, tested in Node.
 */
import { describe, expect, it } from 'vitest'
import { robustRange } from '../../src/viewer/chart/outliers.js'
import { ema, runningMean, smooth, twema } from '../../src/viewer/chart/smoothing.js'
import { diffKeys } from '../../src/viewer/views/params-diff.js'

describe('smoothing', () => {
  it('debiased EMA: the first value is kept (no pull toward 0), then s = w·s + (1-w)·y debiased', () => {
    const out = ema([10, 20, 30], 0.5)
    expect(out[0]).toBeCloseTo(10)
    // raw accumulators: 5, 12.5, 21.25; debias 0.5, 0.75, 0.875
    expect(out[1]).toBeCloseTo(12.5 / 0.75)
    expect(out[2]).toBeCloseTo(21.25 / 0.875)
    expect(ema([3, 3, 3, 3], 0.9)).toEqual([3, 3, 3, 3].map((v) => expect.closeTo(v)))
  })

  it('lets NaN and ±Infinity through without poisoning later values', () => {
    const out = ema([1, NaN, Infinity, 1], 0.6)
    expect(out[1]).toBeNaN()
    expect(out[2]).toBe(Infinity)
    expect(out[3]).toBeCloseTo(1)
    expect(runningMean([2, NaN, 4], 5)[2]).toBe(3)
    expect(twema([0, 1, 2], [1, -Infinity, 1], 0.6)[2]).toBeCloseTo(1)
  })

  it('time-weighted EMA weighs by x distance: a far point decays the past more than a near one', () => {
    const dense = twema([0, 1, 2, 100], [0, 0, 0, 10], 0.9)
    const sparse = twema([0, 97, 98, 100], [0, 0, 0, 10], 0.9)
    expect(dense[3]).toBeGreaterThan(sparse[3] as number)
    expect(twema([0, 1, 2], [5, 5, 5], 0.6)).toEqual([5, 5, 5].map((v) => expect.closeTo(v)))
  })

  it('running mean over a trailing window; smooth() dispatches and "none" is null', () => {
    expect(runningMean([1, 2, 3, 4], 2)).toEqual([1, 1.5, 2.5, 3.5])
    expect(smooth('none', [0], [1], 0.5)).toBeNull()
    expect(smooth('mean', [0, 1], [1, 3], 0.02)).toEqual([1, 2])
  })
})

describe('ignore outliers', () => {
  it('ranges over the 5th–95th percentile so one huge value does not flatten the rest', () => {
    const values = Array.from({ length: 100 }, (_, i) => i)
    values.push(1e9)
    const [lo, hi] = robustRange(values) as [number, number]
    expect(lo).toBeLessThan(5)
    expect(hi).toBeGreaterThan(95)
    expect(hi).toBeLessThan(200)
  })

  it('leaves the range alone when there are too few values', () => {
    expect(robustRange([1, 2, 3])).toBeNull()
  })
})

describe('parameters diff', () => {
  it('keeps only differing keys unless all are asked for; a missing key differs', () => {
    const a = new Map([
      ['lr', '0.1'],
      ['seed', '7'],
    ])
    const b = new Map([
      ['lr', '0.5'],
      ['seed', '7'],
      ['extra', '1'],
    ])
    expect(diffKeys([a, b], false)).toEqual(['extra', 'lr'])
    expect(diffKeys([a, b], true)).toEqual(['extra', 'lr', 'seed'])
  })
})
