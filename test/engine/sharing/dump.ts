/**
 * A project's content as comparable plain data, straight from project.db: containers by uuid (parents by
 * uuid, not row id), every field row with its blobs as hex, every chunk and string point, events, experiment
 * memberships and model rows. Two projects holding the same runs bit for bit dump equal, whatever their row ids.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'

type Row = Record<string, unknown>

function plain(row: Row): Row {
  const out: Row = {}
  for (const [k, v] of Object.entries(row)) out[k] = Buffer.isBuffer(v) ? v.toString('hex') : v
  return out
}

/** The dump of the project at `dir` (see the file comment). */
export function dumpProject(dir: string, options: { skipIds?: boolean } = {}): Record<string, Row> {
  const db = new Database(join(dir, 'project.db'), { readonly: true })
  try {
    const out: Record<string, Row> = {}
    const runs = db
      .prepare(
        `SELECT r.*, p.uuid AS parent FROM runs r LEFT JOIN runs p ON p.id = r.parent_id ORDER BY r.uuid`,
      )
      .all() as Row[]
    for (const run of runs) {
      const { id, parent_id: _p, ...rest } = run
      if (options.skipIds) delete rest.number
      const fields = (db.prepare('SELECT * FROM fields WHERE run_id = ? ORDER BY path').all(id) as Row[]).map(
        (f) => {
          const { id: fid, run_id: _r, ...cols } = f
          return {
            ...plain(cols),
            chunks: (
              db.prepare('SELECT * FROM series_chunks WHERE field_id = ? ORDER BY seq').all(fid) as Row[]
            ).map(({ id: _c, field_id: _f, ...c }) => plain(c)),
            points: (
              db
                .prepare('SELECT step, time, value FROM string_points WHERE field_id = ? ORDER BY step')
                .all(fid) as Row[]
            ).map(plain),
          }
        },
      )
      out[run.uuid as string] = {
        ...rest,
        fields,
        events: db
          .prepare('SELECT time, type, payload FROM events WHERE run_id = ? ORDER BY time, type, payload')
          .all(id),
        experiment: db
          .prepare(
            'SELECT e.name FROM experiment_runs m JOIN experiments e ON e.id = m.experiment_id WHERE m.run_id = ?',
          )
          .get(id),
        model: db
          .prepare('SELECT id, scope, hash, name, description, step FROM models WHERE row_id = ?')
          .get(id),
        version: db
          .prepare(
            'SELECT m.uuid AS model, v.number FROM model_versions v JOIN runs m ON m.id = v.model_row_id WHERE v.row_id = ?',
          )
          .get(id),
      }
    }
    return out
  } finally {
    db.close()
  }
}

/** The object files of the project at `dir`, sorted (the files tests' helper). */
export { objectsIn as objectFiles } from '../files/helpers.js'
