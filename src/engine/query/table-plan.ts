/**
 * What a runs table asks for, checked against a store's fields before any SQL is written: the options
 * (defaults filled in), the query parsed and resolved to tests on stored types, the sort column and the
 * requested columns typed. Every store answers the same checks in the same order, so a query or column
 * the local store refuses is refused by the hub with the same error (code, message, column, hint).
 *
 * @example
 * const plan = planRunsTable(dbProbe(db), { query: 'acc > 0.5', columns: ['acc:max'], sortBy: 'acc' })
 * plan.filter      // { kind: 'test', path: 'acc', branches: [{ type: 'Float', … }, …] }
 * plan.sortColumn  // { name: 'acc', path: 'acc', type: 'FloatSeries' }
 * plan.columns     // [{ name: 'acc:max', path: 'acc', aggregate: 'max', type: 'FloatSeries' }]
 */
import { InvalidOptionError } from '../errors.js'
import { ID_COLUMN, parseColumn, resolveColumns, type ColumnSpec, type TableColumn } from './columns.js'
import type { FieldProbe } from './field-probe.js'
import { resolveQuery, type Resolved } from './infer-types.js'
import { parseQuery } from './nql-parser.js'
import { checkTableOptions, type RunsTableOptions } from './table-options.js'
import { withShorthands } from './table-shorthands.js'

/** A checked runs-table request. */
export interface RunsTablePlan {
  /** The options, checked, with defaults filled in. */
  options: Readonly<RunsTableOptions & { ascending: boolean; sortBy: string }>
  kind: string
  /** The query (and shorthands) as tests on stored types; undefined: every container matches. */
  filter: Resolved | undefined
  sortColumn: TableColumn
  /** The sys/id column (always the first one shown). */
  idColumn: TableColumn
  /** The requested columns after sys/id, de-duplicated and typed; undefined: every field (none asked). */
  columns: TableColumn[] | undefined
}

const KINDS = new Set(['run', 'model', 'model_version'])

function requested(probe: FieldProbe, columns: readonly string[], kind: string): ColumnSpec[] {
  const isPath = (path: string) => probe.firstType(path, kind) !== undefined
  const seen = new Set<string>([ID_COLUMN])
  const specs: ColumnSpec[] = []
  for (const text of columns) {
    const spec = parseColumn(text, isPath)
    if (seen.has(spec.name)) continue
    seen.add(spec.name)
    specs.push(spec)
  }
  return specs
}

/** Checks `options` against the fields `probe` sees, for containers of `kind`; throws the first problem. */
export function planRunsTable(
  probe: FieldProbe,
  options: RunsTableOptions = {},
  kind = 'run',
): RunsTablePlan {
  const o = checkTableOptions(options)
  if (!KINDS.has(kind))
    throw new InvalidOptionError('INVALID_OPTION', `unknown container kind '${kind}'`, {
      hint: "Use 'run', 'model' or 'model_version'.",
    })
  const query = o.query ?? ''
  const ast = withShorthands(parseQuery(query), o)
  const filter = ast ? resolveQuery(probe, ast, kind, query) : undefined
  const sortSpec = parseColumn(o.sortBy, (p) => probe.firstType(p, kind) !== undefined)
  const wanted = o.columns === undefined ? [] : requested(probe, o.columns, kind)
  const [sortColumn, idColumn, ...columns] = resolveColumns(
    probe,
    [sortSpec, { name: ID_COLUMN, path: ID_COLUMN }, ...wanted],
    kind,
  )
  return {
    options: o,
    kind,
    filter,
    sortColumn: sortColumn!,
    idColumn: idColumn!,
    columns: o.columns === undefined ? undefined : columns,
  }
}
