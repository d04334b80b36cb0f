/**
 * Raw rows for shipping a project elsewhere (the PostgreSQL hub, src/hub): runs, fields updated after a
 * cursor, a float series' chunks as they are stored (blobs untouched, level of detail included) from a
 * seq on, string entries after a step, and events after an id. A float series' chunks before its trailing
 * run of small chunks are sealed: compaction (series/float-store.ts) only ever rewrites that trailing run,
 * so a copy may keep sealed chunks and replace only the chunks from `sealedSeq` on.
 *
 * @example
 * const batch = database.read((db) => fieldsSince(db, { after: 0, afterId: 0, limit: 500 }))
 * const tail = database.read((db) => seriesTail(db, batch[0].localId, 0))
 */
import { sql } from 'drizzle-orm'
import type { Db } from '../driver/database.js'
import type { EncodedChunk } from '../series/codec.js'
import { SMALL_CHUNK } from '../series/float-store.js'

/** A run (or model, model version) row, its parent named by uuid. */
export interface SyncRun {
  localId: number
  kind: string
  number: number
  sysId: string
  uuid: string
  customRunId: string | null
  createdAt: number
  parentUuid: string | null
  forkStep: number | null
  forkDepth: number
  /** A model version's model, by uuid (null for other kinds). */
  modelUuid: string | null
}

/** A field row as stored (schema/tables.ts `fields`), its run named by uuid. */
export interface SyncField {
  localId: number
  runUuid: string
  path: string
  type: string
  num: number | null
  text: string | null
  bits: Buffer | null
  count: number
  firstStep: number | null
  lastStep: number | null
  last: number | null
  lastBits: Buffer | null
  min: number | null
  max: number | null
  finiteCount: number
  sum: number
  sumSq: number
  updatedAt: number
}

/** A float series chunk as stored (schema/tables.ts `series_chunks`; `lod` NULL in chunks from before format 2). */
export interface SyncChunk extends Omit<EncodedChunk, 'lod'> {
  seq: number
  lod: Buffer | null
}

/** A string series entry. */
export interface SyncStringPoint {
  step: number
  time: number
  value: string
}

/** An event of a run. */
export interface SyncEvent {
  localId: number
  runUuid: string
  time: number
  type: string
  payload: string
}

/** Where a read of fields resumes: after (updatedAt, localId), lexicographically. */
export interface FieldCursor {
  after: number
  afterId: number
  limit: number
}

/** Every run, oldest first (parents before their forks). */
export function syncRuns(db: Db): SyncRun[] {
  return db.all<SyncRun>(sql`
    SELECT r.id AS localId, r.kind AS kind, r.number AS number, r.sys_id AS sysId, r.uuid AS uuid,
           r.custom_run_id AS customRunId, r.created_at AS createdAt, p.uuid AS parentUuid,
           r.fork_step AS forkStep, r.fork_depth AS forkDepth, m.uuid AS modelUuid
      FROM runs r LEFT JOIN runs p ON p.id = r.parent_id
      LEFT JOIN model_versions mv ON mv.row_id = r.id LEFT JOIN runs m ON m.id = mv.model_row_id
     ORDER BY r.id`)
}

/** Up to `limit` fields updated after the cursor, in (updatedAt, localId) order. */
export function fieldsSince(db: Db, cursor: FieldCursor): SyncField[] {
  return db.all<SyncField>(sql`
    SELECT f.id AS localId, r.uuid AS runUuid, f.path AS path, f.type AS type, f.num AS num, f.text AS text,
           f.bits AS bits, f.count AS count, f.first_step AS firstStep, f.last_step AS lastStep, f.last AS last,
           f.last_bits AS lastBits, f.min AS min, f.max AS max, f.finite_count AS finiteCount, f.sum AS sum,
           f.sum_sq AS sumSq, f.updated_at AS updatedAt
      FROM fields f JOIN runs r ON r.id = f.run_id
     WHERE f.updated_at > ${cursor.after} OR (f.updated_at = ${cursor.after} AND f.id > ${cursor.afterId})
     ORDER BY f.updated_at, f.id LIMIT ${cursor.limit}`)
}

