/**
 * TensorBoard histograms as Nereid histograms (`{ type: 'COUNTS', edges, values }`, edges increasing):
 *
 * - a legacy `HistogramProto` (PyTorch's `add_histogram`, TF1): bucket i holds `bucket[i]` values up to
 *   `bucket_limit[i]`. As TensorBoard itself reads it, the first bucket starts at `min` and the last ends
 *   at `max`: edges `[min, limit[0], …, limit[n-2], max]`. When that does not increase (every value equal,
 *   say: min = max), the raw limits are kept instead: `[min, limit[0], …, limit[n-1]]`.
 * - a TF2 tensor of the `histograms` plugin: shape [k, 3], rows (left, right, count). Edges are the lefts
 *   and the last right; a single bucket of zero width (every value equal, older TF2 writers) becomes
 *   [v - 0.5, v + 0.5], as newer TF2 writers write it.
 *
 * Anything else (no buckets, edges that still do not increase, a tensor of another shape) is answered
 * with a reason, and the importer reports the tag once.
 *
 * @example
 * fromHistogramProto({ min: 0, max: 2, bucketLimit: [1, 3], bucket: [4, 5] })
 * // { histogram: { type: 'COUNTS', edges: [0, 1, 2], values: [4, 5] } }
 */
import type { Histogram } from '../../index.js'
import { DT, type ValueMessage } from './protos.js'

/** A converted histogram, or why it could not be. */
export type Converted = { histogram: Histogram } | { reason: string }

const increasing = (edges: number[]) =>
  edges.every((e, i) => Number.isFinite(e) && (i === 0 || e > edges[i - 1]!))

/** A legacy HistogramProto. */
export function fromHistogramProto(h: NonNullable<ValueMessage['histo']>): Converted {
  const limits = h.bucketLimit ?? []
  const counts = h.bucket ?? []
  if (limits.length === 0 || limits.length !== counts.length)
    return { reason: `a histogram with ${limits.length} bucket limits for ${counts.length} buckets` }
  const min = h.min ?? 0
  const max = h.max ?? 0
  const asTensorBoard = [min, ...limits.slice(0, -1), max]
  const raw = [min, ...limits]
  const edges = increasing(asTensorBoard) ? asTensorBoard : increasing(raw) ? raw : undefined
  if (!edges) return { reason: 'a histogram whose bucket edges do not increase' }
  return { histogram: { type: 'COUNTS', edges, values: [...counts] } }
}

function tensorNumbers(t: NonNullable<ValueMessage['tensor']>): number[] | undefined {
  const content = t.tensorContent && t.tensorContent.length > 0 ? t.tensorContent : undefined
  if (t.dtype === DT.DOUBLE) {
    if (!content) return [...(t.doubleVal ?? [])]
    const view = new DataView(content.buffer, content.byteOffset, content.byteLength)
    return Array.from({ length: content.byteLength >> 3 }, (_, i) => view.getFloat64(i * 8, true))
  }
  if (t.dtype === DT.FLOAT) {
    if (!content) return [...(t.floatVal ?? [])]
    const view = new DataView(content.buffer, content.byteOffset, content.byteLength)
    return Array.from({ length: content.byteLength >> 2 }, (_, i) => view.getFloat32(i * 4, true))
  }
  return undefined
}

/** A TF2 `histograms` plugin tensor of shape [k, 3]. */
export function fromHistogramTensor(t: NonNullable<ValueMessage['tensor']>): Converted {
  const dims = (t.tensorShape?.dim ?? []).map((d) => Number(d.size ?? 0))
  const cells = tensorNumbers(t)
  if (dims.length !== 2 || dims[1] !== 3 || !cells || cells.length !== dims[0]! * 3)
    return { reason: `a histograms tensor of shape [${dims.join(', ')}] (dtype ${t.dtype ?? 0})` }
  const k = dims[0]!
  if (k === 0) return { reason: 'an empty histogram (no buckets)' }
  let lefts = Array.from({ length: k }, (_, i) => cells[i * 3]!)
  let last = cells[k * 3 - 2]!
  if (k === 1 && lefts[0] === last) {
    lefts = [lefts[0]! - 0.5]
    last = cells[1]! + 0.5
  }
  const edges = [...lefts, last]
  if (!increasing(edges)) return { reason: 'a histogram whose bucket edges do not increase' }
  return {
    histogram: { type: 'COUNTS', edges, values: Array.from({ length: k }, (_, i) => cells[i * 3 + 2]!) },
  }
}
