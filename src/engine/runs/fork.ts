/**
 * Forking a run: a new run whose series read as its parent's points up to and including the fork step,
 * then its own. Configs (atoms, string sets) and tags are copied at fork time; each inherited series gets
 * a summary row (count, last, min, max…) of the inherited points, so runs tables and fetchLast() need no
 * walk through the lineage, and the fields it reads of its ancestors are recorded then (fork-reads.ts):
 * what the parent does later does not change the fork's history. A parent with no series can be forked
 * at any step (its configs are inherited).
 *
 * @example
 * database.write((db) => forkRun(db, parent.rowId, 'DEMO-1', 500, child.rowId, Date.now()))
 */
import { and, eq, inArray, isNotNull, max, sql } from 'drizzle-orm'
import { fields, runs } from '../../../schema/tables.js'
import type { Db } from '../driver/database.js'
import { InvalidValueError, NotFoundError } from '../errors.js'
import { floatSummary } from '../series/stats.js'
import { recordForkReads } from './fork-reads.js'
import { readFloatSeries, readStringSeries } from './series-reads.js'

/** Namespaces a fork does not inherit: Nereid's own, and the parent process's monitoring. */
const NOT_INHERITED = ['sys/', 'monitoring/']

/**
 * Makes `childRowId` a fork of `parentRowId` at `step`: records the lineage, copies configs and tags, and
 * writes summary rows for the inherited series. Throws when the step is past the parent's last step.
 */
export function forkRun(
  db: Db,
  parentRowId: number,
  parentId: string,
  step: number,
  childRowId: number,
  now: number,
): void {
  if (typeof step !== 'number' || !Number.isFinite(step)) {
    throw new InvalidValueError('INVALID_FORK_STEP', `fork step ${String(step)} is not a finite number`, {
      hint: "Pass forkFrom: { run: 'DEMO-1', step: 500 } with the step to branch after.",
    })
  }
  const parentLast = db
    .select({ last: max(fields.lastStep) })
    .from(fields)
    .where(
      and(
        eq(fields.runId, parentRowId),
        inArray(fields.type, ['FloatSeries', 'StringSeries', 'FileSeries', 'HistogramSeries']),
        isNotNull(fields.lastStep),
        sql`substr(${fields.path}, 1, 11) != 'monitoring/'`,
      ),
    )
    .get()?.last
  // a parent without series has no end to pass: it is forked for its configs
  if (parentLast !== null && parentLast !== undefined && step > parentLast) {
    throw new NotFoundError(
      'FORK_STEP_PAST_END',
      `cannot fork ${parentId} at step ${step}: its last logged step is ${parentLast}`,
      {
        hint: 'Fork at a step the parent has reached.',
      },
    )
  }
  const parent = db.select({ depth: runs.forkDepth }).from(runs).where(eq(runs.id, parentRowId)).get()
  db.update(runs)
    .set({ parentId: parentRowId, forkStep: step, forkDepth: (parent?.depth ?? 0) + 1 })
    .where(eq(runs.id, childRowId))
    .run()

  const inherited = db
    .select()
    .from(fields)
    .where(eq(fields.runId, parentRowId))
    .all()
    .filter(
      (row) =>
        !NOT_INHERITED.some((ns) => row.path.startsWith(ns)) ||
        row.path === 'sys/tags' ||
        row.path === 'sys/group_tags' ||
        row.path === 'sys/description',
    )
  for (const row of inherited) {
    const base = { runId: childRowId, path: row.path, type: row.type, updatedAt: now }
    if (row.path.startsWith('sys/')) {
      db.update(fields)
        .set({ text: row.text, count: row.count, updatedAt: now })
        .where(and(eq(fields.runId, childRowId), eq(fields.path, row.path)))
        .run()
    } else if (row.type === 'FloatSeries') {
      // a series the parent started after the fork step has nothing to inherit: the fork does not get it
      const points = readFloatSeries(db, parentRowId, row.path, -Infinity, step)
      if (points.steps.length > 0) {
        const child = db
          .insert(fields)
          .values({ ...base, ...floatSummary(points) })
          .returning({ id: fields.id })
          .get()
        recordForkReads(db, child.id, row, step)
      }
    } else if (row.type === 'StringSeries' || row.type === 'FileSeries' || row.type === 'HistogramSeries') {
      const points = readStringSeries(db, parentRowId, row.path, -Infinity, step)
      const n = points.values.length
      if (n > 0) {
        const child = db
          .insert(fields)
          .values({
            ...base,
            count: n,
            firstStep: points.steps[0]!,
            lastStep: points.steps[n - 1]!,
            text: points.values[n - 1]!,
          })
          .returning({ id: fields.id })
          .get()
        recordForkReads(db, child.id, row, step)
      }
    } else {
      db.insert(fields)
        .values({ ...base, num: row.num, text: row.text, bits: row.bits, count: row.count })
        .run()
    }
  }
}
