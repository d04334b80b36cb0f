/**
 * SQL over the `fields` table: the rows of a container's fields, atom writes, string-set edits and deletes.
 * Every function takes the drizzle handle of a transaction already open. The queries a flush runs for
 * every field (getField, ensureField, writeAtom) are statements prepared once per connection.
 *
 * @example
 * database.write((db) => writeAtom(db, runId, 'parameters/lr', 'Float', encodeAtom('Float', 0.01), Date.now()))
 */
import { and, eq, getTableColumns, gte, lt, or, sql } from 'drizzle-orm'
import { fields } from '../../../schema/tables.js'
import { statement, type Db } from '../driver/database.js'
import type { FieldType } from './types.js'
import { decodeStringSet, encodeStringSet, type AtomCells } from './atom-codec.js'
import { typeConflict } from './errors.js'

/** One row of the fields table. */
export type FieldRow = typeof fields.$inferSelect

/** Every field of container `runId`, ordered by path. */
export function listFields(db: Db, runId: number): FieldRow[] {
  return db.select().from(fields).where(eq(fields.runId, runId)).orderBy(fields.path).all()
}

/** Every column of `fields` under its FieldRow name: `"run_id" AS "runId", …`. */
const FIELD_COLUMNS = Object.entries(getTableColumns(fields))
  .map(([key, column]) => `"${column.name}" AS "${key}"`)
  .join(', ')
const GET_FIELD = `SELECT ${FIELD_COLUMNS} FROM fields WHERE run_id = ? AND path = ?`
const INSERT_FIELD =
  'INSERT INTO fields (run_id, path, type, count, finite_count, sum, sum_sq, updated_at) VALUES (?, ?, ?, 0, 0, 0, 0, ?) ON CONFLICT DO NOTHING'
const WRITE_ATOM = 'UPDATE fields SET num = ?, text = ?, bits = ?, updated_at = ? WHERE id = ?'

/** The field at `path`, if it exists. */
export function getField(db: Db, runId: number, path: string): FieldRow | undefined {
  return statement<FieldRow>(db, GET_FIELD).get(runId, path)
}

/**
 * The fields at `path` and below it (a namespace), ordered by path. The paths below `ns` are exactly those
 * in ['ns/', 'ns0') under SQLite's binary collation ('0' follows '/'): a range the (run_id, path) index
 * serves, and one that counts no characters (JavaScript and SQLite count an emoji differently).
 */
export function fieldsUnder(db: Db, runId: number, path: string): FieldRow[] {
  if (path === '') return listFields(db, runId)
  return db
    .select()
    .from(fields)
    .where(
      and(
        eq(fields.runId, runId),
        or(eq(fields.path, path), and(gte(fields.path, `${path}/`), lt(fields.path, `${path}0`))),
      ),
    )
    .orderBy(fields.path)
    .all()
}

/**
 * The row of field `path`, created with `type` when missing. Throws a FieldTypeError when the row exists
 * with another type (another process created it first).
 */
export function ensureField(db: Db, runId: number, path: string, type: FieldType, now: number): FieldRow {
  let row = getField(db, runId, path)
  if (!row) {
    statement(db, INSERT_FIELD).run(runId, path, type, now)
    row = getField(db, runId, path)!
  }
  if (row.type !== type) {
    throw typeConflict(
      path,
      row.type,
      `a ${type}`,
      'Another writer of this run created the field with another type; use another path.',
    )
  }
  return row
}

/** Writes an atom's cells, creating the field if needed. */
export function writeAtom(
  db: Db,
  runId: number,
  path: string,
  type: FieldType,
  cells: AtomCells,
  now: number,
): void {
  const row = ensureField(db, runId, path, type, now)
  statement(db, WRITE_ATOM).run(cells.num, cells.text, cells.bits, now, row.id)
}

/** Applies `edit` to the string set at `path`, creating the field if needed. */
export function editStringSet(
  db: Db,
  runId: number,
  path: string,
  edit: (set: Set<string>) => void,
  now: number,
): void {
  const row = ensureField(db, runId, path, 'StringSet', now)
  const set = new Set(decodeStringSet(row.text))
  edit(set)
  db.update(fields)
    .set({ text: encodeStringSet(set), count: set.size, updatedAt: now })
    .where(eq(fields.id, row.id))
    .run()
}

/** Deletes the field at `path`, or every field below the namespace `path`; returns how many. */
export function deleteFields(db: Db, runId: number, path: string): number {
  const ids = fieldsUnder(db, runId, path).map((row) => row.id)
  for (const id of ids) db.delete(fields).where(eq(fields.id, id)).run()
  return ids.length
}

/** Stamps field `fieldId` as changed at `now` (ms) without changing its value. */
export function touchField(db: Db, fieldId: number, now: number): void {
  db.update(fields).set({ updatedAt: now }).where(eq(fields.id, fieldId)).run()
}

/**
 * Sets `$.key` to the JSON `json` in field `fieldId`'s last value (`text`, a JSON object for file series).
 *
 * @example
 * database.write((db) => setLastValueKey(db, row.id, 'kept', 'false'))
 */
export function setLastValueKey(db: Db, fieldId: number, key: string, json: string): void {
  db.update(fields)
    .set({ text: sql`json_set(${fields.text}, ${'$.' + key}, json(${json}))` })
    .where(eq(fields.id, fieldId))
    .run()
}
