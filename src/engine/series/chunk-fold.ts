/**
 * Folding a float series' chunks into a {@link BucketAccumulator} from their level-of-detail blocks, in
 * two statement iterations whatever the number of buckets: one over the chunks in range (their blocks),
 * one over the byte slices of every block that two buckets (or a range end) share, all chunks at once.
 * A chunk holding several such blocks gives one slice, from its first to its last; chunks written before
 * level-of-detail blocks (format 1) are read whole and folded point by point.
 *
 * @example
 * const acc = new BucketAccumulator(new BucketGrid(0, 1_000_000, 1000))
 * foldChunks(db, fieldId, 0, 1_000_000, acc)
 * acc.result()
 */
import { statement, type Db } from '../driver/database.js'
import type { BucketAccumulator } from './buckets.js'
import {
  allocPoints,
  blockRanges,
  decodeBlockInto,
  decodeChunkInto,
  type BlockRanges,
  type SeriesPoints,
} from './codec.js'
import { blockOffsets, FIRST_TIME, LOD_BLOCK, LOD_FIELDS, STEP_FIRST, STEP_LAST } from './lod.js'
import { EdgeCursor } from './edge-cursor.js'
import { chunkLods, type ChunkKey } from './lod-cache.js'

interface ChunkMeta extends ChunkKey {
  stepsTag: number | null
}

type ChunkData = { count: number; stepFirst: number; vals: Buffer; steps: Buffer | null; times: Buffer }
type Slice = { k: number; vals: Buffer; steps: Buffer | null; times: Buffer }

// `steps IS NULL` and length(lod) read the record header only; a tag is read from chunks with explicit steps
// alone; the blocks themselves come from lod-cache.ts
const CHUNK_META = `SELECT id, count, step_first AS stepFirst, step_last AS stepLast,
  CASE WHEN steps IS NULL THEN NULL ELSE unicode(substr(steps, 1, 1)) END AS stepsTag, length(lod) AS lodBytes
  FROM series_chunks WHERE field_id = ? AND step_last >= ? AND step_first <= ? ORDER BY seq`
const POINTS_AT_MOST =
  'SELECT total(count) AS n FROM series_chunks WHERE field_id = ? AND step_last >= ? AND step_first <= ?'
const CHUNK_DATA = 'SELECT count, step_first AS stepFirst, vals, steps, times FROM series_chunks WHERE id = ?'
// every slice in one iteration: [id, vals start, length, steps start, length, times start, length] each;
// substr counts a blob's bytes from 1 and clamps a length past the end
const SLICES = `SELECT j.key AS k, substr(c.vals, (j.value ->> 1) + 1, j.value ->> 2) AS vals,
  substr(c.steps, (j.value ->> 3) + 1, j.value ->> 4) AS steps, substr(c.times, (j.value ->> 5) + 1, j.value ->> 6) AS times
  FROM json_each(?) j JOIN series_chunks c ON c.id = (j.value ->> 0)`

/** An upper bound of the points of `fieldId` with lo <= step <= hi: the counts of the chunks that overlap. */
export function pointsAtMost(db: Db, fieldId: number, lo: number, hi: number): number {
  return statement<{ n: number }>(db, POINTS_AT_MOST).get(fieldId, lo, hi)!.n
}

/** The straddling blocks of a chunk: the first and the last (-1 when none). */
function straddleSpan(cursor: EdgeCursor, lod: Float64Array, lo: number, hi: number): [number, number] {
  let first = -1
  let last = -1
  for (let b = 0, o = 0; o < lod.length; b++, o += LOD_FIELDS) {
    if (lod[o + STEP_LAST]! < lo || lod[o + STEP_FIRST]! > hi || !cursor.straddles(lod, o, lo, hi)) continue
    if (first < 0) first = b
    last = b
  }
  return [first, last]
}

/** The byte ranges of blocks [b0, b1] of a chunk of `count` points. */
function spanRanges(chunk: ChunkMeta, lod: Float64Array, b0: number, b1: number): BlockRanges {
  const end = blockOffsets(lod, b1)
  const start = blockOffsets(lod, b0)
  const offsets = { step: start.step, time: start.time, nextStep: end.nextStep, nextTime: end.nextTime }
  return blockRanges(b0 * LOD_BLOCK, Math.min(chunk.count, (b1 + 1) * LOD_BLOCK), offsets, chunk.stepsTag)
}

