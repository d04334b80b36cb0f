/**
 * SQL over the `runs` table: creating a run with its sys fields, finding one by id or custom run id, and
 * listing runs with their main sys fields in one query.
 *
 * @example
 * database.write((db) => findRun(db, { customRunId: 'job-42' }))
 */
import { randomUUID } from 'node:crypto'
import { and, eq, inArray, max, sql } from 'drizzle-orm'
import { fields, runs } from '../../../schema/tables.js'
import type { Db } from '../driver/database.js'
import { decodeStringSet, encodeAtom } from '../fields/atom-codec.js'
import type { AtomType } from '../fields/types.js'
import { writeAtom } from '../fields/store.js'
import type { AtomValue } from '../fields/values.js'

/** Identity of a run as stored in the runs table. */
export interface RunIdentity {
  /** Row id in project.db (internal). */
  rowId: number
  /** Short human id, like 'DEMO-1' (sys/id). */
  id: string
  /** Global id (sys/uuid). */
  uuid: string
  customRunId: string | null
}

type RunRow = typeof runs.$inferSelect

function identity(row: RunRow): RunIdentity {
  return { rowId: row.id, id: row.sysId, uuid: row.uuid, customRunId: row.customRunId }
}

/** The run with this short id or custom run id, if any. */
export function findRun(db: Db, by: { id: string } | { customRunId: string }): RunIdentity | undefined {
  const where =
    'id' in by
      ? and(eq(runs.kind, 'run'), eq(runs.sysId, by.id))
      : and(eq(runs.kind, 'run'), eq(runs.customRunId, by.customRunId))
  const row = db.select().from(runs).where(where).get()
  return row ? identity(row) : undefined
}

/** The container (run, model or model version) at row `rowId`, if it still exists. */
export function containerIdentity(db: Db, rowId: number): RunIdentity | undefined {
  const row = db.select().from(runs).where(eq(runs.id, rowId)).get()
  return row ? identity(row) : undefined
}

/** Deletes the containers `rowIds`; their fields, chunks, events and records go with them (cascade). */
export function deleteContainers(db: Db, rowIds: readonly number[]): void {
  if (rowIds.length > 0)
    db.delete(runs)
      .where(inArray(runs.id, [...rowIds]))
      .run()
}

/** Kinds of field containers. */
export type ContainerKind = 'run' | 'model' | 'model_version' | 'project'

/**
 * Inserts a container numbered after the last one of its kind; `sysIdOf(n)` names it ('DEMO-3' for runs).
 */
export function insertContainer(
  db: Db,
  kind: ContainerKind,
  sysIdOf: (n: number) => string,
  customRunId: string | undefined,
  now: number,
): RunIdentity {
  const last = db
    .select({ n: max(runs.number) })
    .from(runs)
    .where(eq(runs.kind, kind))
    .get()
  const number = (last?.n ?? 0) + 1
  const row = db
    .insert(runs)
    .values({
      kind,
      number,
      sysId: sysIdOf(number),
      uuid: randomUUID(),
      customRunId: customRunId ?? null,
      createdAt: now,
    })
    .returning()
    .get()
  return identity(row)
}

/** Bytes a container's data takes in project.db (fields, chunks, string points): sys/size. */
export function containerSize(db: Db, rowId: number): number {
  const row = db.get<{ bytes: number | null }>(sql`
    SELECT (SELECT coalesce(sum(length(path) + coalesce(length(text), 0) + coalesce(length(bits), 0) + coalesce(length(last_bits), 0) + 64), 0) FROM fields WHERE run_id = ${rowId})
         + (SELECT coalesce(sum(length(vals) + length(times) + coalesce(length(steps), 0) + 48), 0) FROM series_chunks WHERE field_id IN (SELECT id FROM fields WHERE run_id = ${rowId}))
         + (SELECT coalesce(sum(length(value) + 24), 0) FROM string_points WHERE field_id IN (SELECT id FROM fields WHERE run_id = ${rowId})) AS bytes`)
  return row?.bytes ?? 0
}

/** A running run whose heartbeat is older than this is shown as stale (it died without closing). */
export const STALE_AFTER_MS = 30_000

/** One line of `project.runs.list()`. */
export interface RunSummary {
  /** Row id in project.db (internal). */
  rowId: number
  id: string
  uuid: string
  customRunId: string | null
  name: string
  /** 'running' or 'idle' (sys/state). */
  state: string
  /** True for a 'running' run whose heartbeat stopped more than STALE_AFTER_MS ago. */
  stale: boolean
  failed: boolean
  tags: string[]
  creationTime: Date
}

const LISTED = ['sys/name', 'sys/state', 'sys/tags', 'sys/ping_time', 'sys/failed'] as const

/** Every run, oldest first, with its name, state and tags. */
export function listRuns(db: Db): RunSummary[] {
  const rows = db.select().from(runs).where(eq(runs.kind, 'run')).orderBy(runs.number).all()
  const sysRows = db
    .select({ runId: fields.runId, path: fields.path, text: fields.text, num: fields.num })
    .from(fields)
    .where(
      and(
        inArray(fields.path, [...LISTED]),
        sql`${fields.runId} IN (SELECT id FROM runs WHERE kind = 'run')`,
      ),
    )
    .all()
  const sys = new Map(sysRows.map((r) => [`${r.runId}/${r.path}`, r]))
  const now = Date.now()
  return rows.map((row) => {
    const state = sys.get(`${row.id}/sys/state`)?.text ?? 'idle'
    return {
      rowId: row.id,
      id: row.sysId,
      uuid: row.uuid,
      customRunId: row.customRunId,
      name: sys.get(`${row.id}/sys/name`)?.text ?? '',
      state,
      stale: state === 'running' && (sys.get(`${row.id}/sys/ping_time`)?.num ?? 0) < now - STALE_AFTER_MS,
      failed: sys.get(`${row.id}/sys/failed`)?.num === 1,
      tags: decodeStringSet(sys.get(`${row.id}/sys/tags`)?.text ?? null),
      creationTime: new Date(row.createdAt),
    }
  })
}

/** A sys field written at creation: path, type and value. */
export type SysAtom = readonly [path: string, type: AtomType, value: AtomValue]

/** Writes Nereid-kept atoms (sys/id, sys/name, …) of container `rowId` inside an open transaction. */
export function writeSysAtoms(db: Db, rowId: number, atoms: readonly SysAtom[], now: number): void {
  for (const [path, type, value] of atoms) writeAtom(db, rowId, path, type, encodeAtom(type, value), now)
}
