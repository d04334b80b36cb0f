/**
 * SQL over the `runs` table: creating a run with its sys fields, finding one by id or custom run id, and
 * listing runs with their main sys fields in one query.
 *
 * @example
 * database.write((db) => findRun(db, { customRunId: 'job-42' }))
 */
import { and, eq, inArray, max, sql } from 'drizzle-orm'
import { fields, runs } from '../../schema/tables.js'
import type { Db } from './driver/database.js'
import type { RunIdentity } from './run-view.js'
import { decodeStringSet } from './atom-codec.js'

type RunRow = typeof runs.$inferSelect

function identity(row: RunRow): RunIdentity {
  return { rowId: row.id, id: row.sysId, uuid: row.uuid, customRunId: row.customRunId }
}

/** The run with this short id or custom run id, if any. */
export function findRun(db: Db, by: { id: string } | { customRunId: string }): RunIdentity | undefined {
  const where = 'id' in by ? eq(runs.sysId, by.id) : and(eq(runs.kind, 'run'), eq(runs.customRunId, by.customRunId))
  const row = db.select().from(runs).where(where).get()
  return row ? identity(row) : undefined
}

/** Inserts a new run numbered after the last one: `${key}-${n}`. */
export function insertRun(db: Db, key: string, uuid: string, customRunId: string | undefined, now: number): RunIdentity {
  const last = db.select({ n: max(runs.number) }).from(runs).where(eq(runs.kind, 'run')).get()
  const number = (last?.n ?? 0) + 1
  const row = db
    .insert(runs)
    .values({ kind: 'run', number, sysId: `${key}-${number}`, uuid, customRunId: customRunId ?? null, createdAt: now })
    .returning()
    .get()
  return identity(row)
}

/** One line of `project.runs.list()`. */
export interface RunSummary {
  id: string
  uuid: string
  customRunId: string | null
  name: string
  state: string
  tags: string[]
  creationTime: Date
}

const LISTED = ['sys/name', 'sys/state', 'sys/tags'] as const

/** Every run, oldest first, with its name, state and tags. */
export function listRuns(db: Db): RunSummary[] {
  const rows = db.select().from(runs).where(eq(runs.kind, 'run')).orderBy(runs.number).all()
  const sysRows = db
    .select({ runId: fields.runId, path: fields.path, text: fields.text })
    .from(fields)
    .where(and(inArray(fields.path, [...LISTED]), sql`${fields.runId} IN (SELECT id FROM runs WHERE kind = 'run')`))
    .all()
  const sys = new Map<string, string | null>(sysRows.map((r) => [`${r.runId}/${r.path}`, r.text]))
  return rows.map((row) => ({
    id: row.sysId,
    uuid: row.uuid,
    customRunId: row.customRunId,
    name: sys.get(`${row.id}/sys/name`) ?? '',
    state: sys.get(`${row.id}/sys/state`) ?? 'idle',
    tags: decodeStringSet(sys.get(`${row.id}/sys/tags`) ?? null),
    creationTime: new Date(row.createdAt),
  }))
}
