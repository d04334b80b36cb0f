/**
 * Reading a run's series through its lineage: a fork's points are its parent's up to the fork step, then
 * its own, read segment by segment without a copy.
 *
 * @example
 * readFloatSeries(db, child.rowId, 'metrics/acc')          // parent's points <= 500, then the child's
 * readStringSeries(db, run.rowId, 'logs/stdout', 0, 99)   // { steps, timestamps, values }
 */
import type { Db } from '../driver/database.js'
import { getField } from '../fields/store.js'
import { allocPoints, type SeriesPoints } from '../series/codec.js'
import { readFloatPoints } from '../series/float-store.js'
import { readStringPoints } from '../series/string-store.js'
import { lineageSegments } from './lineage.js'

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
