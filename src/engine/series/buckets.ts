/**
 * Exact level-of-detail reads of a float series: N equal step ranges over [from, to], each with the exact
 * count, min, max, first, last and sum of its points — so a chart keeps every spike at every zoom — from
 * the chunks' level-of-detail blocks (lod.ts), opening only the blocks that two buckets share.
 *
 * Bucket i holds the steps s with from + i·w <= s < from + (i+1)·w, w = (to - from) / N; the last one also
 * holds `to` (see {@link BucketGrid.index}, the one formula every reader and test uses).
 *
 * @example
 * const grid = new BucketGrid(0, 1_000_000, 1000)
 * const acc = new BucketAccumulator(grid)
 * foldChunks(db, fieldId, 0, 1_000_000, acc)   // every chunk of the field in range
 * acc.result()                                 // { start, end, count, min, max, first, last, … } non-empty buckets only
 */
import { statement, type Db } from '../driver/database.js'
import {
  allocPoints,
  blockRanges,
  decodeBlockInto,
  decodeChunkInto,
  type BlockBytes,
  type SeriesPoints,
} from './codec.js'
import {
  blockOffsets,
  COUNT,
  FINITE,
  FIRST,
  FIRST_TIME,
  LAST,
  LAST_TIME,
  LOD_BLOCK,
  LOD_FIELDS,
  lodView,
  MAX,
  MIN,
  STEP_FIRST,
  STEP_LAST,
  SUM,
} from './lod.js'

/** The non-empty buckets of a read, as parallel columns. */
export interface SeriesBuckets {
  /** The bucket's step range: [start, end), the last bucket's end included. */
  start: Float64Array
  end: Float64Array
  count: Float64Array
  /** Points whose value is finite (the sum's count: mean = sum / finiteCount). */
  finiteCount: Float64Array
  /** NaN when the bucket holds only NaN values. */
  min: Float64Array
  max: Float64Array
  first: Float64Array
  last: Float64Array
  sum: Float64Array
  firstStep: Float64Array
  lastStep: Float64Array
  lastTime: Float64Array
}

/** N equal step ranges over [from, to]. */
export class BucketGrid {
  readonly width: number

  constructor(
    readonly from: number,
    readonly to: number,
    readonly n: number,
  ) {
    this.width = (to - from) / n
  }

  /** Where bucket `i` starts (the end of the last one is `to`). */
  edge(i: number): number {
    return i >= this.n ? this.to : this.from + i * this.width
  }

  /** The bucket of step `s` (from <= s <= to): the i with edge(i) <= s < edge(i + 1), exactly. */
  index(s: number): number {
    if (!(this.width > 0)) return 0
    let i = Math.floor((s - this.from) / this.width)
    i = i < 0 ? 0 : i >= this.n ? this.n - 1 : i
    // the division may round across an edge; the edges as computed are the definition
    while (i < this.n - 1 && s >= this.edge(i + 1)) i++
    while (i > 0 && s < this.edge(i)) i--
    return i
  }
}

/** Running aggregates per bucket; points and blocks must be folded in step order. */
export class BucketAccumulator {
  private readonly count: Float64Array
  private readonly finite: Float64Array
  private readonly min: Float64Array
  private readonly max: Float64Array
  private readonly first: Float64Array
  private readonly last: Float64Array
  private readonly sum: Float64Array
  private readonly firstStep: Float64Array
  private readonly lastStep: Float64Array
  private readonly lastTime: Float64Array

  constructor(readonly grid: BucketGrid) {
    const n = grid.n
    this.count = new Float64Array(n)
    this.finite = new Float64Array(n)
    this.min = new Float64Array(n).fill(NaN)
    this.max = new Float64Array(n).fill(NaN)
    this.first = new Float64Array(n)
    this.last = new Float64Array(n)
    this.sum = new Float64Array(n)
    this.firstStep = new Float64Array(n)
    this.lastStep = new Float64Array(n)
    this.lastTime = new Float64Array(n)
  }

