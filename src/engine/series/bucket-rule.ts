/**
 * The one rule of a bucket read, whatever holds the chunks (project.db, or rows read from a hub): over
 * [lo, hi], a series read segment by segment through its lineage gives its raw points when at most 2n
 * fall in the range, else n exact buckets — folded from level-of-detail blocks when the chunks in range
 * hold many points, from the points themselves when few.
 *
 * @example
 * bucketRead({ segments, pointsAtMost, fold, points }, 1000, 0, 1_000_000)   // { mode: 'buckets', … }
 */
import { BucketAccumulator, BucketGrid, type SeriesBuckets } from './buckets.js'
import { foldPoints } from './chunk-fold.js'
import type { SeriesPoints } from './codec.js'
import { LOD_BLOCK } from './lod.js'

/** What a bucket read returns: the raw points when few fall in range, else exact buckets. */
export type FloatRead =
  | { mode: 'points'; from: number; to: number; points: SeriesPoints }
  | { mode: 'buckets'; from: number; to: number; buckets: SeriesBuckets }

/**
 * Below this many points (an upper bound from the chunks), or fewer than two blocks' points a bucket,
 * a bucket read reads the points themselves: blocks only pay when most of them fit inside a bucket.
 */
const SMALL_READ = 65_536

/** The segments of a series read and how to read each (a segment: one field's chunks, read up to `hi`). */
export interface BucketSource<S> {
  /** The segments with points in range, root ancestor first; `hi` is min(hi, the segment's last step read). */
  segments: { segment: S; hi: number }[]
  /** An upper bound of the segment's points with lo <= step <= hi (the counts of the chunks that overlap). */
  pointsAtMost(segment: S, lo: number, hi: number): number
  /** Folds the segment's points with lo <= step <= hi into `acc`, from blocks where they fit a bucket. */
  fold(segment: S, lo: number, hi: number, acc: BucketAccumulator): void
  /** The series' points with lo <= step <= hi, read through every segment. */
  points(lo: number, hi: number): SeriesPoints
}

/** The series over [lo, hi] as `n` exact buckets, or its points when at most 2n fall in range. */
export function bucketRead<S>(source: BucketSource<S>, n: number, lo: number, hi: number): FloatRead {
  let most = 0
  for (const s of source.segments) most += source.pointsAtMost(s.segment, lo, s.hi)
  const acc = new BucketAccumulator(new BucketGrid(lo, hi, n))
  if (most <= Math.max(2 * n, SMALL_READ, n * 2 * LOD_BLOCK) || hi <= lo) {
    // a small range: its points cost less than blocks; bucket them only when there are many
    const points = source.points(lo, hi)
    if (points.steps.length <= 2 * n || hi <= lo) return { mode: 'points', from: lo, to: hi, points }
    foldPoints(acc, points, 0, points.steps.length, lo, hi)
  } else {
    for (const s of source.segments) source.fold(s.segment, lo, s.hi, acc)
  }
  return { mode: 'buckets', from: lo, to: hi, buckets: acc.result() }
}
