/**
 * The columnar encoding of a float-series chunk (docs/format.md, "Series chunks"):
 * - `vals`: count little-endian float64s, bit-exact (NaN, -0, ±Infinity kept);
 * - `steps`: NULL when the steps are stepFirst, stepFirst+1, …; else a tag byte, then either zigzag-varint
 *   integer deltas (tag 1) or raw float64 steps (tag 2);
 * - `times`: the first timestamp as a float64 (ms since the epoch), then zigzag-varint deltas in whole ms;
 *   timestamps are clamped to ±(2^52 - 1) ms (about ±142,000 years), so every delta is a safe integer;
 * - `lod`: level-of-detail blocks of 256 points (lod.ts).
 *
 * @example
 * const chunk = encodeChunk(steps, values, times, 0, 3)
 * const out = allocPoints(3); decodeChunkInto(chunk, out, 0)
 */
import { endianness } from 'node:os'
import { CorruptDataError } from '../errors.js'
import { encodeLod, LOD_BLOCK, LOD_FIELDS, lodView, MAX, MIN } from './lod.js'
import { storedTime } from './stored-time.js'
import { VarintReader, writeVarint } from './varint.js'

if (endianness() !== 'LE')
  throw new Error('Nereid stores float64 little-endian and needs a little-endian host')

/** One encoded chunk, as stored in a series_chunks row. */
export interface EncodedChunk {
  count: number
  stepFirst: number
  stepLast: number
  min: number | null
  max: number | null
  vals: Buffer
  steps: Buffer | null
  times: Buffer
  /** Level-of-detail blocks (lod.ts). */
  lod: Buffer
}

/** Points as parallel columns. */
export interface SeriesPoints {
  steps: Float64Array
  values: Float64Array
  timestamps: Float64Array
}

const STEPS_VARINT = 1
const STEPS_FLOAT = 2

/** Zero-filled columns for `count` points. */
export function allocPoints(count: number): SeriesPoints {
  return {
    steps: new Float64Array(count),
    values: new Float64Array(count),
    timestamps: new Float64Array(count),
  }
}

/** The points of `parts` one after another (a read through a lineage, segment by segment). */
export function concatPoints(parts: readonly SeriesPoints[]): SeriesPoints {
  if (parts.length === 1) return parts[0]!
  const out = allocPoints(parts.reduce((n, p) => n + p.steps.length, 0))
  let offset = 0
  for (const part of parts) {
    out.steps.set(part.steps, offset)
    out.values.set(part.values, offset)
    out.timestamps.set(part.timestamps, offset)
    offset += part.steps.length
  }
  return out
}

/**
 * `marks` receives, for each block of LOD_BLOCK points, the byte offset of the delta of the block's second
 * point: a reader can start decoding there from the block's first value (kept in the level-of-detail block).
 */
/** A scratch buffer of at least `size` bytes, reused by every encode (its bytes are copied out). */
let scratchBytes = Buffer.allocUnsafe(1 << 16)
function scratch(size: number): Buffer {
  if (scratchBytes.length < size) scratchBytes = Buffer.allocUnsafe(Math.max(size, scratchBytes.length * 2))
  return scratchBytes
}

/**
 * Writes the zigzag varint of `delta` (a safe integer) at `offset`: deltas within ±64, nearly all of a
 * training loop's steps and timestamps, take one byte written inline; the rest go through writeVarint
 * (the same bytes either way).
 */
function writeDelta(out: Buffer, offset: number, delta: number): number {
  if (delta >= 0 && delta < 64) {
    out[offset] = delta * 2
    return offset + 1
  }
  if (delta < 0 && delta >= -64) {
    out[offset] = (-delta - 1) * 2 + 1
    return offset + 1
  }
  return writeVarint(out, offset, delta)
}

/** Whether steps [start, end) are first, first + 1, …, with an integral first step. */
function isConsecutive(steps: Float64Array, start: number, end: number): boolean {
  let previous = steps[start] ?? 0
  if (!Number.isInteger(previous)) return false
  for (let i = start + 1; i < end; i++) {
    const step = steps[i]!
    if (step - previous !== 1) return false
    previous = step
  }
  return true
}

/**
 * `marks` receives, for each block of LOD_BLOCK points, the byte offset of the delta of the block's second
 * point: a reader can start decoding there from the block's first value (kept in the level-of-detail block).
 */
