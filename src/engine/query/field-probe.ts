/**
 * Cheap questions about the fields a project holds, for checking queries and columns: the type of some
 * field at a path (one index look-up that stops at the first row; for many paths, one statement) and the
 * list of every path (for "did you mean" hints, only asked when something is wrong). A FieldProbe asks
 * them of any store: `dbProbe(db)` of project.db; the hub answers them from PostgreSQL (src/hub/query).
 *
 * @example
 * firstType(db, 'metrics/acc', 'run')              // 'FloatSeries'
 * firstType(db, 'metrics/acc', 'run', ['Float'])   // undefined: no run has it as a Float
 * dbProbe(db).firstType('metrics/acc', 'run')      // 'FloatSeries'
 */
import { sql } from 'drizzle-orm'
import type { Db } from '../driver/database.js'
import type { FieldType } from '../fields/types.js'

/** The type of some field at `path` in a container of `kind` (one of `types`, when given), or undefined. */
export function firstType(
  db: Db,
  path: string,
  kind: string,
  types?: readonly FieldType[],
): FieldType | undefined {
  const typed = types
    ? sql` AND f.type IN (${sql.join(
        types.map((t) => sql`${t}`),
        sql`, `,
      )})`
    : sql``
  const row = db.get<{ type: FieldType } | undefined>(
    sql`SELECT f.type AS type FROM fields f JOIN runs r ON r.id = f.run_id WHERE f.path = ${path} AND r.kind = ${kind}${typed} LIMIT 1`,
  )
  return row?.type
}

/** The type of some field at each of `paths` (in one statement), for the paths some container of `kind` has. */
export function firstTypes(db: Db, paths: readonly string[], kind: string): Map<string, FieldType> {
  if (paths.length === 0) return new Map()
  const rows = db.values<[string, FieldType | null]>(
    sql`SELECT p.value, (SELECT f.type FROM fields f JOIN runs r ON r.id = f.run_id WHERE f.path = p.value AND r.kind = ${kind} LIMIT 1) FROM json_each(${JSON.stringify(paths)}) p`,
  )
  return new Map(rows.filter((row): row is [string, FieldType] => row[1] !== null))
}

/** Every distinct field path of the project (read from the `fields_path` index alone). */
export function allPaths(db: Db): string[] {
  return db.all<{ path: string }>(sql`SELECT DISTINCT path FROM fields`).map((r) => r.path)
}

/** The name of a container kind in messages: 'run', 'model', 'model version'. */
export function kindName(kind: string): string {
  return kind.replace('_', ' ')
}

/**
 * The questions checking a query or columns asks about a store's fields. `firstType` gives the type of
 * some field at `path` in a container of `kind` (one of `types`, when given; the one of the earliest
 * field row when the path has several types), `allPaths` every path of the project (for hints).
 */
export interface FieldProbe {
  firstType(path: string, kind: string, types?: readonly FieldType[]): FieldType | undefined
  firstTypes(paths: readonly string[], kind: string): Map<string, FieldType>
  allPaths(): string[]
}

/** The FieldProbe of a local project's database. */
export function dbProbe(db: Db): FieldProbe {
  return {
    firstType: (path, kind, types) => firstType(db, path, kind, types),
    firstTypes: (paths, kind) => firstTypes(db, paths, kind),
    allPaths: () => allPaths(db),
  }
}