  private extend(i: number, min: number, max: number): void {
    if (min === min && !(this.min[i]! <= min)) this.min[i] = min
    if (max === max && !(this.max[i]! >= max)) this.max[i] = max
  }

  /** Adds one point to bucket `i`. */
  point(i: number, step: number, value: number, time: number): void {
    if (this.count[i] === 0) {
      this.first[i] = value
      this.firstStep[i] = step
    }
    this.count[i]!++
    this.extend(i, value, value)
    if (value === value && value !== Infinity && value !== -Infinity) {
      this.finite[i]!++
      this.sum[i]! += value
    }
    this.last[i] = value
    this.lastStep[i] = step
    this.lastTime[i] = time
  }

  /** Adds the block at float64 offset `o` of `lod` (all its points lie in bucket `i`). */
  block(i: number, lod: Float64Array, o: number): void {
    if (this.count[i] === 0) {
      this.first[i] = lod[o + FIRST]!
      this.firstStep[i] = lod[o + STEP_FIRST]!
    }
    this.count[i]! += lod[o + COUNT]!
    this.finite[i]! += lod[o + FINITE]!
    this.sum[i]! += lod[o + SUM]!
    this.extend(i, lod[o + MIN]!, lod[o + MAX]!)
    this.last[i] = lod[o + LAST]!
    this.lastStep[i] = lod[o + STEP_LAST]!
    this.lastTime[i] = lod[o + LAST_TIME]!
  }

  /** The non-empty buckets. */
  result(): SeriesBuckets {
    let kept = 0
    for (let i = 0; i < this.grid.n; i++) if (this.count[i]! > 0) kept++
    const columns = [
      this.count,
      this.finite,
      this.min,
      this.max,
      this.first,
      this.last,
      this.sum,
      this.firstStep,
      this.lastStep,
      this.lastTime,
    ]
    const out = columns.map(() => new Float64Array(kept))
    const start = new Float64Array(kept)
    const end = new Float64Array(kept)
    for (let i = 0, k = 0; i < this.grid.n; i++) {
      if (this.count[i] === 0) continue
      for (let c = 0; c < columns.length; c++) out[c]![k] = columns[c]![i]!
      start[k] = this.grid.edge(i)
      end[k++] = this.grid.edge(i + 1)
    }
    const [count, finiteCount, min, max, first, last, sum, firstStep, lastStep, lastTime] = out as [
      Float64Array,
      ...Float64Array[],
    ]
    return {
      start,
      end,
      count,
      finiteCount: finiteCount!,
      min: min!,
      max: max!,
      first: first!,
      last: last!,
      sum: sum!,
      firstStep: firstStep!,
      lastStep: lastStep!,
      lastTime: lastTime!,
    }
  }
}

interface ChunkMeta {
  id: number
  count: number
  stepFirst: number
  stepLast: number
  lod: Uint8Array | null
}

type ChunkData = { count: number; stepFirst: number; vals: Buffer; steps: Buffer | null; times: Buffer }

const CHUNK_META =
  'SELECT id, count, step_first AS stepFirst, step_last AS stepLast, lod FROM series_chunks WHERE field_id = ? AND step_last >= ? AND step_first <= ? ORDER BY seq'
const CHUNK_DATA = 'SELECT count, step_first AS stepFirst, vals, steps, times FROM series_chunks WHERE id = ?'
// one block's bytes only (substr counts bytes of a blob from 1): a straddled block copies ~2 KB, not the chunk
const BLOCK_BYTES = `SELECT substr(vals, ? + 1, ?) AS vals, CASE WHEN steps IS NULL THEN NULL ELSE unicode(substr(steps, 1, 1)) END AS stepsTag,
  CASE WHEN steps IS NULL THEN NULL ELSE substr(steps, ? + 1, ?) END AS steps, substr(times, ? + 1, ?) AS times FROM series_chunks WHERE id = ?`
