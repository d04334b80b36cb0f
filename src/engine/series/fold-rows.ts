/**
 * Folding float series chunk rows held in memory (read from outside project.db, as a hub keeps them) into
 * a {@link BucketAccumulator}, exactly as chunk-fold.ts folds them from project.db: a block inside one
 * bucket from its level-of-detail summary, a block two buckets (or a range end) share from its points
 * decoded alone, a chunk without blocks (format 1) point by point. The same blocks fold the same way, so
 * the buckets equal a local read's to the last bit.
 *
 * @example
 * const acc = new BucketAccumulator(new BucketGrid(0, 1_000_000, 1000))
 * foldChunkRows(acc, chunks, 0, 1_000_000)
 * acc.result()
 */
import type { BucketAccumulator } from './buckets.js'
import { foldPoints } from './chunk-fold.js'
import { allocPoints, blockRanges, decodeBlockInto, decodeChunkInto, type SeriesPoints } from './codec.js'
import { EdgeCursor } from './edge-cursor.js'
import { blockOffsets, FIRST_TIME, LOD_BLOCK, LOD_FIELDS, lodView, STEP_FIRST, STEP_LAST } from './lod.js'

/** A float series chunk row as stored (the blobs untouched; `lod` null in chunks from before format 2). */
export interface ChunkRow {
  count: number
  stepFirst: number
  stepLast: number
  vals: Buffer
  steps: Buffer | null
  times: Buffer
  lod: Buffer | null
}

const slice = (bytes: Buffer, range: [number, number]): Buffer =>
  bytes.subarray(range[0], range[0] + range[1])

/** Folds every point of `chunks` (in seq order) with lo <= step <= hi into `acc`, in step order. */
export function foldChunkRows(
  acc: BucketAccumulator,
  chunks: readonly ChunkRow[],
  lo: number,
  hi: number,
): void {
  const cursor = new EdgeCursor(acc.grid)
  let scratch: SeriesPoints | undefined
  const buffer = (count: number): SeriesPoints =>
    scratch && scratch.steps.length >= count ? scratch : (scratch = allocPoints(Math.max(count, 8192)))
  for (const chunk of chunks) {
    if (chunk.stepLast < lo || chunk.stepFirst > hi) continue
    if (!chunk.lod) {
      const points = buffer(chunk.count)
      decodeChunkInto(chunk, points, 0)
      foldPoints(acc, points, 0, chunk.count, lo, hi)
      continue
    }
    const lod = lodView(chunk.lod)
    const stepsTag = chunk.steps === null ? null : chunk.steps[0]!
    for (let b = 0, o = 0; o < lod.length; b++, o += LOD_FIELDS) {
      const first = lod[o + STEP_FIRST]!
      if (lod[o + STEP_LAST]! < lo || first > hi) continue
      if (!cursor.straddles(lod, o, lo, hi)) {
        acc.block(cursor.at(first), lod, o)
        continue
      }
      const from = b * LOD_BLOCK
      const to = Math.min(chunk.count, from + LOD_BLOCK)
      const r = blockRanges(from, to, blockOffsets(lod, b), stepsTag)
      const bytes = {
        vals: slice(chunk.vals, r.vals),
        stepsTag,
        steps: chunk.steps === null ? null : slice(chunk.steps, r.steps),
        times: slice(chunk.times, r.times),
      }
      const points = buffer(chunk.count)
      const block = { chunkStepFirst: chunk.stepFirst, stepFirst: first, firstTime: lod[o + FIRST_TIME]! }
      decodeBlockInto(bytes, block, from, to, points)
      foldPoints(acc, points, from, to, lo, hi)
    }
  }
}