function encodeSteps(steps: Float64Array, start: number, end: number, marks: number[]): Buffer | null {
  if (isConsecutive(steps, start, end)) return null
  let integral = Number.isInteger(steps[start] ?? 0)
  for (let i = start + 1; i < end && integral; i++) {
    if (!Number.isSafeInteger((steps[i] ?? 0) - (steps[i - 1] ?? 0))) integral = false
  }
  if (integral) {
    const out = scratch(1 + (end - start) * 10)
    out[0] = STEPS_VARINT
    let offset = 1
    for (let i = start + 1; i < end; i++) {
      if ((i - start) % LOD_BLOCK === 1) marks.push(offset)
      offset = writeDelta(out, offset, steps[i]! - steps[i - 1]!)
    }
    return Buffer.from(out.subarray(0, offset))
  }
  const out = Buffer.allocUnsafe(1 + (end - start) * 8)
  out[0] = STEPS_FLOAT
  Buffer.from(steps.buffer, steps.byteOffset + start * 8, (end - start) * 8).copy(out, 1)
  return out
}

function encodeTimes(times: Float64Array, start: number, end: number, marks: number[]): Buffer {
  const out = scratch(8 + (end - start) * 10)
  let previous = storedTime(times[start] ?? 0)
  out.writeDoubleLE(previous, 0)
  let offset = 8
  let previousRaw = times[start] ?? 0
  for (let i = start + 1; i < end; i++) {
    if ((i - start) % LOD_BLOCK === 1) marks.push(offset)
    const raw = times[i]!
    // a fast loop logs many points in one ms: the same time as before stores a zero delta (zigzag byte 0)
    if (raw === previousRaw) {
      out[offset++] = 0
      continue
    }
    previousRaw = raw
    const t = storedTime(raw)
    offset = writeDelta(out, offset, t - previous)
    previous = t
  }
  return Buffer.from(out.subarray(0, offset))
}

/**
 * Encodes points [start, end) of the given columns as one chunk. With `copyValues` false, `vals` is a view
 * of `values` (no copy): for a caller that writes the chunk before it changes `values` again.
 */
export function encodeChunk(
  steps: Float64Array,
  values: Float64Array,
  times: Float64Array,
  start: number,
  end: number,
  copyValues = true,
): EncodedChunk {
  const stepMarks: number[] = []
  const timeMarks: number[] = []
  const encodedSteps = encodeSteps(steps, start, end, stepMarks)
  const encodedTimes = encodeTimes(times, start, end, timeMarks)
  const lod = encodeLod(steps, values, times, start, end, { steps: stepMarks, times: timeMarks })
  // min/max from the blocks' (NaN: no comparable value), not a scan of the values of its own: with the
  // same strict comparisons in the same order, the first of equal extremes (-0 or 0) wins either way
  const blocks = lodView(lod)
  let min = Infinity
  let max = -Infinity
  let seen = false
  for (let o = 0; o < blocks.length; o += LOD_FIELDS) {
    const blockMin = blocks[o + MIN]!
    if (blockMin !== blockMin) continue
    seen = true
    if (blockMin < min) min = blockMin
    const blockMax = blocks[o + MAX]!
    if (blockMax > max) max = blockMax
  }
  return {
    count: end - start,
    stepFirst: steps[start] ?? 0,
    stepLast: steps[end - 1] ?? 0,
    min: seen ? min : null,
    max: seen ? max : null,
    vals: copyValues
      ? Buffer.from(new Uint8Array(values.buffer, values.byteOffset + start * 8, (end - start) * 8))
      : Buffer.from(values.buffer, values.byteOffset + start * 8, (end - start) * 8),
    steps: encodedSteps,
    times: encodedTimes,
    lod,
  }
}

function corrupt(what: string): never {
  throw new CorruptDataError('CORRUPT_CHUNK', `a series chunk does not decode: ${what}`, {
    hint: 'Run `nereid verify` on the project; restore project.db from a copy if it reports damage.',
  })
}

