/**
 * Which runs an export takes: all of them, those an NQL query matches, those named by id, or (both
 * given) the named runs the query matches; always oldest first. Every named id is checked before
 * anything is written: an unknown one throws the engine's RUN_NOT_FOUND with its "did you mean".
 *
 * @example
 * selectRuns(project, { query: 'metrics/acc > 0.9' })   // ['DEMO-1', 'DEMO-4']
 * selectRuns(project, { runs: ['DEMO-9'] })             // throws NotFoundError RUN_NOT_FOUND
 */
import type { ReadonlyProject } from '../index.js'

/** The run selection of an export. */
export interface RunSelection {
  query?: string
  runs?: readonly string[]
}

/** The ids (sys/id) of the selected runs, oldest first. */
export function selectRuns(project: ReadonlyProject, selection: RunSelection): string[] {
  const all = project.runs.list().map((r) => r.id)
  let chosen: Set<string> | undefined
  if (selection.runs !== undefined) {
    for (const id of selection.runs) project.runs.get(id)
    chosen = new Set(selection.runs)
  }
  if (selection.query !== undefined && selection.query.trim() !== '') {
    const matching = new Set(
      project.fetchRunsTable({ query: selection.query, columns: [] }).rows.map((row) => row[0] as string),
    )
    chosen = chosen === undefined ? matching : new Set([...chosen].filter((id) => matching.has(id)))
  }
  return chosen === undefined ? all : all.filter((id) => chosen.has(id))
}
