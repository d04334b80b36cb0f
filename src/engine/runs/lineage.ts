/**
 * A run's lineage: where it was forked from, and the segments a read walks — root ancestor first, each
 * ancestor cut at the smallest fork step below it, the run itself last. Forks copy no points; reads go
 * through these segments (runs/series-reads.ts).
 *
 * @example
 * lineageOf(db, child.rowId)          // { parent: 'DEMO-1', step: 500, depth: 1 }
 * lineageSegments(db, child.rowId)    // [{ rowId: 1, upTo: 500 }, { rowId: 2, upTo: Infinity }]
 */
import { eq } from 'drizzle-orm'
import { runs } from '../../../schema/tables.js'
import type { Db } from '../driver/database.js'

/** One run of a lineage and the last step of its own points that its descendant sees. */
export interface LineageSegment {
  rowId: number
  upTo: number
}

/** Where a run was forked from. */
export interface Lineage {
  /** sys/id of the parent, or null for a run that is not a fork. */
  parent: string | null
  /** The fork step, or null. */
  step: number | null
  /** 0 for a root run, 1 for a fork of it, … */
  depth: number
}

/** The segments to read for run `rowId`, root ancestor first, the run itself last (upTo = Infinity). */
export function lineageSegments(db: Db, rowId: number): LineageSegment[] {
  const segments: LineageSegment[] = []
  let upTo = Infinity
  let current: number | null = rowId
  while (current !== null) {
    const row: { parentId: number | null; forkStep: number | null } | undefined = db
      .select({ parentId: runs.parentId, forkStep: runs.forkStep })
      .from(runs)
      .where(eq(runs.id, current))
      .get()
    segments.push({ rowId: current, upTo })
    if (!row || row.parentId === null) break
    upTo = Math.min(upTo, row.forkStep ?? Infinity)
    current = row.parentId
  }
  return segments.reverse()
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
