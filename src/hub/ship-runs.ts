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

/**
 * The hub id of a run: DEMO-7 for a run, DEMO-M4 for a model; a model version is named after its model's
 * hub id as locally (DEMO-M4-2 for the local DEMO-M1-2 of a model the hub calls DEMO-M4), DEMO-V9 when its
 * model is unknown.
 */
function sysId(
  key: string,
  run: SyncRun,
  number: number,
  model: { local: string; hub: string } | undefined,
): string {
  if (run.kind === 'run') return `${key}-${number}`
  if (run.kind === 'model') return `${key}-M${number}`
  if (model && run.sysId.startsWith(`${model.local}-`)) return model.hub + run.sysId.slice(model.local.length)
  return `${key}-V${number}`
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
    const rows = await tx<{ id: number; uuid: string; sys_id: string }[]>`
      SELECT id, uuid, sys_id FROM hub_runs WHERE project_id = ${target.projectId} AND uuid = ANY(${runs.map((r) => r.uuid)}::text[])`
    const hubSysIds = new Map<string, string>()
    for (const row of rows) {
      ids.set(row.uuid, row.id)
      hubSysIds.set(row.uuid, row.sys_id)
    }
    const localSysIds = new Map(runs.map((r) => [r.uuid, r.sysId]))
    for (const run of runs) {
      if (ids.has(run.uuid)) continue
      const [next] = await tx<{ n: number }[]>`
        SELECT coalesce(max(number), 0) + 1 AS n FROM hub_runs WHERE project_id = ${target.projectId} AND kind = ${run.kind}`
      const number = next!.n
      const parentId = run.parentUuid === null ? null : (ids.get(run.parentUuid) ?? null)
      const modelHub = run.modelUuid === null ? undefined : hubSysIds.get(run.modelUuid)
      const modelLocal = run.modelUuid === null ? undefined : localSysIds.get(run.modelUuid)
      const model = modelHub && modelLocal ? { local: modelLocal, hub: modelHub } : undefined
      const hubSysId = sysId(target.key, run, number, model)
      const [row] = await tx<{ id: number }[]>`
        INSERT INTO hub_runs (project_id, source_id, kind, number, sys_id, uuid, origin_sys_id, custom_run_id, created_at, parent_id, fork_step, fork_depth)
        VALUES (${target.projectId}, ${target.sourceId}, ${run.kind}, ${number}, ${hubSysId}, ${run.uuid},
                ${run.sysId}, ${run.customRunId}, ${run.createdAt}, ${parentId}, ${run.forkStep}, ${run.forkDepth})
        RETURNING id`
      ids.set(run.uuid, row!.id)
      hubSysIds.set(run.uuid, hubSysId)
    }
  })
  return ids
}