/** Decodes `chunk` into `out` starting at point index `offset`. */
export function decodeChunkInto(
  chunk: Pick<EncodedChunk, 'count' | 'stepFirst' | 'vals' | 'steps' | 'times'>,
  out: SeriesPoints,
  offset: number,
): void {
  const { count, stepFirst, vals, steps, times } = chunk
  if (vals.length !== count * 8) corrupt(`${vals.length} value bytes for ${count} points`)
  new Uint8Array(out.values.buffer, out.values.byteOffset).set(vals, offset * 8)

  const outSteps = out.steps
  if (steps === null) {
    for (let i = 0; i < count; i++) outSteps[offset + i] = stepFirst + i
  } else if (steps[0] === STEPS_VARINT) {
    const reader = new VarintReader(steps, 1)
    let step = stepFirst
    outSteps[offset] = step
    for (let i = 1; i < count; i++) outSteps[offset + i] = step += reader.next()
    if (reader.offset !== steps.length) corrupt('step bytes do not match the point count')
  } else if (steps[0] === STEPS_FLOAT && steps.length === 1 + count * 8) {
    new Uint8Array(outSteps.buffer, outSteps.byteOffset).set(steps.subarray(1), offset * 8)
  } else {
    corrupt('unknown step encoding')
  }

  if (times.length < 8) corrupt('timestamps are truncated')
  const reader = new VarintReader(times, 8)
  let t = times.readDoubleLE(0)
  const outTimes = out.timestamps
  outTimes[offset] = t
  for (let i = 1; i < count; i++) outTimes[offset + i] = t += reader.next()
  if (reader.offset !== times.length) corrupt('timestamp bytes do not match the point count')
}

/** Byte ranges (start, length; 0-based) of one block's values, steps and times in a chunk's blobs. */
export interface BlockRanges {
  vals: [number, number]
  /** Float steps' bytes, or varint steps' bytes from the block's second point on; [0, 0] for implicit steps. */
  steps: [number, number]
  times: [number, number]
}

/** The bytes a decode of points [from, to) needs; `stepOffset`, `timeOffset` and the next block's are from the level-of-detail blocks. */
export function blockRanges(
  from: number,
  to: number,
  offsets: { step: number; time: number; nextStep: number; nextTime: number },
  stepsTag: number | null,
): BlockRanges {
  const steps: [number, number] =
    stepsTag === STEPS_FLOAT
      ? [1 + from * 8, (to - from) * 8]
      : stepsTag === STEPS_VARINT
        ? [offsets.step, offsets.nextStep - offsets.step]
        : [0, 0]
  return { vals: [from * 8, (to - from) * 8], steps, times: [offsets.time, offsets.nextTime - offsets.time] }
}

/** What {@link decodeBlockInto} reads: the slices of a chunk's blobs that {@link blockRanges} names. */
export interface BlockBytes {
  vals: Uint8Array
  /** The chunk's step encoding tag (null: implicit consecutive steps). */
  stepsTag: number | null
  steps: Uint8Array | null
  times: Uint8Array
}

/**
 * Decodes points [from, to) of a chunk (`from` a multiple of LOD_BLOCK) into `out` at the same indexes,
 * from the slices of its blobs alone: values straight from their bytes, steps and times from the block's
 * first step and time (kept in its level-of-detail block) and the deltas that follow.
 */
export function decodeBlockInto(
  bytes: BlockBytes,
  block: { chunkStepFirst: number; stepFirst: number; firstTime: number },
  from: number,
  to: number,
  out: SeriesPoints,
): void {
  const n = to - from
  if (bytes.vals.length !== n * 8) corrupt(`${bytes.vals.length} value bytes for ${n} points of a block`)
  new Uint8Array(out.values.buffer, out.values.byteOffset + from * 8, n * 8).set(bytes.vals)
  const outSteps = out.steps
  if (bytes.stepsTag === null) {
    for (let i = from; i < to; i++) outSteps[i] = block.chunkStepFirst + i
  } else if (bytes.stepsTag === STEPS_VARINT) {
    let step = block.stepFirst
    outSteps[from] = step
    const reader = new VarintReader(bytes.steps!, 0)
    for (let i = from + 1; i < to; i++) outSteps[i] = step += reader.next()
  } else if (bytes.stepsTag === STEPS_FLOAT && bytes.steps?.length === n * 8) {
    new Uint8Array(outSteps.buffer, outSteps.byteOffset + from * 8, n * 8).set(bytes.steps)
  } else {
    corrupt('unknown step encoding')
  }
  let t = block.firstTime
  out.timestamps[from] = t
  const reader = new VarintReader(bytes.times, 0)
  for (let i = from + 1; i < to; i++) out.timestamps[i] = t += reader.next()
}
