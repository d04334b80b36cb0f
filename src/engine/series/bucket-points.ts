/**
 * Level of detail over points already in memory (decoded from chunk rows held outside project.db, like
 * the hub's): the same grid, accumulator and points-or-buckets rule as a local bucket read, so both
 * stores answer alike.
 *
 * @example
 * bucketPoints(decodeChunks(chunks), 1000)   // { mode: 'buckets', from, to, buckets: { start, min, max, … } }
 */
import type { FloatRead } from '../runs/series-reads.js'
import { BucketAccumulator, BucketGrid } from './buckets.js'
import type { SeriesPoints } from './codec.js'

/** `points` (in step order) over [from, to] (default: first and last step) as `n` exact buckets, or the points when at most 2n. */
export function bucketPoints(points: SeriesPoints, n: number, from?: number, to?: number): FloatRead {
  const steps = points.steps
  const lo = from ?? steps[0] ?? 0
  const hi = to ?? steps[steps.length - 1] ?? lo
  let start = 0
  while (start < steps.length && steps[start]! < lo) start++
  let end = start
  while (end < steps.length && steps[end]! <= hi) end++
  const inRange: SeriesPoints = {
    steps: steps.subarray(start, end),
    values: points.values.subarray(start, end),
    timestamps: points.timestamps.subarray(start, end),
  }
  if (end - start <= 2 * n || hi <= lo) return { mode: 'points', from: lo, to: hi, points: inRange }
  const acc = new BucketAccumulator(new BucketGrid(lo, hi, n))
  for (let k = start; k < end; k++)
    acc.point(acc.grid.index(steps[k]!), steps[k]!, points.values[k]!, points.timestamps[k]!)
  return { mode: 'buckets', from: lo, to: hi, buckets: acc.result() }
}
