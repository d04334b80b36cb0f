/**
 * Level of detail for float series: N equal step ranges over [from, to] with exact count, min, max,
 * first, last, last step and time, and sum per range, or the raw points when the range holds few.
 *
 * This is the ONE place the server's series reads go through. For now it fetches every point of the
 * range and buckets in JS; when the engine has `field.fetchBuckets({ from, to, buckets })` and
 * `fetchValues({ after })`, {@link seriesBuckets} and {@link seriesAfter} call those instead.
 *
 * Boundaries: bucket i holds the steps in [from + i·w, from + (i+1)·w) with w = (to - from) / N, the
 * last one also holds `to`; empty buckets are omitted. NaN points count but take no part in min/max
 * (a bucket of NaNs only has min = max = NaN); ±Infinity take part in min/max; `sum` adds finite values.
 *
 * @example
 * seriesBuckets(run.field('loss'), {}, 1000)   // { mode: 'buckets', from: 0, to: 999999, buckets: { … } }
 * seriesAfter(run.field('loss'), 120, 100000)  // { mode: 'points', points: { steps: [121, …] } }
 */
import { FieldTypeError, type ReadonlyField, type SeriesPoints } from '../index.js'
import { jsonNumber } from './json-values.js'
import type { BucketColumns, SeriesBody } from './read-store.js'

/** The points of a FloatSeries with from <= step <= to (a typed error for another type). */
function floatPoints(field: ReadonlyField, from: number, to: number): SeriesPoints {
  const type = field.type()
  if (type !== undefined && type !== 'FloatSeries') {
    throw new FieldTypeError('WRONG_FIELD_TYPE', `'${field.path}' is a ${type}; series reads need a FloatSeries`, {
      hint: type === 'StringSeries' ? 'Read a StringSeries with /strings.' : 'Read it with /fields (atoms) or /files (file fields).',
    })
  }
  return field.fetchValues({ from, to }) as SeriesPoints
}

function pointsBody(path: string, p: SeriesPoints, start: number, end: number): SeriesBody {
  const steps = Array.from(p.steps.subarray(start, end))
  return {
    path,
    type: 'FloatSeries',
    from: steps[0] ?? null,
    to: steps[steps.length - 1] ?? null,
    mode: 'points',
    points: { steps, values: Array.from(p.values.subarray(start, end), jsonNumber), timestamps: Array.from(p.timestamps.subarray(start, end)) },
  }
}

/** Buckets the points of [from, to] into n equal step ranges (see the file comment). */
export function bucketPoints(p: SeriesPoints, from: number, to: number, n: number): BucketColumns {
  const out: BucketColumns = { start: [], end: [], count: [], min: [], max: [], first: [], last: [], lastStep: [], lastTime: [], sum: [] }
  const width = (to - from) / n
  const edge = (i: number) => (i >= n ? to : from + i * width)
  let i = -1
  let min = NaN
  let max = NaN
  let sum = 0
  let count = 0
  const close = (at: number) => {
    out.count.push(count)
    out.min.push(jsonNumber(min))
    out.max.push(jsonNumber(max))
    out.sum.push(sum)
    out.lastStep.push(p.steps[at]!)
    out.lastTime.push(p.timestamps[at]!)
    out.last.push(jsonNumber(p.values[at]!))
  }
  for (let k = 0; k < p.steps.length; k++) {
    const step = p.steps[k]!
    let j = Math.min(n - 1, Math.max(0, Math.floor((step - from) / width)))
    while (j < n - 1 && step >= edge(j + 1)) j++
    while (j > 0 && step < edge(j)) j--
    if (j !== i) {
      if (i >= 0) close(k - 1)
      i = j
      out.start.push(edge(j))
      out.end.push(edge(j + 1))
      out.first.push(jsonNumber(p.values[k]!))
      min = NaN
      max = NaN
      sum = 0
      count = 0
    }
    const v = p.values[k]!
    count++
    if (!Number.isNaN(v)) {
      if (Number.isNaN(min) || v < min) min = v
      if (Number.isNaN(max) || v > max) max = v
    }
    if (Number.isFinite(v)) sum += v
  }
  if (i >= 0) close(p.steps.length - 1)
  return out
}

/** The series at `field` over [from, to] (default: its first and last step) as n buckets, or points when few. */
export function seriesBuckets(field: ReadonlyField, range: { from?: number; to?: number }, n: number): SeriesBody {
  const p = floatPoints(field, range.from ?? -Infinity, range.to ?? Infinity)
  const count = p.steps.length
  if (count <= 2 * n) {
    const body = pointsBody(field.path, p, 0, count)
    return { ...body, from: range.from ?? body.from, to: range.to ?? body.to }
  }
  const from = range.from ?? p.steps[0]!
  const to = range.to ?? p.steps[count - 1]!
  return { path: field.path, type: 'FloatSeries', from, to, mode: 'buckets', buckets: bucketPoints(p, from, to, n) }
}

/** The points of `field` with step > after, at most `limit` (more: true when others follow). */
export function seriesAfter(field: ReadonlyField, after: number, limit: number): SeriesBody {
  const p = floatPoints(field, after, Infinity)
  let start = 0
  while (start < p.steps.length && p.steps[start]! <= after) start++
  const end = Math.min(p.steps.length, start + limit)
  return { ...pointsBody(field.path, p, start, end), more: end < p.steps.length }
}
