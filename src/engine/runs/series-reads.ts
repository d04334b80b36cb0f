/**
 * Reading a run's series through its lineage: a fork's points are its parent's up to the fork step, then
 * its own, read segment by segment without a copy. The segments were fixed at fork time (fork-reads.ts).
 *
 * @example
 * readFloatSeries(db, child.rowId, 'metrics/acc')          // parent's points <= 500, then the child's
 * readStringSeries(db, run.rowId, 'logs/stdout', 0, 99)   // { steps, timestamps, values }
 * readFloatBuckets(db, run.rowId, 'metrics/acc', 1000)    // { mode: 'buckets', buckets: { min, max, last, … } }
 */
import type { Db } from '../driver/database.js'
import { getField } from '../fields/store.js'
import { allocPoints, type SeriesPoints } from '../series/codec.js'
import { readFloatPoints } from '../series/float-store.js'
import { readStringPoints } from '../series/string-store.js'
import { BucketAccumulator, BucketGrid, type SeriesBuckets } from '../series/buckets.js'
import { foldChunks, foldPoints, pointsAtMost } from '../series/chunk-fold.js'
import { LOD_BLOCK } from '../series/lod.js'
import { seriesSegments } from './fork-reads.js'

function concat(parts: SeriesPoints[]): SeriesPoints {
  if (parts.length === 1) return parts[0]!
  const total = parts.reduce((n, p) => n + p.steps.length, 0)
  const out = allocPoints(total)
  let offset = 0
  for (const part of parts) {
    out.steps.set(part.steps, offset)
    out.values.set(part.values, offset)
    out.timestamps.set(part.timestamps, offset)
    offset += part.steps.length
  }
  return out
}

/** The float points at `path` of run `rowId` with from <= step <= to, read through its lineage. */
export function readFloatSeries(
  db: Db,
  rowId: number,
  path: string,
  from = -Infinity,
  to = Infinity,
): SeriesPoints {
  const parts: SeriesPoints[] = []
  for (const { field, upTo } of seriesSegments(db, rowId, path)) {
    if (field.count > 0 && from <= upTo) parts.push(readFloatPoints(db, field.id, from, Math.min(to, upTo)))
  }
  return parts.length === 0 ? allocPoints(0) : concat(parts)
}

/** The string (or file-series) points at `path` of run `rowId`, read through its lineage. */
export function readStringSeries(
  db: Db,
  rowId: number,
  path: string,
  from = -Infinity,
  to = Infinity,
): { steps: number[]; timestamps: number[]; values: string[] } {
  const out = { steps: [] as number[], timestamps: [] as number[], values: [] as string[] }
  for (const { field, upTo } of seriesSegments(db, rowId, path)) {
    if (from > upTo) continue
    const part = readStringPoints(db, field.id, from, Math.min(to, upTo))
    out.steps.push(...part.steps)
    out.timestamps.push(...part.timestamps)
    out.values.push(...part.values)
  }
  return out
}

/**
 * Below this many points (an upper bound from the chunks), or fewer than two blocks' points a bucket,
 * a bucket read reads the points themselves: blocks only pay when most of them fit inside a bucket.
 */
const SMALL_READ = 65_536

/** What {@link readFloatBuckets} returns: the raw points when few fall in range, else exact buckets. */
export type FloatRead =
  | { mode: 'points'; from: number; to: number; points: SeriesPoints }
  | { mode: 'buckets'; from: number; to: number; buckets: SeriesBuckets }

/**
 * The float series at `path` of run `rowId` over [from, to] (default: its first and last step) as `n`
 * exact buckets, read through its lineage; the raw points when at most 2n points fall in the range.
 * A range of many points is folded from level-of-detail blocks (series/buckets.ts), a small one from
 * its points.
 */
export function readFloatBuckets(
  db: Db,
  rowId: number,
  path: string,
  n: number,
  from?: number,
  to?: number,
): FloatRead {
  const own = getField(db, rowId, path)
  const lo = from ?? own?.firstStep ?? 0
  const hi = to ?? own?.lastStep ?? lo
  const segments = seriesSegments(db, rowId, path)
    .map((segment) => ({ field: segment.field, hi: Math.min(hi, segment.upTo) }))
    .filter((s) => s.field !== undefined && s.field.count > 0 && lo <= s.hi)
  let most = 0
  for (const s of segments) most += pointsAtMost(db, s.field!.id, lo, s.hi)
  const acc = new BucketAccumulator(new BucketGrid(lo, hi, n))
  if (most <= Math.max(2 * n, SMALL_READ, n * 2 * LOD_BLOCK) || hi <= lo) {
    // a small range: its points cost less than blocks; bucket them only when there are many
    const points = readFloatSeries(db, rowId, path, lo, hi)
    if (points.steps.length <= 2 * n || hi <= lo) return { mode: 'points', from: lo, to: hi, points }
    foldPoints(acc, points, 0, points.steps.length, lo, hi)
  } else {
    for (const s of segments) foldChunks(db, s.field!.id, lo, s.hi, acc)
  }
  return { mode: 'buckets', from: lo, to: hi, buckets: acc.result() }
}