/** The chunks of float series `fieldId` from `fromSeq` on, and the seq its sealed chunks end at. */
export function seriesTail(
  db: Db,
  fieldId: number,
  fromSeq: number,
): { chunks: SyncChunk[]; sealedSeq: number } {
  const chunks = db.all<SyncChunk>(sql`
    SELECT seq, count, step_first AS stepFirst, step_last AS stepLast, min, max, vals, steps, times, lod
      FROM series_chunks WHERE field_id = ${fieldId} AND seq >= ${fromSeq} ORDER BY seq`)
  const last = db.get<{ seq: number } | undefined>(
    sql`SELECT max(seq) AS seq FROM series_chunks WHERE field_id = ${fieldId}`,
  )
  const lastSeq = last?.seq ?? -1
  const lastBig = db.get<{ seq: number | null } | undefined>(
    sql`SELECT max(seq) AS seq FROM series_chunks WHERE field_id = ${fieldId} AND count >= ${SMALL_CHUNK}`,
  )
  // sealed: every chunk up to the last big one; the small ones after it may still be merged
  const sealedSeq = lastBig?.seq === null || lastBig?.seq === undefined ? 0 : lastBig.seq + 1
  return { chunks, sealedSeq: Math.min(sealedSeq, lastSeq + 1) }
}

/** String entries of `fieldId` with a step greater than `afterStep`, in step order. */
export function stringsAfter(db: Db, fieldId: number, afterStep: number): SyncStringPoint[] {
  return db.all<SyncStringPoint>(sql`
    SELECT step, time, value FROM string_points WHERE field_id = ${fieldId} AND step > ${afterStep} ORDER BY step`)
}

/** Up to `limit` events with an id greater than `afterId`. */
export function eventsAfter(db: Db, afterId: number, limit: number): SyncEvent[] {
  return db.all<SyncEvent>(sql`
    SELECT e.id AS localId, r.uuid AS runUuid, e.time AS time, e.type AS type, e.payload AS payload
      FROM events e JOIN runs r ON r.id = e.run_id WHERE e.id > ${afterId} ORDER BY e.id LIMIT ${limit}`)
}

/**
 * What a fork's series reads of its ancestors' (fork_reads, fixed at fork time): for the local field
 * `fieldId`, at `position` (1 = the parent, higher = further up), the ancestor field by run uuid and path,
 * and the last step read of it.
 */
export interface SyncForkRead {
  fieldId: number
  position: number
  sourceRunUuid: string
  sourcePath: string
  upTo: number
}

/** The fork reads of the fields `fieldIds` (those without are not forks' inherited series). */
export function forkReadsOf(db: Db, fieldIds: readonly number[]): SyncForkRead[] {
  if (fieldIds.length === 0) return []
  return db.all<SyncForkRead>(sql`
    SELECT fr.field_id AS fieldId, fr.position AS position, r.uuid AS sourceRunUuid, f.path AS sourcePath, fr.up_to AS upTo
      FROM json_each(${JSON.stringify(fieldIds)}) j JOIN fork_reads fr ON fr.field_id = j.value
      JOIN fields f ON f.id = fr.source_field_id JOIN runs r ON r.id = f.run_id
     ORDER BY fr.field_id, fr.position`)
}

/** The model registry and experiments as stored (schema/lifecycle.ts), runs named by uuid. */
export interface SyncRegistry {
  experiments: { id: string; name: string; createdAt: number }[]
  /** Which experiment each member run (or model) is in. */
  experimentRuns: { runUuid: string; experimentId: string }[]
  /** Models: `id` is the model's own id, `scope` the experiment id ('' for the project). */
  models: {
    runUuid: string
    id: string
    scope: string
    hash: string
    name: string | null
    description: string | null
    step: number
  }[]
  versions: { runUuid: string; modelRunUuid: string; number: number }[]
}

/** The whole model registry and the experiments (small tables, read whole). */
export function syncRegistry(db: Db): SyncRegistry {
  return {
    experiments: db.all(
      sql`SELECT id, name, created_at AS createdAt FROM experiments ORDER BY created_at, id`,
    ),
    experimentRuns: db.all(sql`
      SELECT r.uuid AS runUuid, er.experiment_id AS experimentId FROM experiment_runs er JOIN runs r ON r.id = er.run_id ORDER BY r.id`),
    models: db.all(sql`
      SELECT r.uuid AS runUuid, m.id AS id, m.scope AS scope, m.hash AS hash, m.name AS name, m.description AS description, m.step AS step
        FROM models m JOIN runs r ON r.id = m.row_id ORDER BY m.row_id`),
    versions: db.all(sql`
      SELECT r.uuid AS runUuid, mr.uuid AS modelRunUuid, v.number AS number
        FROM model_versions v JOIN runs r ON r.id = v.row_id JOIN runs mr ON mr.id = v.model_row_id ORDER BY v.row_id`),
  }
}

/** Every field's run (by uuid) and path: what a copy elsewhere compares its own against to drop deleted ones. */
export function fieldKeys(db: Db): { runUuid: string; path: string }[] {
  return db.all(sql`SELECT r.uuid AS runUuid, f.path AS path FROM fields f JOIN runs r ON r.id = f.run_id`)
}
