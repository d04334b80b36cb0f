/**
 * A run's lineage: where it was forked from. Forks copy no points; what their series read of their
 * ancestors was fixed at fork time (runs/fork-reads.ts).
 *
 * @example
 * lineageOf(db, child.rowId)          // { parent: 'DEMO-1', step: 500, depth: 1 }
 */
import { eq } from 'drizzle-orm'
import { runs } from '../../../schema/tables.js'
import type { Db } from '../driver/database.js'

/** Where a run was forked from. */
export interface Lineage {
  /** sys/id of the parent, or null for a run that is not a fork. */
  parent: string | null
  /** The fork step, or null. */
  step: number | null
  /** 0 for a root run, 1 for a fork of it, … */
  depth: number
}

/** The lineage facts of run `rowId`. */
export function lineageOf(db: Db, rowId: number): Lineage {
  const row = db
    .select({ parentId: runs.parentId, forkStep: runs.forkStep, forkDepth: runs.forkDepth })
    .from(runs)
    .where(eq(runs.id, rowId))
    .get()
  if (!row || row.parentId === null) return { parent: null, step: null, depth: 0 }
  const parent = db.select({ sysId: runs.sysId }).from(runs).where(eq(runs.id, row.parentId)).get()
  return { parent: parent?.sysId ?? null, step: row.forkStep, depth: row.forkDepth }
}
