/**
 * Level of detail for float series: N equal step ranges over [from, to] with exact count, min, max,
 * first, last, last step and time, and sum per range, or the raw points when the range holds few.
 *
 * This is the one place the server's series reads go through: the engine's `field.fetchBuckets` (exact
 * aggregates from level-of-detail blocks, never every point) and `fetchValues({ after })`, put into JSON.
 *
 * Boundaries: bucket i holds the steps in [from + i·w, from + (i+1)·w) with w = (to - from) / N, the
 * last one also holds `to`; empty buckets are omitted. NaN points count but take no part in min/max
 * (a bucket of NaNs only has min = max = NaN); ±Infinity take part in min/max; `sum` adds finite values.
 *
 * @example
 * seriesBuckets(run.field('loss'), {}, 1000)   // { mode: 'buckets', from: 0, to: 999999, buckets: { … } }
 * seriesAfter(run.field('loss'), 120, 100000)  // { mode: 'points', points: { steps: [121, …] } }
 */
import {
  FieldTypeError,
  type FieldView,
  type FloatRead,
  type SeriesBuckets,
  type SeriesPoints,
} from '../index.js'
import { jsonNumber } from './json-values.js'
import type { BucketColumns, SeriesBody } from './read-store.js'

export function pointsBody(path: string, p: SeriesPoints, start: number, end: number): SeriesBody {
  const steps = Array.from(p.steps.subarray(start, end))
  return {
    path,
    type: 'FloatSeries',
    from: steps[0] ?? null,
    to: steps[steps.length - 1] ?? null,
    mode: 'points',
    points: {
      steps,
      values: Array.from(p.values.subarray(start, end), jsonNumber),
      timestamps: Array.from(p.timestamps.subarray(start, end)),
    },
  }
}

function columns(b: SeriesBuckets): BucketColumns {
  const numbers = (column: Float64Array) => Array.from(column, jsonNumber)
  return {
    start: Array.from(b.start),
    end: Array.from(b.end),
    count: Array.from(b.count),
    min: numbers(b.min),
    max: numbers(b.max),
    first: numbers(b.first),
    last: numbers(b.last),
    lastStep: Array.from(b.lastStep),
    lastTime: Array.from(b.lastTime),
    sum: Array.from(b.sum),
  }
}

/** A FloatSeries' type check with the server's hint (the engine's own says which read methods to use). */
function requireFloat(field: FieldView): void {
  const type = field.type()
  if (type !== undefined && type !== 'FloatSeries') {
    throw new FieldTypeError(
      'WRONG_FIELD_TYPE',
      `'${field.path}' is a ${type}; series reads need a FloatSeries`,
      {
        hint:
          type === 'StringSeries'
            ? 'Read a StringSeries with /strings.'
            : 'Read it with /fields (atoms) or /files (file fields).',
      },
    )
  }
}

/** The series at `field` over [from, to] (default: its first and last step) as n buckets, or points when few. */
export function seriesBuckets(
  field: FieldView,
  range: { from?: number; to?: number },
  n: number,
): SeriesBody {
  requireFloat(field)
  return floatReadBody(field.path, field.fetchBuckets({ ...range, buckets: n }), range)
}

/** A bucket read (local, or over points decoded elsewhere: the hub) as the API's series body. */
export function floatReadBody(
  path: string,
  read: FloatRead,
  range: { from?: number; to?: number },
): SeriesBody {
  if (read.mode === 'points') {
    const body = pointsBody(path, read.points, 0, read.points.steps.length)
    return { ...body, from: range.from ?? body.from, to: range.to ?? body.to }
  }
  return {
    path,
    type: 'FloatSeries',
    from: read.from,
    to: read.to,
    mode: 'buckets',
    buckets: columns(read.buckets),
  }
}

/** The points of `field` with step > after, at most `limit` (more: true when others follow). */
export function seriesAfter(field: FieldView, after: number, limit: number): SeriesBody {
  requireFloat(field)
  const p = field.fetchValues({ after }) as SeriesPoints
  const end = Math.min(p.steps.length, limit)
  return { ...pointsBody(field.path, p, 0, end), more: end < p.steps.length }
}
