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
import { allocPoints, concatPoints, type SeriesPoints } from '../series/codec.js'
import { readFloatPoints } from '../series/float-store.js'
import { readStringPoints } from '../series/string-store.js'
import { bucketRead, type FloatRead } from '../series/bucket-rule.js'
import { foldChunks, pointsAtMost } from '../series/chunk-fold.js'
import { seriesSegments } from './fork-reads.js'

export type { FloatRead }

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
  return parts.length === 0 ? allocPoints(0) : concatPoints(parts)
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
 * The float series at `path` of run `rowId` over [from, to] (default: its first and last step) as `n`
 * exact buckets, read through its lineage; the raw points when at most 2n points fall in the range.
 * A range of many points is folded from level-of-detail blocks (series/buckets.ts), a small one from
 * its points (the rule: series/bucket-rule.ts).
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
    .filter((s) => s.field.count > 0 && lo <= Math.min(hi, s.upTo))
    .map((s) => ({ segment: s.field.id, hi: Math.min(hi, s.upTo) }))
  return bucketRead(
    {
      segments,
      pointsAtMost: (fieldId, a, b) => pointsAtMost(db, fieldId, a, b),
      fold: (fieldId, a, b, acc) => foldChunks(db, fieldId, a, b, acc),
      points: (a, b) => readFloatSeries(db, rowId, path, a, b),
    },
    n,
    lo,
    hi,
  )
}
