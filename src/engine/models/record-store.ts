/**
 * SQL over a model's record tables (`model_metrics`, `modules`, `iterations`): every statement the record
 * handles in records.ts run. A module belongs to a model or to one iteration: `ModuleOwner` says which.
 *
 * @example
 * database.write((db) => insertMetric(db, { id, modelRowId: 3, name: 'acc', value: '0.9', step: 1, phase: null }))
 * database.read((db) => metricRows(db, 3, 'acc')).length   // 1
 */
import { and, asc, eq, type SQL } from 'drizzle-orm'
import { iterations, modelMetrics, modules } from '../../../schema/lifecycle.js'
import type { Db } from '../driver/database.js'

/** One stored metric (its value as JSON text). */
export type MetricRow = typeof modelMetrics.$inferInsert
/** One stored module (its attributes as JSON text). */
export type ModuleRow = typeof modules.$inferSelect
/** One stored iteration. */
export type IterationRow = typeof iterations.$inferSelect
/** Whose modules: a model's own or one iteration's. */
export type ModuleOwner = { modelRowId: number } | { iterationSeq: number }

/** Stores one metric row. */
export function insertMetric(db: Db, row: MetricRow): void {
  db.insert(modelMetrics).values(row).run()
}

/** Model `modelRowId`'s metrics in logging order, optionally only those named `name`. */
export function metricRows(db: Db, modelRowId: number, name?: string): (typeof modelMetrics.$inferSelect)[] {
  const where: SQL[] = [eq(modelMetrics.modelRowId, modelRowId)]
  if (name !== undefined) where.push(eq(modelMetrics.name, name))
  return db
    .select()
    .from(modelMetrics)
    .where(and(...where))
    .orderBy(asc(modelMetrics.seq))
    .all()
}

/** Deletes one metric (by id) of model `modelRowId`, or all of them when `id` is undefined. */
export function deleteMetrics(db: Db, modelRowId: number, id?: string): void {
  const own = eq(modelMetrics.modelRowId, modelRowId)
  db.delete(modelMetrics)
    .where(id === undefined ? own : and(own, eq(modelMetrics.id, id)))
    .run()
}

function ownedBy(owner: ModuleOwner): SQL {
  return 'modelRowId' in owner
    ? eq(modules.modelRowId, owner.modelRowId)
    : eq(modules.iterationSeq, owner.iterationSeq)
}

/** Stores one module row. */
export function insertModule(
  db: Db,
  row: { id: string; name: string; attributes: string } & ModuleOwner,
): void {
  db.insert(modules).values(row).run()
}

/** The modules of `owner` in logging order. */
export function moduleRows(db: Db, owner: ModuleOwner): ModuleRow[] {
  return db.select().from(modules).where(ownedBy(owner)).orderBy(asc(modules.seq)).all()
}

/** Deletes one module (by id) of `owner`, or all of them when `id` is undefined. */
export function deleteModules(db: Db, owner: ModuleOwner, id?: string): void {
  db.delete(modules)
    .where(id === undefined ? ownedBy(owner) : and(ownedBy(owner), eq(modules.id, id)))
    .run()
}

/** Stores one iteration and returns its row (with its sequence number). */
export function insertIteration(db: Db, row: { id: string; modelRowId: number; step: number }): IterationRow {
  return db.insert(iterations).values(row).returning().get()
}

/** Model `modelRowId`'s iterations in creation order, optionally only those at `step`. */
export function iterationRows(db: Db, modelRowId: number, step?: number): IterationRow[] {
  const own = eq(iterations.modelRowId, modelRowId)
  return db
    .select()
    .from(iterations)
    .where(step === undefined ? own : and(own, eq(iterations.step, step)))
    .orderBy(asc(iterations.seq))
    .all()
}

/** Deletes one iteration (by id) of model `modelRowId`, or all of them; their modules cascade. */
export function deleteIterations(db: Db, modelRowId: number, id?: string): void {
  const own = eq(iterations.modelRowId, modelRowId)
  db.delete(iterations)
    .where(id === undefined ? own : and(own, eq(iterations.id, id)))
    .run()
}
