/**
 * A fork's history, fixed when the fork is made: per inherited series, the ancestor fields it reads and
 * the last step it reads of each (`fork_reads`). Reads never look at the parent as it is now, so a
 * parent that is resumed and appends at or below the fork step, or a fork that deletes an inherited
 * series and appends again, changes nothing of what the fork inherited. A series that forks read through
 * cannot be deleted (SERIES_READ_BY_FORK) until those forks delete their copy of it.
 *
 * @example
 * recordForkReads(db, childField.id, parentField, 500)   // the parent's own points <= 500, and what it inherited
 * seriesSegments(db, child.rowId, 'metrics/acc')         // [{ field: parentRow, upTo: 500 }, { field: ownRow, upTo: Infinity }]
 * refuseForkSources(db, parent.rowId, 'metrics')         // throws when a fork reads a series under 'metrics'
 */
import { eq } from 'drizzle-orm'
import { fields } from '../../../schema/tables.js'
import { statement, type Db } from '../driver/database.js'
import { ReadOnlyError } from '../errors.js'
import { fieldsUnder, getField, type FieldRow } from '../fields/store.js'

/** One field a series read goes through, and the last step read of it. */
export interface SeriesSegment {
  field: FieldRow
  upTo: number
}

const SOURCES =
  'SELECT source_field_id AS id, up_to AS upTo FROM fork_reads WHERE field_id = ? ORDER BY position DESC'
const INSERT =
  'INSERT INTO fork_reads (field_id, position, source_field_id, up_to) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'

/** The ancestor fields `fieldId` reads, root ancestor first. */
function sources(db: Db, fieldId: number): { id: number; upTo: number }[] {
  return statement<{ id: number; upTo: number }>(db, SOURCES).all(fieldId)
}

function fieldById(db: Db, id: number): FieldRow | undefined {
  return db.select().from(fields).where(eq(fields.id, id)).get()
}

/**
 * The fields the series at `path` of run `rowId` reads, root ancestor first, the run's own field last
 * (upTo Infinity); empty when the run has no such field (a fork that deleted it reads nothing inherited).
 */
export function seriesSegments(db: Db, rowId: number, path: string): SeriesSegment[] {
  const own = getField(db, rowId, path)
  if (!own) return []
  const segments: SeriesSegment[] = []
  for (const source of sources(db, own.id)) {
    const field = fieldById(db, source.id)
    if (field) segments.push({ field, upTo: source.upTo })
  }
  segments.push({ field: own, upTo: Infinity })
  return segments
}

/**
 * Records what the child's field `childFieldId` reads of the parent's series `parentField` when forked
 * at `step`: the parent's own points up to min(step, its last step now), and what the parent itself
 * inherited, each cut at `step` too.
 */
export function recordForkReads(db: Db, childFieldId: number, parentField: FieldRow, step: number): void {
  const insert = statement(db, INSERT)
  const inherited = sources(db, parentField.id)
  // sources() is root first: the root sits at the highest position
  inherited.forEach((source, i) => {
    insert.run(childFieldId, inherited.length - i + 1, source.id, Math.min(source.upTo, step))
  })
  insert.run(childFieldId, 1, parentField.id, Math.min(step, parentField.lastStep ?? step))
}

const READERS = `SELECT DISTINCT r.sys_id AS id FROM fork_reads fr
  JOIN fields f ON f.id = fr.field_id JOIN runs r ON r.id = f.run_id
  WHERE fr.source_field_id = ? ORDER BY r.id`

/**
 * Throws SERIES_READ_BY_FORK when a fork reads through a series at or under `path` of run `rowId`:
 * deleting it would change the forks' history.
 */
export function refuseForkSources(db: Db, rowId: number, path: string): void {
  for (const field of fieldsUnder(db, rowId, path)) {
    const readers = statement<{ id: string }>(db, READERS)
      .all(field.id)
      .map((r) => r.id)
    if (readers.length === 0) continue
    throw new ReadOnlyError(
      'SERIES_READ_BY_FORK',
      `cannot delete '${field.path}': fork${readers.length > 1 ? 's' : ''} ${readers.join(', ')} read its points`,
      {
        hint: `A fork's history is fixed at fork time. Delete '${field.path}' in ${readers.join(', ')} first (their inherited points go with it), then here.`,
      },
    )
  }
}
