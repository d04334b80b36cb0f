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
import { allocPoints, decodeChunkInto, type SeriesPoints } from './codec.js'
import { COUNT, FINITE, FIRST, LAST, LAST_TIME, LOD_BLOCK, LOD_FIELDS, lodView, MAX, MIN, STEP_FIRST, STEP_LAST, SUM } from './lod.js'

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
    const keep: number[] = []
    for (let i = 0; i < this.grid.n; i++) if (this.count[i]! > 0) keep.push(i)
    const pick = (column: Float64Array) => Float64Array.from(keep, (i) => column[i]!)
    return {
      start: Float64Array.from(keep, (i) => this.grid.edge(i)),
      end: Float64Array.from(keep, (i) => this.grid.edge(i + 1)),
      count: pick(this.count),
      finiteCount: pick(this.finite),
      min: pick(this.min),
      max: pick(this.max),
      first: pick(this.first),
      last: pick(this.last),
      sum: pick(this.sum),
      firstStep: pick(this.firstStep),
      lastStep: pick(this.lastStep),
      lastTime: pick(this.lastTime),
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

const CHUNK_META = 'SELECT id, count, step_first AS stepFirst, step_last AS stepLast, lod FROM series_chunks WHERE field_id = ? AND step_last >= ? AND step_first <= ? ORDER BY seq'
const CHUNK_DATA = 'SELECT count, step_first AS stepFirst, vals, steps, times FROM series_chunks WHERE id = ?'

/** An upper bound of the points of `fieldId` with lo <= step <= hi: the counts of the chunks that overlap. */
export function pointsAtMost(db: Db, fieldId: number, lo: number, hi: number): number {
  let n = 0
  for (const chunk of statement<ChunkMeta>(db, CHUNK_META).all(fieldId, lo, hi)) n += chunk.count
  return n
}

/** Folds every point of float series `fieldId` with lo <= step <= hi into `acc`, in step order. */
export function foldChunks(db: Db, fieldId: number, lo: number, hi: number, acc: BucketAccumulator): void {
  const grid = acc.grid
  let decoded: SeriesPoints | undefined
  for (const chunk of statement<ChunkMeta>(db, CHUNK_META).all(fieldId, lo, hi)) {
    const whole = chunk.stepFirst >= lo && chunk.stepLast <= hi
    if (chunk.lod === null || !whole || grid.index(chunk.stepFirst) !== grid.index(chunk.stepLast)) {
      // fold block by block; a block that two buckets (or a range end) share is read point by point
      const lod = chunk.lod === null ? null : lodView(chunk.lod)
      let points: SeriesPoints | undefined
      const blocks = Math.ceil(chunk.count / LOD_BLOCK)
      for (let b = 0; b < blocks; b++) {
        const o = b * LOD_FIELDS
        if (lod) {
          const first = lod[o + STEP_FIRST]!
          const last = lod[o + STEP_LAST]!
          if (last < lo || first > hi) continue
          const bucket = grid.index(first)
          if (first >= lo && last <= hi && bucket === grid.index(last)) {
            acc.block(bucket, lod, o)
            continue
          }
        }
        if (!points) {
          decoded ??= allocPoints(8192)
          if (decoded.steps.length < chunk.count) decoded = allocPoints(chunk.count)
          decodeChunkInto(statement<ChunkData>(db, CHUNK_DATA).get(chunk.id)!, decoded, 0)
          points = decoded
        }
        const end = Math.min(chunk.count, (b + 1) * LOD_BLOCK)
        for (let k = b * LOD_BLOCK; k < end; k++) {
          const s = points.steps[k]!
          if (s >= lo && s <= hi) acc.point(grid.index(s), s, points.values[k]!, points.timestamps[k]!)
        }
      }
      continue
    }
    // the whole chunk lies in one bucket: fold its blocks
    const lod = lodView(chunk.lod)
    const bucket = grid.index(chunk.stepFirst)
    for (let o = 0; o < lod.length; o += LOD_FIELDS) acc.block(bucket, lod, o)
  }
}
