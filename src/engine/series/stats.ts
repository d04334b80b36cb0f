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

/**
 * `base` extended by values [start, end): NaN takes no part in min/max; sums count finite values only.
 * The sums are the plain sequential ones (value by value, in order), so a flush's statistics do not depend
 * on how its points were chunked.
 */
export function accumulate(
  base: ValueStats,
  values: ArrayLike<number>,
  start: number,
  end: number,
): ValueStats {
  // number locals (never null) keep the loop on unboxed doubles; `seen` says whether min/max hold a value
  let seen = base.min !== null
  let min = seen ? +base.min! : Infinity
  let max = seen ? +base.max! : -Infinity
  let finiteCount = base.finiteCount
  let sum = base.sum
  let sumSq = base.sumSq
  for (let i = start; i < end; i++) {
    const v = values[i]!
    if (v !== v) continue
    if (v < min) min = v
    if (v > max) max = v
    if (v - v === 0) {
      finiteCount++
      sum += v
      sumSq += v * v
    } else seen = true
  }
  if (finiteCount > base.finiteCount) seen = true
  return { min: seen ? min : null, max: seen ? max : null, finiteCount, sum, sumSq }
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
