/**
 * The value statistics a float series keeps on its field row (min, max, finite count, sum, sum of
 * squares): extended point by point on flush, and computed whole for a fork's inherited points.
 *
 * @example
 * accumulate({ min: null, max: null, finiteCount: 0, sum: 0, sumSq: 0 }, [1, NaN, 3], 0, 3)
 * // { min: 1, max: 3, finiteCount: 2, sum: 4, sumSq: 10 }
 */
import { floatBits } from '../fields/atom-codec.js'
import type { SeriesPoints } from './codec.js'

/** Running value statistics of a float series, as the field row keeps them. */
export interface ValueStats {
  min: number | null
  max: number | null
  finiteCount: number
  sum: number
  sumSq: number
}

/** `base` extended by values [start, end): NaN takes no part in min/max; sums count finite values only. */
export function accumulate(
  base: ValueStats,
  values: ArrayLike<number>,
  start: number,
  end: number,
): ValueStats {
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

/** The whole summary of `points` as the field row keeps it: count, step range, last value and its bits, stats. */
export function floatSummary(points: SeriesPoints) {
  const stats = accumulate(
    { min: null, max: null, finiteCount: 0, sum: 0, sumSq: 0 },
    points.values,
    0,
    points.values.length,
  )
  const n = points.values.length
  const last = points.values[n - 1]
  return {
    count: n,
    firstStep: n > 0 ? points.steps[0]! : null,
    lastStep: n > 0 ? points.steps[n - 1]! : null,
    last: last === undefined || Number.isNaN(last) ? null : last,
    lastBits: last === undefined ? null : floatBits(last),
    ...stats,
  }
}
