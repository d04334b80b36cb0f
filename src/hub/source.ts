/**
 * Who is syncing into what: the hub project (created on first sync, its run id key derived from its
 * name like a local project's) and the source row — one per local project on one host — that holds
 * the sync cursor.
 *
 * @example
 * const target = await openTarget(hub.sql, { project: 'demo', source: 'gpu-3:/data/.nereid/demo', host: 'gpu-3' })
 * target.cursor   // { fieldsUntil: 0, fieldsAfterId: 0, eventsAfter: 0 }
 */
import type postgres from 'postgres'

/** Where a source's sync stands. */
export interface SourceCursor {
  fieldsUntil: number
  fieldsAfterId: number
  eventsAfter: number
}

/** The hub project and source rows of one sync. */
export interface Target {
  projectId: number
  key: string
  sourceId: number
  cursor: SourceCursor
}

/** A run id prefix from a project name: 'my-demo' -> 'MYDEMO' (as the engine derives local keys). */
export function keyFromName(name: string): string {
  const letters = name
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .replace(/^[0-9]+/, '')
  return letters.slice(0, 10) || 'RUN'
}

/** Finds or creates the hub project `project` and the source `source`; reads the source's cursor. */
export async function openTarget(
  sql: postgres.Sql,
  names: { project: string; source: string; host: string },
): Promise<Target> {
  await sql`INSERT INTO hub_projects (name, key, created_at) VALUES (${names.project}, ${keyFromName(names.project)}, ${Date.now()})
            ON CONFLICT (name) DO NOTHING`
  const [project] = await sql<
    { id: number; key: string }[]
  >`SELECT id, key FROM hub_projects WHERE name = ${names.project}`
  if (!project) throw new Error(`hub project ${names.project} vanished while opening it`)
  await sql`INSERT INTO hub_sources (project_id, source, host) VALUES (${project.id}, ${names.source}, ${names.host})
            ON CONFLICT (project_id, source) DO NOTHING`
  const [row] = await sql<
    { id: number; fields_until: number; fields_after_id: number; events_after: number }[]
  >`
    SELECT id, fields_until, fields_after_id, events_after FROM hub_sources WHERE project_id = ${project.id} AND source = ${names.source}`
  if (!row) throw new Error(`hub source ${names.source} vanished while opening it`)
  return {
    projectId: project.id,
    key: project.key,
    sourceId: row.id,
    cursor: {
      fieldsUntil: row.fields_until,
      fieldsAfterId: row.fields_after_id,
      eventsAfter: row.events_after,
    },
  }
}
