/**
 * File fields and checkpoints of the hub, answered in the local store's shapes (src/store/local-files.ts
 * `filesBody`): a File's info, a FileSet's members and an Artifact's manifest decoded from the field's
 * text, a FileSeries' entries from its string points read through the fork lineage, checkpoints from
 * the FileSeries under `checkpoints/`. The objects themselves are served by hash (PgProject.object).
 *
 * @example
 * await hubFiles(sql, row, { offset: 0, limit: 50 })   // { type: 'FileSeries', items: [{ step: 0, hash, … }], total }
 * await hubCheckpoints(sql, runId)                     // [{ checkpoint: 'weights', step: 0, kept: true, … }]
 */
import type postgres from 'postgres'
import {
  CHECKPOINT_NAMESPACE,
  checkpointOf,
  decodeArtifactManifest,
  decodeFieldValue,
  decodeFileInfo,
  decodeFileSeriesEntry,
  decodeFileSetMembers,
} from '../index.js'
import { toJson } from '../store/json-values.js'
import { filesBody } from '../store/local-files.js'
import type { FilesBody, Json, PageRequest } from '../store/read-store.js'
import { hubStringPoints } from './pg-series.js'

/** The hub field row these reads need. */
export interface FileFieldRow {
  id: number
  path: string
  type: string
  num: number | null
  text: string | null
  bits: Buffer | null
  last: number | null
  last_bits: Buffer | null
}

/** A field's value as a local /fields read gives it (null where the local read has none: an empty series). */
export function fieldValue(row: FileFieldRow): Json {
  try {
    return toJson(decodeFieldValue({ ...row, lastBits: row.last_bits }))
  } catch {
    return null
  }
}

/** The /files body of hub field `row` (FileSeries entries with from <= step <= to, paged). */
export async function hubFiles(
  sql: postgres.Sql,
  row: FileFieldRow,
  request: PageRequest & { from?: number; to?: number },
): Promise<FilesBody> {
  const entries =
    row.type === 'FileSeries'
      ? (await hubStringPoints(sql, row.id, request.from, request.to)).map((p) =>
          decodeFileSeriesEntry(p.step, p.time, p.value, row.path),
        )
      : []
  return filesBody(
    row.path,
    row.type,
    {
      file: () => decodeFileInfo(row.text, row.path),
      members: () => decodeFileSetMembers(row.text, row.path),
      entries: () => entries,
      artifact: () => decodeArtifactManifest(row.text, row.path),
    },
    request,
  )
}

/** Every checkpoint of hub run `runId`, by name then step (released ones included), as checkpoints.list(). */
export async function hubCheckpoints(sql: postgres.Sql, runId: number): Promise<Json[]> {
  const ns = CHECKPOINT_NAMESPACE
  // byte order of paths, as the local read's (SQLite's default collation)
  const rows = await sql<{ id: number; path: string; step: number; time: number; value: string }[]>`
    SELECT f.id, f.path, s.step, s.time, s.value FROM hub_fields f JOIN hub_string_points s ON s.field_id = f.id
     WHERE f.run_id = ${runId} AND f.type = 'FileSeries'
       AND (f.path = ${ns} OR (f.path >= ${`${ns}/`} COLLATE "C" AND f.path < ${`${ns}0`} COLLATE "C"))
     ORDER BY f.path COLLATE "C", s.step`
  return rows.map((r) => toJson(checkpointOf(r.path, decodeFileSeriesEntry(r.step, r.time, r.value, r.path))))
}
