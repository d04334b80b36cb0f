/**
 * Exact level-of-detail reads of a float series: N equal step ranges over [from, to], each with the exact
 * count, min, max, first, last and sum of its points — so a chart keeps every spike at every zoom — from
 * the chunks' level-of-detail blocks (lod.ts, folded by chunk-fold.ts), opening only the blocks that two
 * buckets share.
 *
 * Bucket i holds the steps s with from + i·w <= s < from + (i+1)·w, w = (to - from) / N; the last one also
 * holds `to` (see {@link BucketGrid.index}, the one formula every reader and test uses).
 *
 * @example
 * const grid = new BucketGrid(0, 1_000_000, 1000)
 * const acc = new BucketAccumulator(grid)
 * foldChunks(db, fieldId, 0, 1_000_000, acc)   // chunk-fold.ts: every chunk of the field in range
 * acc.result()                                 // { start, end, count, min, max, first, last, … } non-empty buckets only
 */
import { COUNT, FINITE, FIRST, LAST, LAST_TIME, MAX, MIN, STEP_FIRST, STEP_LAST, SUM } from './lod.js'

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

  /** Adds points [from, to) of the columns, all in bucket `i`, as {@link point} one by one would. */
  points(
    i: number,
    steps: Float64Array,
    values: Float64Array,
    times: Float64Array,
    from: number,
    to: number,
  ): void {
    if (to <= from) return
    let min = this.min[i]!
    let max = this.max[i]!
    let finite = 0
    let sum = 0
    for (let k = from; k < to; k++) {
      const v = values[k]!
      if (v !== v) continue
      if (!(min <= v)) min = v
      if (!(max >= v)) max = v
      if (v !== Infinity && v !== -Infinity) {
        finite++
        sum += v
      }
    }
    if (this.count[i] === 0) {
      this.first[i] = values[from]!
      this.firstStep[i] = steps[from]!
    }
    this.count[i]! += to - from
    this.finite[i]! += finite
    this.sum[i]! += sum
    this.min[i] = min
    this.max[i] = max
    this.last[i] = values[to - 1]!
    this.lastStep[i] = steps[to - 1]!
    this.lastTime[i] = times[to - 1]!
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
