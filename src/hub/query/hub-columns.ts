/**
 * The columns a hub project's runs have: every (path, type) of their fields, ordered by path then type
 * as the local store orders them (by UTF-8 bytes: COLLATE "C").
 *
 * @example
 * await hubColumns(sql, projectId)   // [{ path: 'metrics/acc', type: 'FloatSeries' }, { path: 'params/lr', type: 'Float' }, …]
 */
import type postgres from 'postgres'

/** Every (path, type) of the fields of runs of hub project `projectId`. */
export async function hubColumns(
  sql: postgres.Sql,
  projectId: number,
): Promise<{ path: string; type: string }[]> {
  return sql<{ path: string; type: string }[]>`
    SELECT DISTINCT f.path COLLATE "C" AS path, f.type COLLATE "C" AS type FROM hub_fields f JOIN hub_runs r ON r.id = f.run_id
     WHERE r.project_id = ${projectId} AND r.kind = 'run' ORDER BY 1, 2`
}
