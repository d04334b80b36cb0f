/**
 * SQL over float series: points appended as columnar chunks (never rewriting big blobs), trailing small
 * chunks merged by compaction, range reads decoded straight into typed arrays. The field row's summary
 * (count, step range, last, min, max, sums) is kept in the same transaction as the points.
 *
 * @example
 * database.write((db) => appendFloatPoints(db, row, steps, values, times, 0, n))
 * const { steps, values } = database.read((db) => readFloatPoints(db, row.id, 0, 100))
 */
import type { seriesChunks } from '../../../schema/tables.js'
import { statement, type Db } from '../driver/database.js'
import type { FieldRow } from '../fields/store.js'
import { floatBits } from '../fields/atom-codec.js'
import { encodeChunk, type SeriesPoints } from './codec.js'
import { decodeChunks } from './decode-chunks.js'
import { accumulate } from './stats.js'

/** Most points in one chunk. */
export const CHUNK_POINTS = 8192
/** A chunk below this many points is small, and a candidate for compaction. */
export const SMALL_CHUNK = CHUNK_POINTS / 4
/** How many trailing small chunks a field may have before they are merged. */
const SMALL_TAIL = 16

// The statements a flush runs for every series, prepared once per connection (driver/database.ts).
const LAST_SEQ = 'SELECT seq FROM series_chunks WHERE field_id = ? ORDER BY seq DESC LIMIT 1'
const INSERT_CHUNK =
  'INSERT INTO series_chunks (field_id, seq, count, step_first, step_last, min, max, vals, steps, times, lod) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
const UPDATE_FLOAT_SUMMARY =
  'UPDATE fields SET count = ?, first_step = ?, last_step = ?, last = ?, last_bits = ?, min = ?, max = ?, finite_count = ?, sum = ?, sum_sq = ?, updated_at = ? WHERE id = ?'
const CHUNK_TAIL = 'SELECT seq, count FROM series_chunks WHERE field_id = ? ORDER BY seq DESC LIMIT ?'
const CHUNK_COLUMNS = 'count, step_first AS stepFirst, vals, steps, times'
const CHUNKS_FROM_SEQ = `SELECT ${CHUNK_COLUMNS} FROM series_chunks WHERE field_id = ? AND seq >= ? ORDER BY seq`
const DELETE_FROM_SEQ = 'DELETE FROM series_chunks WHERE field_id = ? AND seq >= ?'
const CHUNKS_IN_RANGE = `SELECT ${CHUNK_COLUMNS} FROM series_chunks WHERE field_id = ? AND step_last >= ? AND step_first <= ? ORDER BY seq`

function nextSeq(db: Db, fieldId: number): number {
  const last = statement<{ seq: number }>(db, LAST_SEQ).get(fieldId)
  return last ? last.seq + 1 : 0
}

/** Writes points [start, end) as chunks of at most CHUNK_POINTS from `seq` on; returns the next seq. */
function insertChunks(
  db: Db,
  fieldId: number,
  points: SeriesPoints,
  start: number,
  end: number,
  seq: number,
): number {
  const insert = statement(db, INSERT_CHUNK)
  for (let from = start; from < end; from += CHUNK_POINTS) {
    const c = encodeChunk(
      points.steps,
      points.values,
      points.timestamps,
      from,
      Math.min(end, from + CHUNK_POINTS),
      false, // the row is inserted (its blobs copied by SQLite) before the points change again
    )
    insert.run(
      fieldId,
      seq++,
      c.count,
      c.stepFirst,
      c.stepLast,
      c.min,
      c.max,
      c.vals,
      c.steps,
      c.times,
      c.lod,
    )
  }
  return seq
}

/**
 * Appends points [start, end) to the float series `row` (their steps already checked to be increasing
 * past the row's last step) and updates the row's summary, in project.db and in `row`.
 */
