/**
 * Issue 13's round trip: a Nereid project -> the columnar export in the neptune-exporter schema (src/share)
 * -> the neptune-exporter importer (src/ingest/neptune) -> a project whose runs table and fields equal the
 * original's (sys/ fields that name the project or the import itself aside).
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openProject, type ReadonlyProject } from '../../../src/index.js'
import { importNeptune } from '../../../src/ingest/index.js'
import { exportParquet } from '../../../src/share/index.js'
import { tempProject } from '../../helpers/project.js'
import { tempDir } from '../../helpers/tmp.js'
import { fixtureProject } from '../../share/fixture.js'
import { leaves } from '../helpers.js'

/** Fields the round trip does not carry as they are: the project's own ids, and the import's record. */
const OWN =
  /^(sys\/(id|uuid|custom_run_id|forking\/parent|state|ping_time|modification_time|size|owner|hostname)$|import\/)/

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value)
  if (typeof value === 'number' && Object.is(value, -0)) return '-0'
  if (value instanceof Float64Array) return Array.from(value, (v) => replacer('', v))
  return value
}

/**
 * A file cell without its name: the exporter's layout names a file series entry `step_<n>.<ext>` on disk
 * and keeps no other name, so the original name does not come back (hash, size and type do).
 */
function unnamed(cell: unknown): unknown {
  if (cell === null || typeof cell !== 'object' || !('hash' in cell)) return cell
  const { name: _name, ...rest } = cell as Record<string, unknown>
  return rest
}

/** Each run (keyed by sys/name) as { path: value or points }, without the fields in OWN. */
function content(project: ReadonlyProject): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {}
  for (const summary of project.runs.list()) {
    const run = project.runs.get(summary.id)
    const fields: Record<string, string> = {}
    for (const [path, type] of leaves(run.structure() as never)) {
      if (OWN.test(path)) continue
      const field = run.field(path)
      const value =
        type === 'FloatSeries' || type === 'StringSeries'
          ? field.fetchValues()
          : type === 'FileSeries'
            ? field.list().map((e) => [e.step, e.hash])
            : type === 'File'
              ? (field.fetch() as { hash: string }).hash
              : field.fetch()
      fields[`${path}: ${type}`] = JSON.stringify(value, replacer)
    }
    out[String(run.field('sys/name').fetch())] = fields
  }
  return out
}

describe('Nereid -> Parquet export -> neptune-exporter import', () => {
  it('gives back the same runs table and the same fields, values and points', async () => {
    const { dir } = await fixtureProject()
    const source = openProject(dir, { readonly: true })
    const out = join(tempDir(), 'dump')
    const exported = await exportParquet(source, out)
    const target = tempProject({}, 'moved')
    const report = await importNeptune(target, join(out, 'data'), { filesDir: join(out, 'files') })
    expect(report.skipped).toEqual([])
    expect(report.created).toHaveLength(exported.runs.length)
    const got = content(target)
    const want = content(source)
    // An Artifact tracks files outside the store: the export writes only its manifest (files_list.json),
    // which comes back as a File (docs/import.md); everything else comes back as it was.
    for (const run of ['full', 'child']) {
      expect(want[run]).toHaveProperty(['data/train: Artifact'])
      expect(got[run]).toHaveProperty(['data/train: File'])
      delete want[run]!['data/train: Artifact']
      delete got[run]!['data/train: File']
    }
    const differ = (a: typeof got, b: typeof got) =>
      Object.entries(a).flatMap(([run, fields]) =>
        Object.entries(fields)
          .filter(([k, v]) => b[run]?.[k] !== v)
          .map(([k, v]) => `${run} ${k} ${v.slice(0, 80)}`),
      )
    expect(differ(got, want)).toEqual([])
    expect(differ(want, got)).toEqual([])
    const columns = source
      .fetchRunsTable()
      .columns.map((c) => c.name)
      .filter((name) => !OWN.test(name) && name !== 'data/train')
    const table = (p: ReadonlyProject) =>
      p
        .fetchRunsTable({ columns })
        .rows.map((row) => JSON.stringify(row.slice(1).map(unnamed), replacer)) // sys/id is the project's own
        .sort()
    expect(columns.length).toBeGreaterThan(10)
    expect(table(target)).toEqual(table(source))
    source.close()
  })
})
