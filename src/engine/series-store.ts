/**
 * SQL over series: float points appended as columnar chunks (never rewriting big blobs), trailing small
 * chunks merged by compaction, range reads decoded straight into typed arrays, and string points one row
 * per entry. The field row's summary (count, step range, last, min, max, sums) is kept in the same
 * transaction as the points.
 *
 * @example
 * database.write((db) => appendFloatPoints(db, row, steps, values, times, 0, n))
 * const { steps, values } = database.read((db) => readFloatPoints(db, row.id, 0, 100))
 */
import { and, asc, desc, eq, gte, inArray, lte } from 'drizzle-orm'
import { fields, seriesChunks, stringPoints } from '../../schema/tables.js'
import type { Db } from './driver/database.js'
import type { FieldRow } from './field-store.js'
import { floatBits } from './atom-codec.js'
import { allocPoints, decodeChunkInto, encodeChunk, type SeriesPoints } from './series-codec.js'

/** Most points in one chunk. */
export const CHUNK_POINTS = 8192
/** A chunk below this many points is small, and a candidate for compaction. */
const SMALL_CHUNK = CHUNK_POINTS / 4
/** How many trailing small chunks a field may have before they are merged. */
const SMALL_TAIL = 16

function nextSeq(db: Db, fieldId: number): number {
  const last = db.select({ seq: seriesChunks.seq }).from(seriesChunks).where(eq(seriesChunks.fieldId, fieldId)).orderBy(desc(seriesChunks.seq)).limit(1).get()
  return last ? last.seq + 1 : 0
}

function insertChunks(db: Db, fieldId: number, points: SeriesPoints, start: number, end: number, seq: number): number {
  for (let from = start; from < end; from += CHUNK_POINTS) {
    const chunk = encodeChunk(points.steps, points.values, points.timestamps, from, Math.min(end, from + CHUNK_POINTS))
    db.insert(seriesChunks).values({ fieldId, seq: seq++, ...chunk }).run()
  }
  return seq
}

/**
 * Appends points [start, end) to the float series `row` (their steps already checked to be increasing
 * past the row's last step) and updates the row's summary.
 */
export function appendFloatPoints(db: Db, row: FieldRow, points: SeriesPoints, start: number, end: number, now: number): void {
  if (end <= start) return
  insertChunks(db, row.id, points, start, end, nextSeq(db, row.id))
  let { min, max, finiteCount, sum, sumSq } = row
  const values = points.values
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
  const last = values[end - 1]!
  db.update(fields)
    .set({
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
    })
    .where(eq(fields.id, row.id))
    .run()
  compactTail(db, row.id, SMALL_TAIL)
}

type ChunkRow = Pick<typeof seriesChunks.$inferSelect, 'count' | 'stepFirst' | 'vals' | 'steps' | 'times'>

function decodeAll(rows: ChunkRow[]): SeriesPoints {
  let total = 0
  for (const row of rows) total += row.count
  const points = allocPoints(total)
  let offset = 0
  for (const row of rows) {
    decodeChunkInto(row, points, offset)
    offset += row.count
  }
  return points
}

/** Index of the first step past `step` in the ascending `steps` (>= it, or > it when `after`). */
function searchSteps(steps: Float64Array, step: number, after: boolean): number {
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
  const rows = db
    .select({ count: seriesChunks.count, stepFirst: seriesChunks.stepFirst, vals: seriesChunks.vals, steps: seriesChunks.steps, times: seriesChunks.times })
    .from(seriesChunks)
    .where(and(eq(seriesChunks.fieldId, fieldId), gte(seriesChunks.stepLast, from), lte(seriesChunks.stepFirst, to)))
    .orderBy(asc(seriesChunks.seq))
    .all()
  const points = decodeAll(rows)
  const start = searchSteps(points.steps, from, false)
  const end = searchSteps(points.steps, to, true)
  if (start === 0 && end === points.steps.length) return points
  return { steps: points.steps.subarray(start, end), values: points.values.subarray(start, end), timestamps: points.timestamps.subarray(start, end) }
}

/**
 * Merges the trailing run of small chunks of `fieldId` when it is at least `minRun` long, so slow loggers
 * (a point a second, a flush a second) do not leave a chunk per point.
 */
export function compactTail(db: Db, fieldId: number, minRun: number): boolean {
  const tail = db
    .select({ id: seriesChunks.id, seq: seriesChunks.seq, count: seriesChunks.count })
    .from(seriesChunks)
    .where(eq(seriesChunks.fieldId, fieldId))
    .orderBy(desc(seriesChunks.seq))
    .limit(Math.max(minRun, SMALL_TAIL) * 4)
    .all()
  let run = 0
  while (run < tail.length && tail[run]!.count < SMALL_CHUNK) run++
  if (run < minRun || run < 2) return false
  const small = tail.slice(0, run).reverse()
  const ids = small.map((c) => c.id)
  const rows = db.select().from(seriesChunks).where(inArray(seriesChunks.id, ids)).orderBy(asc(seriesChunks.seq)).all()
  const points = decodeAll(rows)
  db.delete(seriesChunks).where(inArray(seriesChunks.id, ids)).run()
  insertChunks(db, fieldId, points, 0, points.steps.length, small[0]!.seq)
  return true
}

/** Appends string points to the string series `row` and updates its summary (last value in `text`). */
export function appendStringPoints(db: Db, row: FieldRow, steps: number[], times: number[], values: string[], now: number): void {
  if (values.length === 0) return
  for (let i = 0; i < values.length; i++) {
    db.insert(stringPoints).values({ fieldId: row.id, step: steps[i]!, time: times[i]!, value: values[i]! }).run()
  }
  db.update(fields)
    .set({
      count: row.count + values.length,
      firstStep: row.firstStep ?? steps[0]!,
      lastStep: steps[steps.length - 1]!,
      text: values[values.length - 1]!,
      updatedAt: now,
    })
    .where(eq(fields.id, row.id))
    .run()
}

/** String points of `fieldId` with from <= step <= to, in step order. */
export function readStringPoints(db: Db, fieldId: number, from = -Infinity, to = Infinity): { steps: number[]; timestamps: number[]; values: string[] } {
  const rows = db
    .select()
    .from(stringPoints)
    .where(and(eq(stringPoints.fieldId, fieldId), gte(stringPoints.step, from), lte(stringPoints.step, to)))
    .orderBy(asc(stringPoints.step))
    .all()
  return { steps: rows.map((r) => r.step), timestamps: rows.map((r) => r.time), values: rows.map((r) => r.value) }
}
