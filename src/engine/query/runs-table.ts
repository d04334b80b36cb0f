/**
 * The runs table: typed columns over many runs, filtered by an NQL query, sorted and paged, answered by ONE
 * SQL statement in one read transaction (plus a few index probes that check the query and the columns).
 * The filter is compiled to bound parameters (nql-compile.ts), the sort key is one index look-up per run
 * (sort.ts), and each run of the page brings its requested fields as one JSON object built by SQLite from
 * the `fields_run_path` index (cells.ts). Series give the summary kept on their
 * field row; a runs table never opens a series chunk.
 *
 * @example
 * const table = project.fetchRunsTable({
 *   query: 'metrics/acc > 0.9 AND sys/tags CONTAINS "mlp"',
 *   columns: ['parameters/lr', 'metrics/acc', 'metrics/acc:max'],
 *   sortBy: 'metrics/acc', limit: 10,
 * })
 * table.toObjects()   // [{ 'sys/id': 'DEMO-3', 'parameters/lr': 0.1, 'metrics/acc': 0.93, 'metrics/acc:max': 0.95 }, …]
 * table.toCSV()       // 'sys/id,parameters/lr,metrics/acc,metrics/acc:max\nDEMO-3,0.1,0.93,0.95\n…'
 */
import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../driver/database.js'
import { cellKeySql, cellSql, decodeCell, keyPath, readCell } from './cells.js'
import { ID_COLUMN, resolveColumns, type ColumnSpec, type TableColumn } from './columns.js'
import { toCsv } from '../../format/csv.js'
import { dbProbe } from './field-probe.js'
import { compileFilter } from './nql-compile.js'
import { orderBy, sortKeySql } from './sort.js'
import type { RunsTableOptions } from './table-options.js'
import { planRunsTable } from './table-plan.js'

export type { RunsTableOptions } from './table-options.js'
export type { TableColumn } from './columns.js'

/** A fetched table: `rows[i][j]` is the value of `columns[j]` for the i-th run (null when it has none). */
export interface RunsTable {
  columns: TableColumn[]
  rows: unknown[][]
  /** One object per row, keyed by column name. */
  toObjects(): Record<string, unknown>[]
  /** The table as CSV, with a header line (see csv.ts for how values are written). */
  toCSV(): string
}

class Table implements RunsTable {
  constructor(
    readonly columns: TableColumn[],
    readonly rows: unknown[][],
  ) {}

  toObjects(): Record<string, unknown>[] {
    return this.rows.map((row) => Object.fromEntries(this.columns.map((c, i) => [c.name, row[i]])))
  }

  toCSV(): string {
    return toCsv(
      this.columns.map((c) => c.name),
      this.rows,
    )
  }
}

/** Every path found in the fetched cells: sys/ paths first, then the rest, each sorted. */
function discovered(cells: Record<string, unknown>[]): ColumnSpec[] {
  const paths = new Set<string>()
  for (const object of cells) for (const key of Object.keys(object)) paths.add(keyPath(key))
  paths.delete(ID_COLUMN)
  const sorted = [...paths].sort(
    (a, b) => Number(!a.startsWith('sys/')) - Number(!b.startsWith('sys/')) || (a < b ? -1 : a > b ? 1 : 0),
  )
  return sorted.map((path) => ({ name: path, path }))
}

/** Fetches the table of containers of `kind` ('run', 'model', 'model_version'). */
export function fetchRunsTable(database: Database, options: RunsTableOptions = {}, kind = 'run'): RunsTable {
  return database.read((db) => {
    const probe = dbProbe(db)
    const plan = planRunsTable(probe, options, kind)
    const o = plan.options
    const filter = plan.filter ? compileFilter(plan.filter) : sql`1`
    const specs = plan.columns ?? []

    let fieldsJson: SQL = sql`NULL`
    if (o.columns === undefined) {
      fieldsJson = sql`(SELECT json_group_object(${cellKeySql()}, ${cellSql(undefined)}) FROM fields f WHERE f.run_id = p.id)`
    } else if (specs.length > 0) {
      const paths = JSON.stringify([...new Set(specs.map((s) => s.path))])
      const summaries = [...new Set(specs.filter((s) => s.aggregate !== undefined).map((s) => s.path))]
      const cells = cellSql(summaries.length ? JSON.stringify(summaries) : undefined)
      fieldsJson = sql`(SELECT json_group_object(${cellKeySql()}, ${cells}) FROM fields f WHERE f.run_id = p.id AND +f.path IN (SELECT value FROM json_each(${paths})))`
    }
    // The page is chosen first and the fields of its runs read after, so that a page of 100 out of 10k
    // matching runs reads 100 runs' fields, not 10k.
    const page = sql`SELECT r.id AS id, r.sys_id AS sys_id, ${sortKeySql(plan.sortColumn)} AS k FROM runs r WHERE r.kind = ${kind} AND ${filter}
      ${orderBy(sql`k`, sql`r.id`, o.ascending)} LIMIT ${o.limit ?? -1} OFFSET ${o.offset ?? 0}`
    const statement = sql`SELECT p.sys_id, ${fieldsJson} FROM (${page}) p ${orderBy(sql`p.k`, sql`p.id`, o.ascending)}`
    const raw = db.values<[string, string | null]>(statement)
    const objects = raw.map(([, json]) => (json ? (JSON.parse(json) as Record<string, unknown>) : {}))
    const columns: TableColumn[] = [
      plan.idColumn,
      ...(o.columns === undefined ? resolveColumns(probe, discovered(objects), kind) : specs),
    ]
    // A column's type is the set of types its rows hold (the probed type when no row holds the field).
    const types = columns.map(() => new Set<string>())
    const rows = raw.map(([id], r) => {
      const object = objects[r]!
      return columns.map((column, j) => {
        if (j === 0) return id
        const { cell, type } = readCell(object, column.path)
        if (type) types[j]!.add(type)
        return decodeCell(cell, column.aggregate)
      })
    })
    columns.forEach((column, j) => {
      if (types[j]!.size > 0) column.type = [...types[j]!].sort().join('|')
    })
    return new Table(columns, rows)
  })
}