/**
 * Folds points [from, to) of `points` (ascending steps) that lie in [lo, hi] into `acc`, one by one: the
 * first one's bucket from {@link BucketGrid.index}, the next ones' by stepping over the edges they pass,
 * each bucket's run of points added at once.
 */
export function foldPoints(
  acc: BucketAccumulator,
  points: SeriesPoints,
  from: number,
  to: number,
  lo: number,
  hi: number,
): void {
  const grid = acc.grid
  const { steps, values, timestamps } = points
  let k = from
  while (k < to && steps[k]! < lo) k++
  if (k >= to || steps[k]! > hi) return
  let i = grid.index(steps[k]!)
  let next = i < grid.n - 1 ? grid.edge(i + 1) : Infinity
  let start = k
  for (; k < to; k++) {
    const s = steps[k]!
    if (s > hi) break
    if (s < next) continue
    acc.points(i, steps, values, timestamps, start, k)
    while (s >= next) next = ++i < grid.n - 1 ? grid.edge(i + 1) : Infinity
    start = k
  }
  acc.points(i, steps, values, timestamps, start, k)
}

const sub = (bytes: Buffer, base: number, range: [number, number]): Buffer =>
  bytes.subarray(range[0] - base, range[0] - base + range[1])

/** Folds every point of float series `fieldId` with lo <= step <= hi into `acc`, in step order. */
export function foldChunks(db: Db, fieldId: number, lo: number, hi: number, acc: BucketAccumulator): void {
  const grid = acc.grid
  const chunks = statement<ChunkMeta>(db, CHUNK_META).all(fieldId, lo, hi)
  const spanCursor = new EdgeCursor(grid)
  const blockCursor = new EdgeCursor(grid)
  const lods = chunkLods(db, fieldId, chunks)
  // first pass: which blocks fold point by point, as one byte slice per chunk
  const spans: ([number, number] | null)[] = []
  const wanted: number[][] = []
  chunks.forEach((chunk, k) => {
    const lod = lods[k]
    const span = lod ? straddleSpan(spanCursor, lod, lo, hi) : null
    if (!lod || !span || span[0] < 0) return void spans.push(null)
    spans.push(span)
    const r = spanRanges(chunk, lod, span[0], span[1])
    wanted.push([chunk.id, ...r.vals, ...r.steps, ...r.times])
  })
  const slices: Slice[] = []
  if (wanted.length > 0)
    for (const s of statement<Slice>(db, SLICES).all(JSON.stringify(wanted))) slices[s.k] = s
  let next = 0
  let scratch: SeriesPoints | undefined
  const buffer = (count: number): SeriesPoints =>
    scratch && scratch.steps.length >= count ? scratch : (scratch = allocPoints(Math.max(count, 8192)))
  // second pass, in step order: blocks inside a bucket from their summaries, the others from their slice
  chunks.forEach((chunk, k) => {
    const lod = lods[k]
    if (!lod) {
      const points = buffer(chunk.count)
      decodeChunkInto(statement<ChunkData>(db, CHUNK_DATA).get(chunk.id)!, points, 0)
      return foldPoints(acc, points, 0, chunk.count, lo, hi)
    }
    const span = spans[k]
    const slice = span ? slices[next++] : undefined
    const base = span ? spanRanges(chunk, lod, span[0], span[1]) : undefined
    for (let b = 0, o = 0; o < lod.length; b++, o += LOD_FIELDS) {
      const first = lod[o + STEP_FIRST]!
      if (lod[o + STEP_LAST]! < lo || first > hi) continue
      if (!slice || !base || !blockCursor.straddles(lod, o, lo, hi)) {
        acc.block(blockCursor.at(first), lod, o)
        continue
      }
      const from = b * LOD_BLOCK
      const to = Math.min(chunk.count, from + LOD_BLOCK)
      const r = blockRanges(from, to, blockOffsets(lod, b), chunk.stepsTag)
      const bytes = {
        vals: sub(slice.vals, base.vals[0], r.vals),
        stepsTag: chunk.stepsTag,
        steps: slice.steps === null ? null : sub(slice.steps, base.steps[0], r.steps),
        times: sub(slice.times, base.times[0], r.times),
      }
      const points = buffer(chunk.count)
      const block = { chunkStepFirst: chunk.stepFirst, stepFirst: first, firstTime: lod[o + FIRST_TIME]! }
      decodeBlockInto(bytes, block, from, to, points)
      foldPoints(acc, points, from, to, lo, hi)
    }
  })
}
