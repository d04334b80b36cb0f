/** Helpers of the importer tests: a digest of everything a project holds, to show a re-import changed nothing. */
import { createHash } from 'node:crypto'
import type { Project } from '../../src/index.js'

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value)
  if (value instanceof Float64Array) return Array.from(value, (v) => (Number.isFinite(v) ? v : String(v)))
  return value
}

type Tree = { [key: string]: string | Tree }

/** [path, type] of every field in a structure tree. */
export function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [[prefix + k, v] as [string, string]] : leaves(v, `${prefix}${k}/`),
  )
}

/** The runs table (all columns) and every field's fetched value and points, as one sha256. */
export function projectDigest(project: Project): string {
  const hash = createHash('sha256')
  const table = project.fetchRunsTable()
  hash.update(JSON.stringify(table, replacer))
  for (const summary of project.runs.list()) {
    const run = project.runs.get(summary.id)
    hash.update(JSON.stringify(run.fetch(), replacer))
    for (const [path, type] of leaves(run.structure() as Tree)) {
      if (type === 'FloatSeries' || type === 'StringSeries')
        hash.update(JSON.stringify(run.field(path).fetchValues(), replacer))
      if (type === 'FileSeries') hash.update(JSON.stringify(run.field(path).list(), replacer))
    }
  }
  return hash.digest('hex')
}
