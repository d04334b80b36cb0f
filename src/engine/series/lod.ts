/**
 * Level-of-detail blocks of a float-series chunk: for every run of LOD_BLOCK consecutive points, the
 * exact count, finite count, step range, min, max, first and last value, sum of finite values and the
 * last timestamp, as LOD_FIELDS float64s. A chart over millions of points folds these instead of the
 * points, and only opens a block whose points fall into two buckets.
 *
 * NaN counts as a point but takes no part in min/max or the sum; ±Infinity take part in min/max and
 * are left out of the sum (as the field row's statistics do). A block with no comparable value has NaN
 * min and max.
 *
 * @example
 * const lod = encodeLod(steps, values, times, 0, 8192, marks)   // 32 blocks × 13 float64s
 */
import { storedTime } from './stored-time.js'

/** Points per block. */
export const LOD_BLOCK = 256

/**
 * Float64s per block: count, finiteCount, stepFirst, stepLast, min, max, first, last, sum, lastTime, and,
 * to decode the block alone, its first time and the byte offsets of its second point's step and time
 * deltas in the chunk's `steps` and `times` (codec.ts).
 */
export const LOD_FIELDS = 13

export const COUNT = 0
export const FINITE = 1
export const STEP_FIRST = 2
export const STEP_LAST = 3
export const MIN = 4
export const MAX = 5
export const FIRST = 6
export const LAST = 7
export const SUM = 8
export const LAST_TIME = 9
export const FIRST_TIME = 10
export const STEP_OFFSET = 11
export const TIME_OFFSET = 12

/** Encodes the blocks of points [start, end); `marks` are the codec's per-block delta offsets. */
export function encodeLod(
  steps: Float64Array,
  values: Float64Array,
  times: Float64Array,
  start: number,
  end: number,
  marks: { steps: number[]; times: number[] },
): Buffer {
  const blocks = Math.ceil((end - start) / LOD_BLOCK)
  const out = new Float64Array(blocks * LOD_FIELDS)
  for (let b = 0; b < blocks; b++) {
    const from = start + b * LOD_BLOCK
    const to = Math.min(end, from + LOD_BLOCK)
    let min = Infinity
    let max = -Infinity
    let seen = false
    let finite = 0
    let sum = 0
    for (let i = from; i < to; i++) {
      const v = values[i]!
      if (v !== v) continue
      seen = true
      if (v < min) min = v
      if (v > max) max = v
      if (v !== Infinity && v !== -Infinity) {
        finite++
        sum += v
      }
    }
    const o = b * LOD_FIELDS
    out[o + COUNT] = to - from
    out[o + FINITE] = finite
    out[o + STEP_FIRST] = steps[from]!
    out[o + STEP_LAST] = steps[to - 1]!
    out[o + MIN] = seen ? min : NaN
    out[o + MAX] = seen ? max : NaN
    out[o + FIRST] = values[from]!
    out[o + LAST] = values[to - 1]!
    out[o + SUM] = sum
    out[o + LAST_TIME] = storedTime(times[to - 1]!)
    out[o + FIRST_TIME] = storedTime(times[from]!)
    out[o + STEP_OFFSET] = marks.steps[b] ?? 0
    out[o + TIME_OFFSET] = marks.times[b] ?? 0
  }
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength)
}

/** The blocks of a stored `lod` blob as float64s (copied when the blob is not 8-byte aligned). */
export function lodView(lod: Uint8Array): Float64Array {
  if (lod.byteOffset % 8 === 0) return new Float64Array(lod.buffer, lod.byteOffset, lod.byteLength / 8)
  return new Float64Array(new Uint8Array(lod).buffer)
}

/**
 * The delta offsets of block `b` of a chunk's `lod` and of the block after it (past the last block: a
 * length no blob reaches), as codec.ts's blockRanges takes them.
 */
export function blockOffsets(
  lod: Float64Array,
  b: number,
): { step: number; time: number; nextStep: number; nextTime: number } {
  const o = b * LOD_FIELDS
  const more = o + LOD_FIELDS < lod.length
  return {
    step: lod[o + STEP_OFFSET]!,
    time: lod[o + TIME_OFFSET]!,
    nextStep: more ? lod[o + LOD_FIELDS + STEP_OFFSET]! : 1e12,
    nextTime: more ? lod[o + LOD_FIELDS + TIME_OFFSET]! : 1e12,
  }
}