const STEPS_TAG =
  'SELECT CASE WHEN steps IS NULL THEN NULL ELSE unicode(substr(steps, 1, 1)) END AS tag FROM series_chunks WHERE id = ?'

/** An upper bound of the points of `fieldId` with lo <= step <= hi: the counts of the chunks that overlap. */
export function pointsAtMost(db: Db, fieldId: number, lo: number, hi: number): number {
  let n = 0
  for (const chunk of statement<ChunkMeta>(db, CHUNK_META).all(fieldId, lo, hi)) n += chunk.count
  return n
}

/** Folds points [from, to) of `points` that lie in [lo, hi] into `acc`, one by one. */
function foldPoints(
  acc: BucketAccumulator,
  points: SeriesPoints,
  from: number,
  to: number,
  lo: number,
  hi: number,
): void {
  const grid = acc.grid
  for (let k = from; k < to; k++) {
    const s = points.steps[k]!
    if (s >= lo && s <= hi) acc.point(grid.index(s), s, points.values[k]!, points.timestamps[k]!)
  }
}

/** Folds every point of float series `fieldId` with lo <= step <= hi into `acc`, in step order. */
export function foldChunks(db: Db, fieldId: number, lo: number, hi: number, acc: BucketAccumulator): void {
  const grid = acc.grid
  let scratch: SeriesPoints | undefined
  const buffer = (count: number): SeriesPoints =>
    scratch && scratch.steps.length >= count ? scratch : (scratch = allocPoints(Math.max(count, 8192)))
  for (const chunk of statement<ChunkMeta>(db, CHUNK_META).all(fieldId, lo, hi)) {
    if (chunk.lod === null) {
      // written before level-of-detail blocks (format 1): read point by point
      const points = buffer(chunk.count)
      decodeChunkInto(statement<ChunkData>(db, CHUNK_DATA).get(chunk.id)!, points, 0)
      foldPoints(acc, points, 0, chunk.count, lo, hi)
      continue
    }
    const lod = lodView(chunk.lod)
    if (
      chunk.stepFirst >= lo &&
      chunk.stepLast <= hi &&
      grid.index(chunk.stepFirst) === grid.index(chunk.stepLast)
    ) {
      const bucket = grid.index(chunk.stepFirst) // the whole chunk lies in one bucket
      for (let o = 0; o < lod.length; o += LOD_FIELDS) acc.block(bucket, lod, o)
      continue
    }
    // block by block; a block that two buckets (or a range end) share is decoded alone, from its bytes alone
    let stepsTag: number | null | undefined
    for (let b = 0, o = 0; o < lod.length; b++, o += LOD_FIELDS) {
      const first = lod[o + STEP_FIRST]!
      const last = lod[o + STEP_LAST]!
      if (last < lo || first > hi) continue
      const bucket = grid.index(first)
      if (first >= lo && last <= hi && bucket === grid.index(last)) {
        acc.block(bucket, lod, o)
        continue
      }
      if (stepsTag === undefined)
        stepsTag = statement<{ tag: number | null }>(db, STEPS_TAG).get(chunk.id)!.tag
      const from = b * LOD_BLOCK
      const to = Math.min(chunk.count, from + LOD_BLOCK)
      const r = blockRanges(from, to, blockOffsets(lod, b), stepsTag)
      const bytes = statement<BlockBytes>(db, BLOCK_BYTES).get(
        r.vals[0],
        r.vals[1],
        r.steps[0],
        r.steps[1],
        r.times[0],
        r.times[1],
        chunk.id,
      )!
      const points = buffer(chunk.count)
      decodeBlockInto(
        bytes,
        { chunkStepFirst: chunk.stepFirst, stepFirst: first, firstTime: lod[o + FIRST_TIME]! },
        from,
        to,
        points,
      )
      foldPoints(acc, points, from, to, lo, hi)
    }
  }
}
