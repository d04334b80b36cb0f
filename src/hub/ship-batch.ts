/**
 * One sync batch into the hub, in one PostgreSQL transaction: the fields' rows upserted, each float
 * series' chunks from its hub `sealed_seq` on replaced by the local ones (sealed chunks are sent once;
 * the open tail is re-sent until sealed), string entries past the hub's last step, events by origin id,
 * the objects index, and the source's cursor advanced — so a batch lands whole or not at all, and a
 * re-send after a crash leaves the hub as it was. Objects are copied before the transaction begins.
 *
 * @example
 * const report = await shipBatch(hub.sql, { project, target, runIds, fields, events, next, objectsDir })
 */
import type postgres from 'postgres'
import {
  CHECKPOINT_NAMESPACE,
  type ReadonlyProject,
  type SyncChunk,
  type SyncEvent,
  type SyncField,
  type SyncStringPoint,
} from '../index.js'
import { copyRows, type CopyColumn } from './copy-rows.js'
import { hubObjects } from './hub-objects.js'
import { referencedHashes, uploadObjects } from './objects.js'
import type { SourceCursor, Target } from './source.js'
import { inTransaction } from './transaction.js'

/** What one batch moved. */
export interface BatchReport {
  fields: number
  chunks: number
  /** Points in the chunks sent (re-sent tail chunks count again). */
  chunkPoints: number
  strings: number
  events: number
  objects: number
}

/** Adds the counts of `report` to `total`. */
export function addReport(total: BatchReport, report: BatchReport): void {
  for (const key of ['fields', 'chunks', 'chunkPoints', 'strings', 'events', 'objects'] as const)
    total[key] += report[key]
}

/** The input of one batch. */
export interface Batch {
  project: ReadonlyProject
  /** The hub project's name (for NOTIFY). */
  name: string
  target: Target
  runIds: Map<string, number>
  fields: SyncField[]
  events: SyncEvent[]
  /** The cursor once this batch is in. */
  next: SourceCursor
  /** The objects store: a shared directory or s3://BUCKET/PREFIX; objects are not shipped without one. */
  objectsDir?: string
  /** How chunk rows are written (default 'auto': COPY from COPY_MIN_ROWS rows on, else INSERT). */
  chunkWrite?: ChunkWrite
}

/** How chunk rows are written: binary COPY, multi-row INSERT, or COPY for batches of many rows. */
export type ChunkWrite = 'auto' | 'copy' | 'insert'

/** From this many chunk rows in a batch on, 'auto' writes them with COPY (fewer: one INSERT costs less). */
export const COPY_MIN_ROWS = 32

const CHUNK_COLUMNS: readonly CopyColumn[] = [
  ['field_id', 'int8'],
  ['seq', 'int4'],
  ['count', 'int4'],
  ['step_first', 'float8'],
  ['step_last', 'float8'],
  ['min', 'float8'],
  ['max', 'float8'],
  ['vals', 'bytea'],
  ['steps', 'bytea'],
  ['times', 'bytea'],
  ['lod', 'bytea'],
]

const STRING_TYPES = new Set(['StringSeries', 'FileSeries', 'HistogramSeries'])
/** Types whose fields a fork inherits by reading its ancestors (fork_reads). */
const SERIES_TYPES = new Set(['FloatSeries', 'StringSeries', 'FileSeries', 'HistogramSeries'])
/** Rows per INSERT statement (PostgreSQL takes at most 65535 parameters in one). */
const ROWS_PER_INSERT = 1000

interface HubState {
  sealedSeq: number
  lastString: number | null
  originId: number | null
}

async function hubStates(sql: postgres.Sql, batch: Batch): Promise<Map<string, HubState>> {
  const runs = batch.fields.map((f) => batch.runIds.get(f.runUuid)!)
  const paths = batch.fields.map((f) => f.path)
  const rows = await sql<
    {
      run_id: number
      path: string
      sealed_seq: number
      last_string: number | null
      origin_id: number | null
    }[]
  >`
    SELECT f.run_id, f.path, f.sealed_seq, f.origin_id, (SELECT max(s.step) FROM hub_string_points s WHERE s.field_id = f.id) AS last_string
      FROM hub_fields f JOIN unnest(${runs}::int[], ${paths}::text[]) AS k(run_id, path) ON f.run_id = k.run_id AND f.path = k.path`
  return new Map(
    rows.map((r) => [
      `${r.run_id}\0${r.path}`,
      { sealedSeq: r.sealed_seq, lastString: r.last_string, originId: r.origin_id },
    ]),
  )
}

