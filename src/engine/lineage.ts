/**
 * Forks and their lineage. A fork is a new run whose series read as its parent's points up to and
 * including the fork step, then its own — without copying a point: reads walk the lineage, root first,
 * each ancestor cut at the smallest fork step below it. Configs (atoms, string sets) and tags are copied
 * at fork time; each inherited series gets a summary row (count, last, min, max…) of the inherited points
 * so runs tables and fetchLast() need no walk.
 *
 * @example
 * database.write((db) => forkRun(db, parent, 500, child, Date.now()))
 * readFloatSeries(db, child.rowId, 'metrics/acc')   // parent's points <= 500, then the child's
 */
import { and, eq, inArray, isNotNull, max, sql } from 'drizzle-orm'
import { fields, runs } from '../../schema/tables.js'
import type { Db } from './driver/database.js'
import { floatBits } from './atom-codec.js'
import { InvalidValueError, NotFoundError } from './errors.js'
import { getField } from './field-store.js'
import { allocPoints, type SeriesPoints } from './series-codec.js'
import { accumulate, readFloatPoints, readStringPoints } from './series-store.js'

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
  const row = db.select({ parentId: runs.parentId, forkStep: runs.forkStep, forkDepth: runs.forkDepth }).from(runs).where(eq(runs.id, rowId)).get()
  if (!row || row.parentId === null) return { parent: null, step: null, depth: 0 }
  const parent = db.select({ sysId: runs.sysId }).from(runs).where(eq(runs.id, row.parentId)).get()
  return { parent: parent?.sysId ?? null, step: row.forkStep, depth: row.forkDepth }
}

function concat(parts: SeriesPoints[]): SeriesPoints {
  if (parts.length === 1) return parts[0]!
  const total = parts.reduce((n, p) => n + p.steps.length, 0)
  const out = allocPoints(total)
  let offset = 0
  for (const part of parts) {
    out.steps.set(part.steps, offset)
    out.values.set(part.values, offset)
    out.timestamps.set(part.timestamps, offset)
    offset += part.steps.length
  }
  return out
}

/** The float points at `path` of run `rowId` with from <= step <= to, read through its lineage. */
export function readFloatSeries(db: Db, rowId: number, path: string, from = -Infinity, to = Infinity): SeriesPoints {
  const parts: SeriesPoints[] = []
  for (const segment of lineageSegments(db, rowId)) {
    const field = getField(db, segment.rowId, path)
    if (field && field.count > 0 && from <= segment.upTo) parts.push(readFloatPoints(db, field.id, from, Math.min(to, segment.upTo)))
  }
  return parts.length === 0 ? allocPoints(0) : concat(parts)
}

/** The string (or file-series) points at `path` of run `rowId`, read through its lineage. */
export function readStringSeries(db: Db, rowId: number, path: string, from = -Infinity, to = Infinity): { steps: number[]; timestamps: number[]; values: string[] } {
  const out = { steps: [] as number[], timestamps: [] as number[], values: [] as string[] }
  for (const segment of lineageSegments(db, rowId)) {
    const field = getField(db, segment.rowId, path)
    if (!field || from > segment.upTo) continue
    const part = readStringPoints(db, field.id, from, Math.min(to, segment.upTo))
    out.steps.push(...part.steps)
    out.timestamps.push(...part.timestamps)
    out.values.push(...part.values)
  }
  return out
}

/** Summary columns of float points, as appendFloatPoints keeps them. */
function floatSummary(points: SeriesPoints) {
  const stats = accumulate({ min: null, max: null, finiteCount: 0, sum: 0, sumSq: 0 }, points.values, 0, points.values.length)
  const n = points.values.length
  const last = points.values[n - 1]
  return {
    count: n,
    firstStep: n > 0 ? points.steps[0]! : null,
    lastStep: n > 0 ? points.steps[n - 1]! : null,
    last: last === undefined || Number.isNaN(last) ? null : last,
    lastBits: last === undefined ? null : floatBits(last),
    ...stats,
  }
}

/** Namespaces a fork does not inherit: Nereid's own, and the parent process's monitoring. */
const NOT_INHERITED = ['sys/', 'monitoring/']

/**
 * Makes `childRowId` a fork of `parentRowId` at `step`: records the lineage, copies configs and tags, and
 * writes summary rows for the inherited series. Throws when the step is past the parent's last step.
 */
export function forkRun(db: Db, parentRowId: number, parentId: string, step: number, childRowId: number, now: number): void {
  if (typeof step !== 'number' || !Number.isFinite(step)) {
    throw new InvalidValueError('INVALID_FORK_STEP', `fork step ${String(step)} is not a finite number`, {
      hint: "Pass forkFrom: { run: 'DEMO-1', step: 500 } with the step to branch after.",
    })
  }
  const parentLast = db
    .select({ last: max(fields.lastStep) })
    .from(fields)
    .where(and(eq(fields.runId, parentRowId), inArray(fields.type, ['FloatSeries', 'StringSeries', 'FileSeries']), isNotNull(fields.lastStep), sql`substr(${fields.path}, 1, 11) != 'monitoring/'`))
    .get()?.last
  if (parentLast === null || parentLast === undefined || step > parentLast) {
    throw new NotFoundError('FORK_STEP_PAST_END', `cannot fork ${parentId} at step ${step}: its last logged step is ${parentLast ?? 'none (it has no series)'}`, {
      hint: 'Fork at a step the parent has reached.',
    })
  }
  const parent = db.select({ depth: runs.forkDepth }).from(runs).where(eq(runs.id, parentRowId)).get()
  db.update(runs).set({ parentId: parentRowId, forkStep: step, forkDepth: (parent?.depth ?? 0) + 1 }).where(eq(runs.id, childRowId)).run()

  const inherited = db
    .select()
    .from(fields)
    .where(eq(fields.runId, parentRowId))
    .all()
    .filter((row) => !NOT_INHERITED.some((ns) => row.path.startsWith(ns)) || row.path === 'sys/tags' || row.path === 'sys/description')
  for (const row of inherited) {
    const base = { runId: childRowId, path: row.path, type: row.type, updatedAt: now }
    if (row.path.startsWith('sys/')) {
      db.update(fields).set({ text: row.text, count: row.count, updatedAt: now }).where(and(eq(fields.runId, childRowId), eq(fields.path, row.path))).run()
    } else if (row.type === 'FloatSeries') {
      // a series the parent started after the fork step has nothing to inherit: the fork does not get it
      const points = readFloatSeries(db, parentRowId, row.path, -Infinity, step)
      if (points.steps.length > 0) db.insert(fields).values({ ...base, ...floatSummary(points) }).run()
    } else if (row.type === 'StringSeries' || row.type === 'FileSeries') {
      const points = readStringSeries(db, parentRowId, row.path, -Infinity, step)
      const n = points.values.length
      if (n > 0) db.insert(fields).values({ ...base, count: n, firstStep: points.steps[0]!, lastStep: points.steps[n - 1]!, text: points.values[n - 1]! }).run()
    } else {
      db.insert(fields).values({ ...base, num: row.num, text: row.text, bits: row.bits, count: row.count }).run()
    }
  }
}
