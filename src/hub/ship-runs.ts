/**
 * Runs into the hub: each local run not yet there (by uuid) gets a hub row with an id the hub assigns —
 * numbers counted per project and kind under a lock of the project row, so hosts syncing at once never
 * take the same id. Parents are inserted before their forks, so a fork's parent maps to a hub id.
 *
 * @example
 * const ids = await shipRuns(hub.sql, target, project.syncRows.runs())
 * ids.get(run.uuid)   // the hub's row id of the run
 */
import type postgres from 'postgres'
import type { SyncRun } from '../index.js'
import type { Target } from './source.js'
import { inTransaction } from './transaction.js'

/** The hub id of a run of another kind than 'run': DEMO-M4 for a model, DEMO-V9 for a model version. */
function sysId(key: string, kind: string, number: number): string {
  if (kind === 'run') return `${key}-${number}`
  return `${key}-${kind === 'model' ? 'M' : 'V'}${number}`
}

/** Inserts the runs the hub lacks; returns every run's hub id by uuid. */
export async function shipRuns(
  sql: postgres.Sql,
  target: Target,
  runs: SyncRun[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>()
  const known = async (): Promise<void> => {
    const rows = await sql<{ id: number; uuid: string }[]>`
      SELECT id, uuid FROM hub_runs WHERE project_id = ${target.projectId} AND uuid = ANY(${runs.map((r) => r.uuid)}::text[])`
    for (const row of rows) ids.set(row.uuid, row.id)
  }
  await known()
  if (runs.every((r) => ids.has(r.uuid))) return ids
  await inTransaction(sql, async (tx) => {
    await tx`SELECT id FROM hub_projects WHERE id = ${target.projectId} FOR UPDATE`
    ids.clear()
    const rows = await tx<{ id: number; uuid: string }[]>`
      SELECT id, uuid FROM hub_runs WHERE project_id = ${target.projectId} AND uuid = ANY(${runs.map((r) => r.uuid)}::text[])`
    for (const row of rows) ids.set(row.uuid, row.id)
    for (const run of runs) {
      if (ids.has(run.uuid)) continue
      const [next] = await tx<{ n: number }[]>`
        SELECT coalesce(max(number), 0) + 1 AS n FROM hub_runs WHERE project_id = ${target.projectId} AND kind = ${run.kind}`
      const number = next!.n
      const parentId = run.parentUuid === null ? null : (ids.get(run.parentUuid) ?? null)
      const [row] = await tx<{ id: number }[]>`
        INSERT INTO hub_runs (project_id, source_id, kind, number, sys_id, uuid, origin_sys_id, custom_run_id, created_at, parent_id, fork_step, fork_depth)
        VALUES (${target.projectId}, ${target.sourceId}, ${run.kind}, ${number}, ${sysId(target.key, run.kind, number)}, ${run.uuid},
                ${run.sysId}, ${run.customRunId}, ${run.createdAt}, ${parentId}, ${run.forkStep}, ${run.forkDepth})
        RETURNING id`
      ids.set(run.uuid, row!.id)
    }
  })
  return ids
}
