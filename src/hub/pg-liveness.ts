/**
 * Which hub runs are running, stale or failed, judged as a local listing judges them (the engine's
 * listRuns): a 'running' run (sys/state) whose heartbeat (sys/ping_time) is older than STALE_AFTER_MS is
 * stale, a run with sys/failed true failed. The hub holds the heartbeat as last synced, so a run whose
 * host stopped syncing turns stale there too.
 *
 * @example
 * await hubLiveness(sql, projectId)        // { running: 2, stale: 1, failed: 0 }
 * await hubRunStale(sql, runRowId)         // false
 */
import type postgres from 'postgres'
import { STALE_AFTER_MS } from '../index.js'

/** Counts of a hub project's runs (kind 'run') by liveness. */
export async function hubLiveness(
  sql: postgres.Sql,
  projectId: number,
  now = Date.now(),
): Promise<{ running: number; stale: number; failed: number }> {
  const since = now - STALE_AFTER_MS
  const [row] = await sql<{ running: number; stale: number; failed: number }[]>`
    SELECT count(*) FILTER (WHERE st.text = 'running' AND coalesce(pg.num, 0) >= ${since})::int AS running,
           count(*) FILTER (WHERE st.text = 'running' AND coalesce(pg.num, 0) < ${since})::int AS stale,
           count(*) FILTER (WHERE fl.num = 1)::int AS failed
      FROM hub_runs r
      LEFT JOIN hub_fields st ON st.run_id = r.id AND st.path = 'sys/state'
      LEFT JOIN hub_fields pg ON pg.run_id = r.id AND pg.path = 'sys/ping_time'
      LEFT JOIN hub_fields fl ON fl.run_id = r.id AND fl.path = 'sys/failed'
     WHERE r.project_id = ${projectId} AND r.kind = 'run'`
  return row!
}

/** Whether hub run `runId` is stale: 'running' with a heartbeat older than STALE_AFTER_MS. */
export async function hubRunStale(sql: postgres.Sql, runId: number, now = Date.now()): Promise<boolean> {
  const [row] = await sql<{ stale: boolean }[]>`
    SELECT (st.text = 'running' AND coalesce(pg.num, 0) < ${now - STALE_AFTER_MS}) AS stale
      FROM hub_runs r
      LEFT JOIN hub_fields st ON st.run_id = r.id AND st.path = 'sys/state'
      LEFT JOIN hub_fields pg ON pg.run_id = r.id AND pg.path = 'sys/ping_time'
     WHERE r.id = ${runId}`
  return row?.stale === true
}
