/**
 * The counts of a project's statistics that come from SQL: fields, series points, file fields, models,
 * versions and experiments, in one statement (runs are counted from the runs list, which has their states).
 *
 * @example
 * database.read(countFields)   // { fields: 12, points: 3000, files: 1, models: 0, versions: 0, experiments: 1 }
 */
import { sql } from 'drizzle-orm'
import type { Db } from '../driver/database.js'
import { FILE_TYPES } from '../fields/types.js'

/** What {@link countFields} returns. */
export interface FieldCounts {
  fields: number
  points: number
  files: number
  models: number
  versions: number
  experiments: number
}

const list = (types: readonly string[]) =>
  sql.join(
    types.map((t) => sql`${t}`),
    sql`, `,
  )

/** Counts of fields, points, file fields, models, model versions and experiments. */
export function countFields(db: Db): FieldCounts {
  const row = db.get<FieldCounts | undefined>(sql`
    SELECT count(*) AS fields,
      coalesce(sum(CASE WHEN type IN (${list(['FloatSeries', 'StringSeries', 'FileSeries'])}) THEN count END), 0) AS points,
      coalesce(sum(CASE WHEN type IN (${list(FILE_TYPES)}) THEN 1 END), 0) AS files,
      (SELECT count(*) FROM runs WHERE kind = 'model') AS models,
      (SELECT count(*) FROM runs WHERE kind = 'model_version') AS versions,
      (SELECT count(*) FROM experiments) AS experiments
    FROM fields`)
  return row ?? { fields: 0, points: 0, files: 0, models: 0, versions: 0, experiments: 0 }
}
