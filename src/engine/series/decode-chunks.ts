/**
 * Decodes stored float series chunks (as `syncRows.seriesTail` returns them, or as a hub keeps them) into
 * one set of parallel columns, in the order given: the public face of the chunk codec for readers that hold
 * chunk rows outside project.db.
 *
 * @example
 * const { chunks } = project.syncRows.seriesTail(fieldId, 0)
 * decodeChunks(chunks).values   // Float64Array [0.9, 0.8, …]
 */
import { allocPoints, decodeChunkInto, type EncodedChunk, type SeriesPoints } from './codec.js'

/** The points of `chunks`, concatenated. CorruptDataError CORRUPT_CHUNK for bytes that do not decode. */
export function decodeChunks(
  chunks: readonly Pick<EncodedChunk, 'count' | 'stepFirst' | 'vals' | 'steps' | 'times'>[],
): SeriesPoints {
  let total = 0
  for (const chunk of chunks) total += chunk.count
  const points = allocPoints(total)
  let offset = 0
  for (const chunk of chunks) {
    decodeChunkInto(chunk, points, offset)
    offset += chunk.count
  }
  return points
}
