/**
 * Merges the fields of a source run into the same run (same uuid) in the target — the case of a copy
 * that kept training:
 * - a field only the source has is copied whole;
 * - a series gets the source's points past the target's last step (points at or before it are the
 *   target's: a copy never rewrites what the target already holds);
 * - any other field takes the source's value when the source wrote it later (`updated_at`, last writer wins).
 * A path with a different type on each side is a conflict; see {@link fieldConflicts}.
 *
 * @example
 * mergeFields(target, source, sourceRunId, targetRunId)   // points added
 */
import { statement, type Db } from '../driver/database.js'
import { getField } from '../fields/store.js'
import { appendFloatPoints, readFloatPoints } from '../series/float-store.js'
import { appendStringPoints, readStringPoints } from '../series/string-store.js'
import { copyField, sourceFields } from './copy-rows.js'

const WRITE_VALUE = 'UPDATE fields SET num = ?, text = ?, bits = ?, updated_at = ? WHERE id = ?'
const SOURCE_VALUE = 'SELECT num, text, bits FROM fields WHERE id = ?'

/** Paths of source run `from` whose type differs from the target run `to`'s field at that path. */
export function fieldConflicts(target: Db, source: Db, from: number, to: number): string[] {
  return sourceFields(source, from)
    .filter((f) => {
      const local = getField(target, to, f.path)
      return local !== undefined && local.type !== f.type
    })
    .map((f) => `${f.path} (${getField(target, to, f.path)!.type} here, ${f.type} in the import)`)
}

/** The first index of `steps` past `step` (ascending steps). */
function firstPast(steps: ArrayLike<number>, step: number): number {
  let lo = 0
  let hi = steps.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (steps[mid]! <= step) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Merges source run `from` into target run `to` (types already checked); returns the points added. */
export function mergeFields(target: Db, source: Db, from: number, to: number): number {
  let added = 0
  for (const field of sourceFields(source, from)) {
    const local = getField(target, to, field.path)
    if (!local) {
      added += copyField(target, source, field, to)
      continue
    }
    const past = local.lastStep ?? -Infinity
    if (field.type === 'FloatSeries') {
      if (field.lastStep === null || field.lastStep <= past) continue
      const points = readFloatPoints(source, field.id, past)
      const start = firstPast(points.steps, past)
      appendFloatPoints(target, local, points, start, points.steps.length, field.updatedAt)
      added += points.steps.length - start
    } else if (field.type === 'StringSeries' || field.type === 'FileSeries') {
      if (field.lastStep === null || field.lastStep <= past) continue
      const points = readStringPoints(source, field.id, past)
      const start = firstPast(points.steps, past)
      appendStringPoints(
        target,
        local,
        points.steps.slice(start),
        points.timestamps.slice(start),
        points.values.slice(start),
        field.updatedAt,
      )
      added += points.steps.length - start
    } else if (field.updatedAt > local.updatedAt) {
      const value = statement<{ num: unknown; text: unknown; bits: unknown }>(source, SOURCE_VALUE).get(
        field.id,
      )!
      statement(target, WRITE_VALUE).run(value.num, value.text, value.bits, field.updatedAt, local.id)
    }
  }
  return added
}
