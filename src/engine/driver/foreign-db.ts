/**
 * Read-only access to another program's SQLite file (an MLflow `mlflow.db`), for importers: the rest of
 * Nereid may not import better-sqlite3 itself. Opening a file that is not SQLite, or is damaged, gives a
 * CorruptDataError; a missing file a NotFoundError.
 *
 * @example
 * const db = openForeignDatabase('mlruns/mlflow.db')
 * const runs = db.all<{ run_uuid: string }>('SELECT run_uuid FROM runs WHERE experiment_id = ?', 0)
 * db.close()
 */
import { existsSync } from 'node:fs'
import BetterSqlite3 from 'better-sqlite3'
import { CorruptDataError, NotFoundError } from '../errors.js'

/** A foreign SQLite database open read-only. */
export interface ForeignDatabase {
  /** Every row of a SELECT, `?` parameters bound in order. */
  all<T>(sql: string, ...params: unknown[]): T[]
  /** Names of the tables in the file. */
  tables(): string[]
  close(): void
}

function corrupt(file: string, error: unknown): CorruptDataError {
  const message = error instanceof Error ? error.message : String(error)
  return new CorruptDataError('NOT_SQLITE', `${file} is not a readable SQLite database (${message})`, {
    hint: "Point at the tracker's database file itself (e.g. mlflow.db), and check that it was copied whole.",
    cause: error,
  })
}

/** Opens `file` read-only (never creating it) and checks that it is SQLite. */
export function openForeignDatabase(file: string): ForeignDatabase {
  if (!existsSync(file)) {
    throw new NotFoundError('DATABASE_NOT_FOUND', `no database file at ${file}`, {
      hint: 'Check the path; importers never create the source database.',
    })
  }
  let db: BetterSqlite3.Database
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true })
    db.pragma('query_only = ON')
    db.prepare('SELECT count(*) FROM sqlite_master').get() // a non-SQLite file fails here, not at open
  } catch (error) {
    throw corrupt(file, error)
  }
  const all = <T>(sql: string, ...params: unknown[]): T[] => {
    try {
      return db.prepare(sql).all(...params) as T[]
    } catch (error) {
      throw corrupt(file, error)
    }
  }
  return {
    all,
    tables: () =>
      all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => r.name),
    close: () => db.close(),
  }
}
