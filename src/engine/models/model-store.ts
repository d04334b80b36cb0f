/**
 * SQL over the `models` and `model_versions` tables: every statement the model handles (models.ts,
 * model.ts) run, in one place. Each function runs inside the caller's `database.read`/`write`.
 *
 * @example
 * database.write((db) => insertModel(db, { rowId, scope: '', hash: 'a1b2c3', name: 'mlp', description: null }))
 * database.read((db) => findModel(db, '', { hash: 'a1b2c3' }))?.name   // 'mlp'
 */
import { randomUUID } from 'node:crypto'
import { and, asc, eq, inArray } from 'drizzle-orm'
import { modelVersions, models } from '../../../schema/lifecycle.js'
import { runs } from '../../../schema/tables.js'
import type { Db } from '../driver/database.js'
import type { RunIdentity } from '../runs/store.js'

/** A model's row. */
export type ModelRow = typeof models.$inferSelect

/** The model of `scope` ('' for the project, else an experiment id) with that hash or uuid. */
export function findModel(
  db: Db,
  scope: string,
  by: { hash: string } | { id: string },
): ModelRow | undefined {
  const key = 'hash' in by ? eq(models.hash, by.hash) : eq(models.id, by.id)
  return db
    .select()
    .from(models)
    .where(and(eq(models.scope, scope), key))
    .get()
}

/** The model whose container row is `rowId`. */
export function modelByRow(db: Db, rowId: number): ModelRow | undefined {
  return db.select().from(models).where(eq(models.rowId, rowId)).get()
}

/** Every model of `scope`, oldest first. */
export function modelsOfScope(db: Db, scope: string): ModelRow[] {
  return db.select().from(models).where(eq(models.scope, scope)).orderBy(asc(models.rowId)).all()
}

/** Adds the model row of container `rowId`; returns it with its new uuid. */
export function insertModel(
  db: Db,
  row: { rowId: number; scope: string; hash: string; name: string | null; description: string | null },
): ModelRow {
  return db
    .insert(models)
    .values({ ...row, id: randomUUID() })
    .returning()
    .get()
}

/** Sets a model's name, description and/or step (fields left undefined keep their value). */
export function updateModel(
  db: Db,
  rowId: number,
  change: { name?: string | null; description?: string | null; step?: number },
): void {
  db.update(models).set(change).where(eq(models.rowId, rowId)).run()
}

/** The container rows of models: each model's own and its versions'. */
export function containersOf(db: Db, modelRowIds: readonly number[]): number[] {
  if (modelRowIds.length === 0) return []
  const versionRows = db
    .select({ rowId: modelVersions.rowId })
    .from(modelVersions)
    .where(inArray(modelVersions.modelRowId, [...modelRowIds]))
    .all()
  return [...modelRowIds, ...versionRows.map((v) => v.rowId)]
}

/** The next version number of model `modelRowId` (1 for its first). */
export function nextVersionNumber(db: Db, modelRowId: number): number {
  const last = db
    .select({ number: modelVersions.number })
    .from(modelVersions)
    .where(eq(modelVersions.modelRowId, modelRowId))
    .orderBy(asc(modelVersions.number))
    .all()
    .at(-1)
  return (last?.number ?? 0) + 1
}

/** Records container `rowId` as version `number` of model `modelRowId`. */
export function insertVersion(db: Db, rowId: number, modelRowId: number, number: number): void {
  db.insert(modelVersions).values({ rowId, modelRowId, number }).run()
}

/** The identities of model `modelRowId`'s versions, oldest first. */
export function versionIdentities(db: Db, modelRowId: number): RunIdentity[] {
  return db
    .select({ rowId: runs.id, id: runs.sysId, uuid: runs.uuid, customRunId: runs.customRunId })
    .from(modelVersions)
    .innerJoin(runs, eq(runs.id, modelVersions.rowId))
    .where(eq(modelVersions.modelRowId, modelRowId))
    .orderBy(asc(modelVersions.number))
    .all()
}
