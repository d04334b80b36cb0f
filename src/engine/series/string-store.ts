/**
 * SQL over string series (and file series, whose entries are JSON strings): one row per point in
 * `string_points`, the field row's summary (count, step range, last value in `text`) kept in the same
 * transaction.
 *
 * @example
 * database.write((db) => appendStringPoints(db, row, [0, 1], [t0, t1], ['epoch 0', 'epoch 1'], Date.now()))
 * database.read((db) => readStringPoints(db, row.id, 0, 10))   // { steps, timestamps, values }
 */
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm'
import { stringPoints } from '../../../schema/tables.js'
import { statement, type Db } from '../driver/database.js'
import type { FieldRow } from '../fields/store.js'

const INSERT_STRING_POINT = 'INSERT INTO string_points (field_id, step, time, value) VALUES (?, ?, ?, ?)'
const UPDATE_STRING_SUMMARY =
  'UPDATE fields SET count = ?, first_step = ?, last_step = ?, text = ?, updated_at = ? WHERE id = ?'

/** Appends string points to the string series `row` and updates its summary (last value in `text`). */
export function appendStringPoints(
  db: Db,
  row: FieldRow,
  steps: number[],
  times: number[],
  values: string[],
  now: number,
): void {
  if (values.length === 0) return
  const insert = statement(db, INSERT_STRING_POINT)
  for (let i = 0; i < values.length; i++) insert.run(row.id, steps[i]!, times[i]!, values[i]!)
  statement(db, UPDATE_STRING_SUMMARY).run(
    row.count + values.length,
    row.firstStep ?? steps[0]!,
    steps[steps.length - 1]!,
    values[values.length - 1]!,
    now,
    row.id,
  )
}

/** String points of `fieldId` with from <= step <= to, in step order. */
export function readStringPoints(
  db: Db,
  fieldId: number,
  from = -Infinity,
  to = Infinity,
): { steps: number[]; timestamps: number[]; values: string[] } {
  const rows = db
    .select()
    .from(stringPoints)
    .where(and(eq(stringPoints.fieldId, fieldId), gte(stringPoints.step, from), lte(stringPoints.step, to)))
    .orderBy(asc(stringPoints.step))
    .all()
  return {
    steps: rows.map((r) => r.step),
    timestamps: rows.map((r) => r.time),
    values: rows.map((r) => r.value),
  }
}

/**
 * Sets `$.key` to the JSON `json` in the entry at `step` of the JSON string series `fieldId` (file
 * series entries are JSON objects).
 *
 * @example
 * database.write((db) => setEntryKey(db, row.id, 3, 'kept', 'false'))
 */
export function setEntryKey(db: Db, fieldId: number, step: number, key: string, json: string): void {
  db.update(stringPoints)
    .set({ value: sql`json_set(${stringPoints.value}, ${'$.' + key}, json(${json}))` })
    .where(and(eq(stringPoints.fieldId, fieldId), eq(stringPoints.step, step)))
    .run()
}
