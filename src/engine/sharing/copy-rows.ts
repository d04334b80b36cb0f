/**
 * Copies rows from a staged source project.db into the target, bit for bit: a field row with its series
 * chunks (blobs as they are) or its string/file series points, and a container's events. Reads page
 * through the source so a 10 M-point series never sits in memory whole.
 *
 * @example
 * copyField(target, source, sourceField, targetRunId)   // inside the target's write transaction
 */
import { statement, type Db } from '../driver/database.js'

/** The columns of a field row a copy carries over (everything but its id and container). */
export const FIELD_COLUMNS =
  'path, type, num, text, bits, count, first_step, last_step, last, last_bits, min, max, finite_count, sum, sum_sq, updated_at'

/** A source field row: its id and the copied columns, in FIELD_COLUMNS order. */
export interface SourceField {
  id: number
  path: string
  type: string
  count: number
  lastStep: number | null
  updatedAt: number
  values: unknown[]
}

const SOURCE_FIELDS = `SELECT id, ${FIELD_COLUMNS} FROM fields WHERE run_id = ? ORDER BY path`
const INSERT_FIELD = `INSERT INTO fields (run_id, ${FIELD_COLUMNS}) VALUES (?${', ?'.repeat(16)})`
const CHUNK_COLUMNS = 'seq, count, step_first, step_last, min, max, vals, steps, times, lod'
const SOURCE_CHUNKS = `SELECT ${CHUNK_COLUMNS} FROM series_chunks WHERE field_id = ? AND seq > ? ORDER BY seq LIMIT 64`
const INSERT_CHUNK = `INSERT INTO series_chunks (field_id, ${CHUNK_COLUMNS}) VALUES (?${', ?'.repeat(10)})`
const SOURCE_POINTS =
  'SELECT step, time, value FROM string_points WHERE field_id = ? AND step > ? ORDER BY step LIMIT 4096'
const INSERT_POINT = 'INSERT INTO string_points (field_id, step, time, value) VALUES (?, ?, ?, ?)'

/** The fields of source container `runId`, ordered by path. */
export function sourceFields(source: Db, runId: number): SourceField[] {
  return statement<Record<string, unknown>>(source, SOURCE_FIELDS)
    .all(runId)
    .map((row) => {
      const { id, ...rest } = row
      return {
        id: id as number,
        path: rest.path as string,
        type: rest.type as string,
        count: rest.count as number,
        lastStep: rest.last_step as number | null,
        updatedAt: rest.updated_at as number,
        values: Object.values(rest),
      }
    })
}

/** Copies `field` with its points into container `runId` of `target`; returns the points copied. */
export function copyField(target: Db, source: Db, field: SourceField, runId: number): number {
  const id = Number(statement(target, INSERT_FIELD).run(runId, ...field.values).lastInsertRowid)
  let points = 0
  for (let seq = -Infinity; ;) {
    const chunks = statement<{ seq: number; count: number }>(source, SOURCE_CHUNKS).all(field.id, seq)
    if (chunks.length === 0) break
    for (const chunk of chunks) {
      statement(target, INSERT_CHUNK).run(id, ...Object.values(chunk))
      points += chunk.count
    }
    seq = chunks.at(-1)!.seq
  }
  for (let step = -Infinity; ;) {
    const rows = statement<{ step: number; time: number; value: string }>(source, SOURCE_POINTS).all(
      field.id,
      step,
    )
    if (rows.length === 0) break
    for (const row of rows) statement(target, INSERT_POINT).run(id, row.step, row.time, row.value)
    points += rows.length
    step = rows.at(-1)!.step
  }
  return points
}

const SOURCE_EVENTS = 'SELECT time, type, payload FROM events WHERE run_id = ? ORDER BY id'
const INSERT_EVENT = `INSERT INTO events (run_id, time, type, payload) SELECT ?, ?, ?, ?
  WHERE NOT EXISTS (SELECT 1 FROM events WHERE run_id = ? AND time = ? AND type = ? AND payload = ?)`

/** Adds the events of source container `from` to target container `to` that it does not hold yet. */
export function copyEvents(target: Db, source: Db, from: number, to: number): void {
  for (const e of statement<{ time: number; type: string; payload: string }>(source, SOURCE_EVENTS).all(from))
    statement(target, INSERT_EVENT).run(to, e.time, e.type, e.payload, to, e.time, e.type, e.payload)
}

const SOURCE_FORK_READS = `SELECT f.path AS path, fr.position AS position, af.run_id AS ancestor, af.path AS ancestorPath, fr.up_to AS upTo
  FROM fork_reads fr JOIN fields f ON f.id = fr.field_id JOIN fields af ON af.id = fr.source_field_id
  WHERE f.run_id = ? ORDER BY f.path, fr.position`
const INSERT_FORK_READ = `INSERT OR REPLACE INTO fork_reads (field_id, position, source_field_id, up_to)
  SELECT f.id, ?, af.id, ? FROM fields f, fields af
  WHERE f.run_id = ? AND f.path = ? AND af.run_id = ? AND af.path = ?`

/**
 * Copies what the fork `from` of the source reads of its ancestors (fork_reads, see runs/fork-reads.ts)
 * to its copy `to`, naming the ancestors' fields by their container (`rows`: source row id -> target row
 * id) and path, as the ids differ between the two files.
 */
export function copyForkReads(
  target: Db,
  source: Db,
  from: number,
  to: number,
  rows: Map<number, number>,
): void {
  const reads = statement<{
    path: string
    position: number
    ancestor: number
    ancestorPath: string
    upTo: number
  }>(source, SOURCE_FORK_READS).all(from)
  for (const r of reads) {
    const ancestor = rows.get(r.ancestor)
    if (ancestor !== undefined)
      statement(target, INSERT_FORK_READ).run(r.position, r.upTo, to, r.path, ancestor, r.ancestorPath)
  }
}
