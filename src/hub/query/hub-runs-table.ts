/**
 * The runs table of a hub project, answering like the local store's (src/store/local-project.ts) for the
 * same request: the request is planned with the engine's own checks (planOnHub), the NQL filter compiled
 * for PostgreSQL (pg-filter.ts), the page chosen in one statement with its total, then the page's
 * fields read in one more and decoded as locally (hub-cells.ts). All of it reads one snapshot (a
 * REPEATABLE READ, READ ONLY transaction on a connection of its own), as a local read is one SQLite
 * read transaction.
 *
 * @example
 * await hubRunsTable(sql, projectId, {
 *   query: 'metrics/acc > 0.9 AND sys/tags CONTAINS "mlp"', columns: ['sys/id', 'metrics/acc:max'],
 *   sort: 'metrics/acc', ascending: false, offset: 0, limit: 50,
 * })
 * // { total: 3, offset: 0, limit: 50, columns: [{ path: 'sys/id', type: 'String' }, …], items: [{ 'sys/id': 'DEMO-7', … }] }
 */
import type postgres from 'postgres'
import { decodeCell, type TableColumn } from '../../index.js'
import { toJson } from '../../store/json-values.js'
import type { Json, RunsPage, RunsQuery } from '../../store/read-store.js'
import { tableOptions } from '../../store/runs-query.js'
import { inTransaction } from '../transaction.js'
import { cellOf, cellType, pageFields, type CellRow } from './hub-cells.js'
import { planOnHub } from './hub-probe.js'
import { compileHubFilter } from './pg-filter.js'
import { regexpTexts } from './pg-regexp.js'
import { sortJoin, sortOrder } from './pg-sort.js'

/** The runs table of hub project `projectId` for `q`. */
export async function hubRunsTable(sql: postgres.Sql, projectId: number, q: RunsQuery): Promise<RunsPage> {
  const options = tableOptions(q)
  return inTransaction(sql, async (tx) => {
    await tx`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`
    const plan = await planOnHub(tx, projectId, options)
    const matched = await regexpTexts(tx, projectId, plan.filter)
    const filter = plan.filter ? compileHubFilter(tx, plan.filter, matched, plan.typesOf) : tx`true`
    const { limit, offset = 0 } = plan.options
    const where = tx`r.project_id = ${projectId} AND r.kind = 'run' AND ${filter}`
    const page = await tx<{ id: number; sys_id: string; total: number }[]>`
      SELECT r.id, r.sys_id, count(*) OVER () AS total FROM hub_runs r ${sortJoin(tx, plan.sortColumn)}
       WHERE ${where} ${sortOrder(tx, plan.sortColumn, plan.options.ascending, plan.typesOf(plan.sortColumn.path))}
       ${limit === undefined ? tx`` : tx`LIMIT ${limit}`} OFFSET ${offset}`
    let total = page[0]?.total
    if (total === undefined) {
      const [row] = await tx<{ n: number }[]>`SELECT count(*)::int AS n FROM hub_runs r WHERE ${where}`
      total = row!.n
    }
    const specs = plan.columns ?? []
    const summaries = new Set(specs.filter((s) => s.aggregate !== undefined).map((s) => s.path))
    const rows = await pageFields(
      tx,
      page.map((p) => p.id),
      [...new Set(specs.map((s) => s.path))],
    )
    const byRun = new Map<string, CellRow>(rows.map((row) => [`${row.run_id}\0${row.path}`, row]))
    const columns: TableColumn[] = [plan.idColumn, ...specs]
    const types = columns.map(() => new Set<string>())
    const items = page.map((run) => {
      const item: Record<string, Json> = {}
      columns.forEach((column, j) => {
        if (j === 0) {
          item[column.name] = run.sys_id
          return
        }
        const row = byRun.get(`${run.id}\0${column.path}`)
        if (row === undefined) {
          item[column.name] = null
          return
        }
        const cell = cellOf(row, summaries.has(row.path))
        const type = cellType(row, cell)
        if (type) types[j]!.add(type)
        item[column.name] = toJson(decodeCell(cell, column.aggregate))
      })
      return item
    })
    return {
      total,
      offset: q.offset,
      limit: q.limit,
      columns: columns.map((c, j) => ({
        path: c.name,
        type: types[j]!.size > 0 ? [...types[j]!].sort().join('|') : c.type,
      })),
      items,
    }
  })
}
