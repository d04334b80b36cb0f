/**
 * Recorded operations into the hub, upserted by (source, local id): each pass sends the ones the hub does
 * not hold as ended yet (new ones, and running ones whose progress or end changed), 1,000 rows a
 * statement; an ended operation is sent once, and a re-send changes nothing.
 *
 * @example
 * await shipOperations(hub.sql, target, project.operations.list())   // 3
 */
import type postgres from 'postgres'
import type { OperationSummary } from '../index.js'
import type { Target } from './source.js'

/** Rows per INSERT (11 parameters a row; PostgreSQL takes at most 65535 in one statement). */
const ROWS_PER_INSERT = 1000

/** Upserts the operations; returns how many rows it sent. */
export async function shipOperations(
  sql: postgres.Sql,
  target: Target,
  operations: readonly OperationSummary[],
): Promise<number> {
  if (operations.length === 0) return 0
  const ended = new Set(
    (
      await sql<{ local_id: number }[]>`
        SELECT local_id FROM hub_operations WHERE source_id = ${target.sourceId} AND ended_at IS NOT NULL`
    ).map((r) => Number(r.local_id)),
  )
  const rows = operations
    .filter((o) => !ended.has(o.id))
    .map((o) => ({
      source_id: target.sourceId,
      local_id: o.id,
      kind: o.kind,
      status: o.status,
      done: o.done,
      total: o.total,
      created_at: o.createdAt,
      started_at: o.startedAt,
      ended_at: o.endedAt,
      error: o.error === null ? null : JSON.stringify(o.error),
      report: o.report === null || o.report === undefined ? null : JSON.stringify(o.report),
    }))
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT)
    await sql`INSERT INTO hub_operations ${sql(rows.slice(i, i + ROWS_PER_INSERT))} ON CONFLICT (source_id, local_id) DO UPDATE SET
            kind = excluded.kind, status = excluded.status, done = excluded.done, total = excluded.total,
            created_at = excluded.created_at, started_at = excluded.started_at, ended_at = excluded.ended_at,
            error = excluded.error, report = excluded.report`
  return rows.length
}
