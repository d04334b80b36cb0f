/**
 * Series reads of the hub through a fork's lineage, as a local read goes: a fork's series is its
 * ancestors' fields up to the steps fixed at fork time (`hub_fork_reads`, shipped from the project's
 * `fork_reads`), root ancestor first, then its own field. Float series are bucketed and cut by the
 * engine's public segment reads (the same decoder, bucket rule and level-of-detail folding as a local
 * read), so buckets and points equal the local store's.
 *
 * @example
 * const segments = await hubSegments(sql, fieldId)         // [{ fieldId: 7, upTo: 500 }, { fieldId: 12, upTo: Infinity }]
 * await hubFloatRead(sql, row, 'train/loss', { buckets: 1000 })
 */
import type postgres from 'postgres'
import { bucketSegments, segmentPoints, type ChunkRow, type ChunkSegment } from '../index.js'
import { floatReadBody, pointsBody } from '../store/buckets.js'
import type { SeriesBody, SeriesRequest } from '../store/read-store.js'

/** One hub field a series read goes through, and the last step read of it. */
export interface HubSegment {
  fieldId: number
  upTo: number
}

/** The fields the series of hub field `fieldId` reads, root ancestor first, the field itself last. */
export async function hubSegments(sql: postgres.Sql, fieldId: number): Promise<HubSegment[]> {
  const rows = await sql<{ field_id: number; up_to: number }[]>`
    SELECT s.id AS field_id, fr.up_to FROM hub_fork_reads fr
      JOIN hub_fields s ON s.run_id = fr.source_run_id AND s.path = fr.source_path
     WHERE fr.field_id = ${fieldId} ORDER BY fr.position DESC`
  return [...rows.map((r) => ({ fieldId: r.field_id, upTo: r.up_to })), { fieldId, upTo: Infinity }]
}

/** The chunk rows of each segment overlapping [lo, hi], as engine segments. */
async function chunkSegments(
  sql: postgres.Sql,
  segments: HubSegment[],
  lo: number,
  hi: number,
): Promise<ChunkSegment[]> {
  const ids = segments.map((s) => s.fieldId)
  // ±Infinity as float8 bounds
  const rows = await sql<
    (Omit<ChunkRow, 'stepFirst' | 'stepLast'> & { field_id: number; step_first: number; step_last: number })[]
  >`
    SELECT field_id, count, step_first, step_last, vals, steps, times, lod FROM hub_series_chunks
     WHERE field_id = ANY(${ids}::bigint[]) AND step_last >= ${String(lo)}::float8 AND step_first <= ${String(hi)}::float8
     ORDER BY field_id, seq`
  const byField = new Map<number, ChunkRow[]>(ids.map((id) => [id, []]))
  for (const r of rows) {
    byField.get(r.field_id)!.push({
      count: r.count,
      stepFirst: r.step_first,
      stepLast: r.step_last,
      vals: r.vals,
      steps: r.steps,
      times: r.times,
      lod: r.lod,
    })
  }
  return segments.map((s) => ({ chunks: byField.get(s.fieldId)!, upTo: s.upTo }))
}

/** The hub field row a float read needs. */
export interface FloatFieldRow {
  id: number
  first_step: number | null
  last_step: number | null
}

/** A float series read (buckets over a range, or the points after a step) of hub field `row`. */
export async function hubFloatRead(
  sql: postgres.Sql,
  row: FloatFieldRow,
  path: string,
  request: SeriesRequest,
): Promise<SeriesBody> {
  const segments = await hubSegments(sql, row.id)
  if ('after' in request) {
    const chunks = await chunkSegments(sql, segments, request.after, Infinity)
    let points = segmentPoints(chunks, request.after)
    if (points.steps[0] === request.after) {
      points = {
        steps: points.steps.subarray(1),
        values: points.values.subarray(1),
        timestamps: points.timestamps.subarray(1),
      }
    }
    const end = Math.min(points.steps.length, request.limit)
    return { ...pointsBody(path, points, 0, end), more: end < points.steps.length }
  }
  const lo = request.from ?? row.first_step ?? 0
  const hi = request.to ?? row.last_step ?? lo
  const chunks = await chunkSegments(sql, segments, lo, hi)
  return floatReadBody(path, bucketSegments(chunks, request.buckets, lo, hi), request)
}

/** The string entries of hub field `fieldId` through its lineage, in step order. */
export async function hubStringPoints(
  sql: postgres.Sql,
  fieldId: number,
  from = -Infinity,
  to = Infinity,
): Promise<{ step: number; time: number; value: string }[]> {
  const segments = await hubSegments(sql, fieldId)
  const out: { step: number; time: number; value: string }[] = []
  for (const s of segments) {
    if (from > s.upTo) continue
    const top = Math.min(to, s.upTo)
    out.push(
      ...(await sql<{ step: number; time: number; value: string }[]>`
        SELECT step, time, value FROM hub_string_points
         WHERE field_id = ${s.fieldId} AND step >= ${String(from)}::float8 AND step <= ${String(top)}::float8 ORDER BY step`),
    )
  }
  return out
}