/** Ships one batch; returns what moved. */
export async function shipBatch(sql: postgres.Sql, batch: Batch): Promise<BatchReport> {
  const { project, fields } = batch
  const states = await hubStates(sql, batch)
  // a field deleted locally and made again at the same path has a new local id: the hub's copy of the
  // old one (sealed chunks, string entries) is replaced from the start
  const remade = new Set(
    fields.filter((f) => {
      const origin = states.get(`${batch.runIds.get(f.runUuid)}\0${f.path}`)?.originId
      return origin !== undefined && origin !== null && origin !== f.localId
    }),
  )
  const state = (f: SyncField): HubState | undefined =>
    remade.has(f) ? undefined : states.get(`${batch.runIds.get(f.runUuid)}\0${f.path}`)
  const chunks = new Map<SyncField, { chunks: SyncChunk[]; sealedSeq: number; from: number }>()
  const strings = new Map<SyncField, SyncStringPoint[]>()
  for (const field of fields) {
    if (field.type === 'FloatSeries') {
      const from = state(field)?.sealedSeq ?? 0
      chunks.set(field, { ...project.syncRows.seriesTail(field.localId, from), from })
    } else if (STRING_TYPES.has(field.type)) {
      // a checkpoint's entries are rewritten in place when a keep policy releases one (kept: false):
      // its few entries are sent whole each time the field changes; other series only what is new
      const rewritten = field.type === 'FileSeries' && field.path.startsWith(`${CHECKPOINT_NAMESPACE}/`)
      const after = rewritten ? -Infinity : (state(field)?.lastString ?? -Infinity)
      strings.set(field, project.syncRows.stringsAfter(field.localId, after))
    }
  }
  const series = fields.filter((f) => SERIES_TYPES.has(f.type))
  const forkReads = project.syncRows.forkReads(series.map((f) => f.localId))
  const texts = [...fields.map((f) => f.text), ...[...strings.values()].flat().map((p) => p.value)]
  const objects = batch.objectsDir
    ? await uploadObjects(project.dir, hubObjects(batch.objectsDir), referencedHashes(texts))
    : []
  const report: BatchReport = {
    fields: fields.length,
    chunks: 0,
    chunkPoints: 0,
    strings: 0,
    events: batch.events.length,
    objects: objects.length,
  }
  await inTransaction(sql, async (tx) => {
    const fieldRows = fields.map((f) => ({
      run_id: batch.runIds.get(f.runUuid)!,
      path: f.path,
      type: f.type,
      num: f.num,
      text: f.text,
      bits: f.bits,
      count: f.count,
      first_step: f.firstStep,
      last_step: f.lastStep,
      last: f.last,
      last_bits: f.lastBits,
      min: f.min,
      max: f.max,
      finite_count: f.finiteCount,
      sum: f.sum,
      sum_sq: f.sumSq,
      updated_at: f.updatedAt,
      sealed_seq: chunks.get(f)?.sealedSeq ?? 0,
      origin_id: f.localId,
    }))
    const ids = new Map<string, number>()
    for (let i = 0; i < fieldRows.length; i += ROWS_PER_INSERT) {
      const part = fieldRows.slice(i, i + ROWS_PER_INSERT)
      const returned = await tx<{ id: number; run_id: number; path: string }[]>`
        INSERT INTO hub_fields ${tx(part)}
        ON CONFLICT (run_id, path) DO UPDATE SET type = excluded.type, num = excluded.num, text = excluded.text,
          bits = excluded.bits, count = excluded.count, first_step = excluded.first_step, last_step = excluded.last_step,
          last = excluded.last, last_bits = excluded.last_bits, min = excluded.min, max = excluded.max,
          finite_count = excluded.finite_count, sum = excluded.sum, sum_sq = excluded.sum_sq,
          updated_at = excluded.updated_at, sealed_seq = excluded.sealed_seq, origin_id = excluded.origin_id
        RETURNING id, run_id, path`
      for (const r of returned) ids.set(`${r.run_id}\0${r.path}`, r.id)
    }
    const idOf = (f: SyncField): number => ids.get(`${batch.runIds.get(f.runUuid)}\0${f.path}`)!
    if (remade.size > 0) {
      const remadeIds = [...remade].map(idOf)
      await tx`DELETE FROM hub_string_points WHERE field_id = ANY(${remadeIds}::bigint[])`
      await tx`DELETE FROM hub_series_chunks WHERE field_id = ANY(${remadeIds}::bigint[])`
    }
    const tails = [...chunks.entries()]
    if (tails.length > 0) {
      await tx`DELETE FROM hub_series_chunks c USING unnest(${tails.map(([f]) => idOf(f))}::bigint[], ${tails.map(([, t]) => t.from)}::int[]) AS d(field_id, from_seq)
               WHERE c.field_id = d.field_id AND c.seq >= d.from_seq`
    }
    const chunkRows = tails.flatMap(([f, t]) =>
      t.chunks.map((c) => ({
        field_id: idOf(f),
        seq: c.seq,
        count: c.count,
        step_first: c.stepFirst,
        step_last: c.stepLast,
        min: c.min,
        max: c.max,
        vals: c.vals,
        steps: c.steps,
        times: c.times,
        lod: c.lod,
      })),
    )
    const mode = batch.chunkWrite ?? 'auto'
    if (mode === 'copy' || (mode === 'auto' && chunkRows.length >= COPY_MIN_ROWS)) {
      // the open tail was deleted above in this transaction: a re-sent batch copies the same rows again
      if (chunkRows.length > 0) await copyRows(tx, 'hub_series_chunks', CHUNK_COLUMNS, chunkRows)
    } else {
      for (let i = 0; i < chunkRows.length; i += ROWS_PER_INSERT)
        await tx`INSERT INTO hub_series_chunks ${tx(chunkRows.slice(i, i + ROWS_PER_INSERT))}`
    }
    report.chunks = chunkRows.length
    report.chunkPoints = chunkRows.reduce((n, c) => n + c.count, 0)
    // a field's fork reads are replaced whole: a fork that deleted an inherited series and logged it
    // again reads nothing of its ancestors
    if (series.length > 0) {
      await tx`DELETE FROM hub_fork_reads WHERE field_id = ANY(${series.map(idOf)}::bigint[])`
      const byLocal = new Map(series.map((f) => [f.localId, f]))
      const readRows = forkReads.flatMap((r) => {
        const sourceRunId = batch.runIds.get(r.sourceRunUuid)
        const field = byLocal.get(r.fieldId)
        if (sourceRunId === undefined || !field) return []
        return [
          {
            field_id: idOf(field),
            position: r.position,
            source_run_id: sourceRunId,
            source_path: r.sourcePath,
            up_to: r.upTo,
          },
        ]
      })
      for (let i = 0; i < readRows.length; i += ROWS_PER_INSERT)
        await tx`INSERT INTO hub_fork_reads ${tx(readRows.slice(i, i + ROWS_PER_INSERT))}`
    }
    const stringRows = [...strings.entries()].flatMap(([f, points]) =>
      points.map((p) => ({ field_id: idOf(f), step: p.step, time: p.time, value: p.value })),
    )
    for (let i = 0; i < stringRows.length; i += ROWS_PER_INSERT) {
      await tx`INSERT INTO hub_string_points ${tx(stringRows.slice(i, i + ROWS_PER_INSERT))}
               ON CONFLICT (field_id, step) DO UPDATE SET time = excluded.time, value = excluded.value`
    }
    report.strings = stringRows.length
    const eventRows = batch.events.map((e) => ({
      run_id: batch.runIds.get(e.runUuid)!,
      origin_id: e.localId,
      time: e.time,
      type: e.type,
      payload: e.payload,
    }))
    for (let i = 0; i < eventRows.length; i += ROWS_PER_INSERT) {
      await tx`INSERT INTO hub_events ${tx(eventRows.slice(i, i + ROWS_PER_INSERT))} ON CONFLICT (run_id, origin_id) DO NOTHING`
    }
    if (objects.length > 0) {
      const now = Date.now()
      await tx`INSERT INTO hub_objects ${tx(objects.map(([hash, size]) => ({ hash, size, stored_at: now })))} ON CONFLICT (hash) DO NOTHING`
    }
    const { next } = batch
    await tx`UPDATE hub_sources SET fields_until = ${next.fieldsUntil}, fields_after_id = ${next.fieldsAfterId},
               events_after = ${next.eventsAfter}, batches = batches + 1, synced_at = ${Date.now()}
             WHERE id = ${batch.target.sourceId}`
    await tx`SELECT pg_notify('nereid_hub', ${batch.name})`
  })
  return report
}
