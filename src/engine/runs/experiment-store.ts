/**
 * SQL over the experiments tables: finding, creating (also when a run names a missing one), renaming and
 * deleting experiments, and runs' membership. The Experiments handle (models/experiments.ts) builds on these.
 *
 * @example
 * database.write((db) => joinExperiment(db, run.rowId, ensureExperiment(db, 'baseline', Date.now()).id))
 */
import { randomUUID } from 'node:crypto'
import { asc, eq, sql } from 'drizzle-orm'
import { experimentRuns, experiments } from '../../../schema/lifecycle.js'
import type { Db } from '../driver/database.js'
import { InvalidValueError } from '../errors.js'

/** One row of the experiments table. */
export type ExperimentRow = typeof experiments.$inferSelect

/** `name` if it is a valid experiment name; an INVALID_EXPERIMENT_NAME error otherwise. */
export function checkExperimentName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 730 || /[\u0000-\u001f]/.test(name)) {
    throw new InvalidValueError(
      'INVALID_EXPERIMENT_NAME',
      `an experiment name must be 1 to 730 characters without control characters, got ${JSON.stringify(name)}`,
      {
        hint: "Use a short name such as 'baseline'.",
      },
    )
  }
  return name
}

/** The experiment named `name`, created when missing (inside an open transaction). */
export function ensureExperiment(db: Db, name: string, now: number): ExperimentRow {
  checkExperimentName(name)
  db.insert(experiments).values({ id: randomUUID(), name, createdAt: now }).onConflictDoNothing().run()
  return db.select().from(experiments).where(eq(experiments.name, name)).get()!
}

/** Puts run `runRowId` in experiment `experimentId` (inside an open transaction). */
export function joinExperiment(db: Db, runRowId: number, experimentId: string): void {
  db.insert(experimentRuns)
    .values({ runId: runRowId, experimentId })
    .onConflictDoUpdate({ target: experimentRuns.runId, set: { experimentId } })
    .run()
}

/** The experiment named `name`, if any. */
export function experimentByName(db: Db, name: string): ExperimentRow | undefined {
  return db.select().from(experiments).where(eq(experiments.name, name)).get()
}

/** The experiment with uuid `id`, if any. */
export function experimentById(db: Db, id: string): ExperimentRow | undefined {
  return db.select().from(experiments).where(eq(experiments.id, id)).get()
}

/** Every experiment, oldest first. */
export function experimentRows(db: Db): ExperimentRow[] {
  return db
    .select()
    .from(experiments)
    .orderBy(asc(experiments.createdAt), sql`rowid`)
    .all()
}

/** Renames experiment `id`. */
export function renameExperiment(db: Db, id: string, name: string): void {
  db.update(experiments).set({ name }).where(eq(experiments.id, id)).run()
}

/** Deletes experiment `id`; its runs stay, outside any experiment (the membership rows cascade). */
export function deleteExperiment(db: Db, id: string): void {
  db.delete(experiments).where(eq(experiments.id, id)).run()
}

/** The row ids of the runs in experiment `id`. */
export function experimentMembers(db: Db, id: string): Set<number> {
  return new Set(
    db
      .select({ runId: experimentRuns.runId })
      .from(experimentRuns)
      .where(eq(experimentRuns.experimentId, id))
      .all()
      .map((r) => r.runId),
  )
}
