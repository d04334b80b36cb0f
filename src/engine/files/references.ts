/**
 * Every reference from project.db to the object store, in one query: a File's hash, each FileSet
 * member's hash, and each FileSeries entry's hash (minus checkpoint files a keep policy released).
 * Artifacts are not listed: they record files outside the store. A reference stored as unparsable JSON
 * is listed with the hash 'malformed JSON', so verify reports it and gc refuses to run.
 *
 * @example
 * const refs = database.read(listReferences)   // [{ hash, size, run: 'DEMO-1', path: 'model/weights' }]
 */
import { sql } from 'drizzle-orm'
import type { Db } from '../driver/database.js'
import type { ObjectReference } from '../objects/verify.js'

/** One reference with the size it records. */
export interface StoredReference extends ObjectReference {
  size: number | null
}

const BAD = `'malformed JSON'`

const REFERENCES = sql.raw(`
WITH refs(run_id, path, step, hash, size) AS (
  SELECT f.run_id, f.path, NULL,
         CASE WHEN json_valid(f.text) THEN json_extract(f.text, '$.hash') ELSE ${BAD} END,
         CASE WHEN json_valid(f.text) THEN json_extract(f.text, '$.size') END
    FROM fields f WHERE f.type = 'File'
  UNION ALL
  SELECT f.run_id, f.path || '/' || coalesce(json_extract(m.value, '$.path'), '?'), NULL,
         json_extract(m.value, '$.hash'), json_extract(m.value, '$.size')
    FROM fields f, json_each(CASE WHEN json_valid(f.text) THEN f.text ELSE '{}' END, '$.files') m
   WHERE f.type = 'FileSet'
  UNION ALL
  SELECT f.run_id, f.path, NULL, ${BAD}, NULL FROM fields f WHERE f.type = 'FileSet' AND NOT json_valid(f.text)
  UNION ALL
  SELECT f.run_id, f.path, p.step,
         CASE WHEN json_valid(p.value) THEN json_extract(p.value, '$.hash') ELSE ${BAD} END,
         CASE WHEN json_valid(p.value) THEN json_extract(p.value, '$.size') END
    FROM fields f JOIN string_points p ON p.field_id = f.id
   WHERE f.type = 'FileSeries'
     AND (NOT json_valid(p.value) OR coalesce(json_extract(p.value, '$.kept'), 1) <> 0)
)
SELECT r.sys_id AS run, refs.path AS path, refs.step AS step, refs.hash AS hash, refs.size AS size
  FROM refs JOIN runs r ON r.id = refs.run_id
 ORDER BY r.id, refs.path, refs.step`)

/** Every reference to the object store, from every run (and other container) of the project. */
export function listReferences(db: Db): StoredReference[] {
  const rows = db.all<{ run: string; path: string; step: number | null; hash: unknown; size: number | null }>(
    REFERENCES,
  )
  return rows.map((row) => ({
    run: row.run,
    path: row.path,
    hash: typeof row.hash === 'string' ? row.hash : String(row.hash),
    size: row.size,
    ...(row.step === null ? {} : { step: row.step }),
  }))
}
