/**
 * The fields of a run (or of one namespace of it) as a flat list of path, type and value (a series' last
 * value, plus its point count), read through the public API: the run's structure and values, and one
 * runs-table query for the series counts.
 *
 * @example
 * runFields(project, 'DEMO-1')   // [{ path: 'metrics/acc', type: 'FloatSeries', value: 0.93, count: 30 }, …]
 */
import type { FieldType, FieldValue, ReadonlyProject, RunView, Tree } from '../index.js'

/** One field of a run. */
export interface RunField {
  path: string
  type: string
  value: FieldValue
  /** Points of a series. */
  count?: number
}

function walk(
  types: Tree<FieldType>,
  values: Tree<FieldValue> | FieldValue | undefined,
  prefix: string,
  out: RunField[],
): void {
  for (const [name, type] of Object.entries(types)) {
    const path = prefix ? `${prefix}/${name}` : name
    const value =
      values !== null && typeof values === 'object' && !Array.isArray(values) && !(values instanceof Date)
        ? (values as Tree<FieldValue>)[name]
        : undefined
    if (typeof type === 'string') out.push({ path, type, value: value as FieldValue })
    else walk(type, value, path, out)
  }
}

function nqlString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

/** The fields of `view` (all of them), ordered by path; series counted from their points (small views). */
export function viewFields(view: RunView): RunField[] {
  const fields: RunField[] = []
  walk(view.structure(), view.fetch(), '', fields)
  for (const field of fields) {
    if (field.type.endsWith('Series') && field.type !== 'FileSeries')
      field.count = (view.field(field.path).fetchValues() as { steps: ArrayLike<number> }).steps.length
  }
  return fields
}

/** The fields of run `id` at or under `namespace` (default: all), ordered by path. */
export function runFields(project: ReadonlyProject, id: string, namespace = ''): RunField[] {
  const view = project.runs.get(id)
  let types: Tree<FieldType> = view.structure()
  for (const segment of namespace ? namespace.split('/') : []) {
    const node = types[segment]
    types = node !== undefined && typeof node === 'object' ? node : {}
  }
  const fields: RunField[] = []
  walk(types, namespace ? view.fetch(namespace) : view.fetch(), namespace, fields)
  const series = fields.filter((f) => f.type === 'FloatSeries' || f.type === 'StringSeries')
  if (series.length > 0) {
    const table = project.fetchRunsTable({
      query: `\`sys/id\`:string = ${nqlString(view.id)}`,
      columns: series.map((f) => `count(${f.path})`),
    })
    const row = table.rows[0]
    series.forEach((field, i) => {
      const count = row?.[i + 1]
      if (typeof count === 'number') field.count = count
    })
  }
  return fields
}
