/**
 * What a hub holds and what a local project holds, in one comparable shape: per run uuid, every field's
 * type and value or points (float series decoded from the hub's chunk rows with the engine's public
 * decoder), string entries and events. Tests compare the two to check "every run and point exactly once".
 *
 * @example
 * expect(await hubRuns(url, 'team')).toEqual(localRuns(project))
 */
import postgres from 'postgres'
import { hubPoints } from '../../src/hub/pg-project.js'
import { decodeChunks, openProject, type ReadonlyProject } from '../../src/index.js'

/** One run's content keyed by field path. */
export type RunDump = Record<string, unknown>

/** Every run of hub project `name`, by uuid. */
export async function hubRuns(url: string, name: string): Promise<Record<string, RunDump>> {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const fields = await sql<
      {
        id: string
        uuid: string
        path: string
        type: string
        num: number | null
        text: string | null
        count: string
      }[]
    >`
      SELECT f.id, r.uuid, f.path, f.type, f.num, f.text, f.count FROM hub_fields f JOIN hub_runs r ON r.id = f.run_id
        JOIN hub_projects p ON p.id = r.project_id WHERE p.name = ${name} ORDER BY r.uuid, f.path`
    const out: Record<string, RunDump> = {}
    for (const f of fields) {
      const run = (out[f.uuid] ??= {})
      if (f.type === 'FloatSeries') {
        const points = await hubPoints(sql, Number(f.id))
        run[f.path] = {
          count: Number(f.count),
          steps: Array.from(points.steps),
          values: Array.from(points.values),
        }
      } else if (f.type === 'StringSeries') {
        const rows = await sql<
          { step: number; value: string }[]
        >`SELECT step, value FROM hub_string_points WHERE field_id = ${f.id} ORDER BY step`
        run[f.path] = { steps: rows.map((r) => r.step), values: rows.map((r) => r.value) }
      } else {
        run[f.path] = { type: f.type, num: f.num, text: f.text }
      }
    }
    return out
  } finally {
    await sql.end()
  }
}

/** Every run of the local `project`, by uuid, in hubRuns' shape (for the field types hubRuns knows). */
export function localRuns(project: ReadonlyProject): Record<string, RunDump> {
  const out: Record<string, RunDump> = {}
  for (const run of project.syncRows.runs()) out[run.uuid] = {}
  for (const f of project.syncRows.fieldsSince({ after: -1, afterId: 0, limit: 1e9 })) {
    const run = (out[f.runUuid] ??= {})
    if (f.type === 'FloatSeries') {
      const points = decodeChunks(project.syncRows.seriesTail(f.localId, 0).chunks)
      run[f.path] = { count: f.count, steps: Array.from(points.steps), values: Array.from(points.values) }
    } else if (f.type === 'StringSeries') {
      const rows = project.syncRows.stringsAfter(f.localId, -Infinity)
      run[f.path] = { steps: rows.map((r) => r.step), values: rows.map((r) => r.value) }
    } else {
      run[f.path] = { type: f.type, num: f.num, text: f.text }
    }
  }
  for (const [uuid, run] of Object.entries(out)) if (Object.keys(run).length === 0) delete out[uuid]
  return out
}

/** Counts of hub rows of project `name`: runs, fields, chunks, string entries, events. */
export async function hubCounts(url: string, name: string): Promise<Record<string, number>> {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const [row] = await sql<Record<string, string>[]>`
      WITH p AS (SELECT id FROM hub_projects WHERE name = ${name}),
           r AS (SELECT id FROM hub_runs WHERE project_id IN (SELECT id FROM p)),
           f AS (SELECT id FROM hub_fields WHERE run_id IN (SELECT id FROM r))
      SELECT (SELECT count(*) FROM r) AS runs, (SELECT count(*) FROM f) AS fields,
             (SELECT count(*) FROM hub_series_chunks WHERE field_id IN (SELECT id FROM f)) AS chunks,
             (SELECT coalesce(sum(count), 0) FROM hub_series_chunks WHERE field_id IN (SELECT id FROM f)) AS points,
             (SELECT count(*) FROM hub_string_points WHERE field_id IN (SELECT id FROM f)) AS strings,
             (SELECT count(*) FROM hub_events WHERE run_id IN (SELECT id FROM r)) AS events`
    return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]))
  } finally {
    await sql.end()
  }
}

/** localRuns of the project at `dir`, opened read-only for the call. */
export function localRunsAt(dir: string): Record<string, RunDump> {
  const project = openProject(dir, { readonly: true })
  try {
    return localRuns(project)
  } finally {
    project.close()
  }
}
