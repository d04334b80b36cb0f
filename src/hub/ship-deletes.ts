/**
 * Local deletes into the hub: the project keeps no record of what it deleted, so each pass compares what
 * the hub holds of this source with what the project holds now, and deletes in one transaction the hub's
 * runs (models, model versions) whose uuid the project no longer has and the fields of this source's
 * runs whose path it no longer has (their chunks, strings and fork reads go with them). `nereid sync
 * --keep-deleted` skips it.
 *
 * @example
 * await shipDeletes(hub.sql, target, project.syncRows.runs(), project.syncRows.fieldKeys())   // { runs: 0, fields: 2 }
 */
import type postgres from 'postgres'
import type { SyncRun } from '../index.js'
import type { Target } from './source.js'
import { inTransaction } from './transaction.js'

/** What a delete pass removed from the hub. */
export interface DeleteReport {
  runs: number
  fields: number
}

/** Deletes the hub's rows of this source that the local project no longer has. */
export async function shipDeletes(
  sql: postgres.Sql,
  target: Target,
  name: string,
  runs: readonly SyncRun[],
  fields: readonly { runUuid: string; path: string }[],
): Promise<DeleteReport> {
  return inTransaction(sql, async (tx) => {
    const goneRuns = await tx`
      DELETE FROM hub_runs WHERE project_id = ${target.projectId} AND source_id = ${target.sourceId}
         AND NOT (uuid = ANY(${runs.map((r) => r.uuid)}::text[])) RETURNING id`
    const goneFields = await tx`
      DELETE FROM hub_fields f USING hub_runs r
       WHERE f.run_id = r.id AND r.project_id = ${target.projectId} AND r.source_id = ${target.sourceId}
         AND NOT EXISTS (SELECT 1 FROM unnest(${fields.map((f) => f.runUuid)}::text[], ${fields.map((f) => f.path)}::text[]) AS k(uuid, path)
                          WHERE k.uuid = r.uuid AND k.path = f.path)
      RETURNING f.id`
    if (goneRuns.length + goneFields.length > 0) await tx`SELECT pg_notify('nereid_hub', ${name})`
    return { runs: goneRuns.length, fields: goneFields.length }
  })
}