export function appendFloatPoints(
  db: Db,
  row: FieldRow,
  points: SeriesPoints,
  start: number,
  end: number,
  now: number,
): void {
  if (end <= start) return
  insertChunks(db, row.id, points, start, end, nextSeq(db, row.id))
  // the summary scans the values a second time (encodeChunk's min/max are per chunk): ~1 ns a point
  const { min, max, finiteCount, sum, sumSq } = accumulate(row, points.values, start, end)
  const values = points.values
  const last = values[end - 1]!
  const summary = {
    count: row.count + (end - start),
    firstStep: row.firstStep ?? points.steps[start]!,
    lastStep: points.steps[end - 1]!,
    last: Number.isNaN(last) ? null : last,
    lastBits: floatBits(last),
    min,
    max,
    finiteCount,
    sum,
    sumSq,
    updatedAt: now,
  }
  statement(db, UPDATE_FLOAT_SUMMARY).run(
    summary.count,
    summary.firstStep,
    summary.lastStep,
    summary.last,
    summary.lastBits,
    min,
    max,
    finiteCount,
    sum,
    sumSq,
    now,
    row.id,
  )
  Object.assign(row, summary) // a writer keeps the row between flushes (runs/row-cache.ts)
  // a trailing run of small chunks ends with the chunk just written: when that one is not small, there is
  // none; when this append wrote a full chunk before it (a fast logger's flush), the run is that one chunk
  const lastChunk = (end - start) % CHUNK_POINTS || CHUNK_POINTS
  if (lastChunk < SMALL_CHUNK && end - start < CHUNK_POINTS) compactTail(db, row.id, SMALL_TAIL)
}

type ChunkRow = Pick<typeof seriesChunks.$inferSelect, 'count' | 'stepFirst' | 'vals' | 'steps' | 'times'>

/** Index of the first step past `step` in the ascending `steps` (>= it, or > it when `after`). */
export function searchSteps(steps: Float64Array, step: number, after: boolean): number {
  let lo = 0
  let hi = steps.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (steps[mid]! < step || (after && steps[mid] === step)) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The points of float series `fieldId` with from <= step <= to. */
export function readFloatPoints(db: Db, fieldId: number, from = -Infinity, to = Infinity): SeriesPoints {
  const rows = statement<ChunkRow>(db, CHUNKS_IN_RANGE).all(fieldId, from, to)
  return cutToRange(decodeChunks(rows), from, to)
}

/** The points of `points` (in step order) with from <= step <= to, as views of the same arrays. */
export function cutToRange(points: SeriesPoints, from: number, to: number): SeriesPoints {
  const start = searchSteps(points.steps, from, false)
  const end = searchSteps(points.steps, to, true)
  if (start === 0 && end === points.steps.length) return points
  return {
    steps: points.steps.subarray(start, end),
    values: points.values.subarray(start, end),
    timestamps: points.timestamps.subarray(start, end),
  }
}

/**
 * Merges the trailing run of small chunks of `fieldId` when it is at least `minRun` long, so slow loggers
 * (a point a second, a flush a second) do not leave a chunk per point.
 */
export function compactTail(db: Db, fieldId: number, minRun: number): boolean {
  const tail = statement<{ seq: number; count: number }>(db, CHUNK_TAIL).all(
    fieldId,
    Math.max(minRun, SMALL_TAIL) * 4,
  )
  let run = 0
  while (run < tail.length && tail[run]!.count < SMALL_CHUNK) run++
  if (run < minRun || run < 2) return false
  // the run is the field's last chunks: exactly those from the seq of its first one on
  const firstSeq = tail[run - 1]!.seq
  const points = decodeChunks(statement<ChunkRow>(db, CHUNKS_FROM_SEQ).all(fieldId, firstSeq))
  statement(db, DELETE_FROM_SEQ).run(fieldId, firstSeq)
  insertChunks(db, fieldId, points, 0, points.steps.length, firstSeq)
  return true
}
