/**
 * Small reads the read-only server needs (docs/server.md): what changed since a time (fields.updated_at,
 * runs.created_at) for live updates, every (path, type) of the runs' fields for a column picker, and
 * which fields reference an object hash (so the server serves only referenced objects, with their mime).
 *
 * @example
 * const since = database.read((db) => changesSince(db, cursor))
 * // { runs: [{ id: 'DEMO-1', fields: ['metrics/acc'] }], newRuns: [], until: 1735812000123 }
 */
import { sql } from 'drizzle-orm'
import { statement, type Db } from '../driver/database.js'

/** Runs and fields changed after a time. */
export interface Changes {
  /** Runs with the paths of their fields updated after the time, ordered by run then path. */
  runs: { id: string; fields: string[] }[]
  /** Runs created after the time. */
  newRuns: string[]
  /** The newest updated_at / created_at seen (the time passed in when nothing changed): the next cursor. */
  until: number
}

/** One field path of the project's runs with one of its types. */
export interface FieldColumn {
  path: string
  type: string
  /** How many runs have the path with this type. */
  runs: number
}

/** A field that references an object: what the object was recorded as. */
export interface ObjectUse {
  run: string
  path: string
  mime: string
  /** The recorded file name (File, FileSeries) or the path in the set (FileSet). */
  name: string
  size: number | null
}

/**
 * The fields of runs updated after a time: a range of the index fields_updated_at (format 4), so a poll
 * that finds nothing new reads nothing, however many fields the project has.
 */
export const CHANGED_FIELDS = `SELECT r.sys_id AS run, f.path AS path, f.updated_at AS at
  FROM fields f INDEXED BY fields_updated_at JOIN runs r ON r.id = f.run_id
  WHERE f.updated_at > ? AND r.kind = 'run' ORDER BY r.id, f.path`
const CREATED_RUNS = `SELECT sys_id AS run, created_at AS at FROM runs WHERE kind = 'run' AND created_at > ? ORDER BY id`

/** Runs and field paths of kind 'run' updated after `ms`, and runs created after it. */
export function changesSince(db: Db, ms: number): Changes {
  const rows = statement<{ run: string; path: string; at: number }>(db, CHANGED_FIELDS).all(ms)
  const created = statement<{ run: string; at: number }>(db, CREATED_RUNS).all(ms)
  const runs: Changes['runs'] = []
  let until = ms
  for (const row of rows) {
    const last = runs[runs.length - 1]
    if (last?.id === row.run) last.fields.push(row.path)
    else runs.push({ id: row.run, fields: [row.path] })
    until = Math.max(until, row.at)
  }
  for (const row of created) until = Math.max(until, row.at)
  return { runs, newRuns: created.map((r) => r.run), until }
}

/** Every (path, type) of the fields of runs, sorted by path. */
export function fieldColumns(db: Db): FieldColumn[] {
  return db.all<FieldColumn>(sql`
    SELECT f.path AS path, f.type AS type, count(*) AS runs FROM fields f JOIN runs r ON r.id = f.run_id
     WHERE r.kind = 'run' GROUP BY f.path, f.type ORDER BY f.path, f.type`)
}

/** The fields (File, FileSet member, kept FileSeries entry) that reference object `hash`. */
export function objectUses(db: Db, hash: string): ObjectUse[] {
  return db.all<ObjectUse>(sql`
    WITH uses(run_id, path, mime, name, size) AS (
      SELECT f.run_id, f.path, json_extract(f.text, '$.mime'), json_extract(f.text, '$.name'), json_extract(f.text, '$.size')
        FROM fields f WHERE f.type = 'File' AND instr(f.text, ${hash}) > 0 AND json_valid(f.text) AND json_extract(f.text, '$.hash') = ${hash}
      UNION ALL
      SELECT f.run_id, f.path, json_extract(m.value, '$.mime'), json_extract(m.value, '$.path'), json_extract(m.value, '$.size')
        FROM fields f, json_each(f.text, '$.files') m
       WHERE f.type = 'FileSet' AND instr(f.text, ${hash}) > 0 AND json_valid(f.text) AND json_extract(m.value, '$.hash') = ${hash}
      UNION ALL
      SELECT f.run_id, f.path, json_extract(p.value, '$.mime'), json_extract(p.value, '$.name'), json_extract(p.value, '$.size')
        FROM fields f JOIN string_points p ON p.field_id = f.id
       WHERE f.type = 'FileSeries' AND instr(p.value, ${hash}) > 0 AND json_valid(p.value) AND json_extract(p.value, '$.hash') = ${hash}
         AND coalesce(json_extract(p.value, '$.kept'), 1) <> 0
    )
    SELECT r.sys_id AS run, u.path AS path, coalesce(u.mime, 'application/octet-stream') AS mime, coalesce(u.name, '') AS name, u.size AS size
      FROM uses u JOIN runs r ON r.id = u.run_id ORDER BY r.id, u.path LIMIT 100`)
}
