/**
 * Reads of a float series whose chunk rows are held outside project.db (a PostgreSQL hub keeps them as
 * the source stored them), through a fork's lineage like a local read: the series is a list of segments,
 * root ancestor first, each one field's chunk rows and the last step read of it (`upTo`; the run's own
 * field last, with Infinity). Points and buckets come out exactly as the engine's own reads give them
 * (same decoder, same bucket rule, same level-of-detail folding), so two stores of one project agree.
 *
 * @example
 * const segments = [{ chunks: parentRows, upTo: 500 }, { chunks: ownRows, upTo: Infinity }]
 * segmentPoints(segments, 100, 900)             // the parent's points 100..500, then the fork's to 900
 * bucketSegments(segments, 1000, 0, 1_000_000)  // { mode: 'buckets', from: 0, to: 1000000, buckets: { … } }
 */
import { bucketRead, type FloatRead } from './bucket-rule.js'
import { allocPoints, concatPoints, type SeriesPoints } from './codec.js'
import { decodeChunks } from './decode-chunks.js'
import { cutToRange } from './float-store.js'
import { foldChunkRows, type ChunkRow } from './fold-rows.js'

export type { ChunkRow }

/** One field's chunk rows (in seq order) and the last step a read takes of them. */
export interface ChunkSegment {
  chunks: readonly ChunkRow[]
  upTo: number
}

const overlapping = (chunks: readonly ChunkRow[], lo: number, hi: number): ChunkRow[] =>
  chunks.filter((c) => c.stepLast >= lo && c.stepFirst <= hi)

function pointsIn(chunks: readonly ChunkRow[], from: number, to: number): SeriesPoints {
  return cutToRange(decodeChunks(overlapping(chunks, from, to)), from, to)
}

/** The points of the series with from <= step <= to, segment after segment (each cut at its `upTo`). */
export function segmentPoints(
  segments: readonly ChunkSegment[],
  from = -Infinity,
  to = Infinity,
): SeriesPoints {
  const parts = segments
    .filter((s) => s.chunks.length > 0 && from <= s.upTo)
    .map((s) => pointsIn(s.chunks, from, Math.min(to, s.upTo)))
  return parts.length === 0 ? allocPoints(0) : concatPoints(parts)
}

/**
 * The series over [lo, hi] as `n` exact buckets, or its points when at most 2n fall in range — what
 * `field.fetchBuckets({ buckets: n, from: lo, to: hi })` gives for the same chunks. Pass the run's own
 * field's first and last step for an unbounded read.
 */
export function bucketSegments(
  segments: readonly ChunkSegment[],
  n: number,
  lo: number,
  hi: number,
): FloatRead {
  const inRange = segments
    .filter((s) => s.chunks.some((c) => c.count > 0) && lo <= Math.min(hi, s.upTo))
    .map((s) => ({ segment: s.chunks, hi: Math.min(hi, s.upTo) }))
  return bucketRead(
    {
      segments: inRange,
      pointsAtMost: (chunks, a, b) => overlapping(chunks, a, b).reduce((n, c) => n + c.count, 0),
      fold: (chunks, a, b, acc) => foldChunkRows(acc, chunks, a, b),
      points: (a, b) => segmentPoints(segments, a, b),
    },
    n,
    lo,
    hi,
  )
}
