/**
 * Which containers an export keeps: every one when nothing is chosen; else the runs named by `runs` and/or
 * matched by `query` (both given: the named runs the query matches) plus every ancestor of a chosen fork,
 * so a fork reads its inherited points through its parent exactly as in the source (parents are included,
 * not materialised). Models and model versions are kept only in a whole-project export.
 *
 * @example
 * keptRows(snapshot, { runs: ['DEMO-3'] })   // [1, 3]: DEMO-3 forked from DEMO-1
 */
import type { Database } from '../driver/database.js'
import { statement } from '../driver/database.js'
import { NotFoundError } from '../errors.js'
import { fetchRunsTable } from '../query/runs-table.js'
import { didYouMean } from '../suggest.js'

/** The run selection of an export. */
export interface RunSelection {
  query?: string
  runs?: readonly string[]
}

interface RunRow {
  id: number
  sysId: string
  parentId: number | null
}

/** Row ids to keep in the snapshot, or undefined for all of them. */
export function keptRows(database: Database, selection: RunSelection): number[] | undefined {
  const query = selection.query?.trim() ?? ''
  if (selection.runs === undefined && query === '') return undefined
  const runs = database.read((db) =>
    statement<RunRow>(
      db,
      "SELECT id, sys_id AS sysId, parent_id AS parentId FROM runs WHERE kind = 'run' ORDER BY id",
    ).all(),
  )
  const bySysId = new Map(runs.map((r) => [r.sysId, r]))
  let chosen = new Set(runs.map((r) => r.sysId))
  if (selection.runs !== undefined) {
    for (const id of selection.runs) {
      if (bySysId.has(id)) continue
      const guess = didYouMean(id, [...bySysId.keys()])
      throw new NotFoundError('RUN_NOT_FOUND', `the project has no run '${id}'`, {
        hint: guess ? `Did you mean '${guess}'?` : 'List the runs with `nereid ls`.',
      })
    }
    chosen = new Set(selection.runs)
  }
  if (query !== '') {
    const matching = new Set(
      fetchRunsTable(database, { query, columns: [] }, 'run').rows.map((row) => row[0] as string),
    )
    chosen = new Set([...chosen].filter((id) => matching.has(id)))
  }
  const byRow = new Map(runs.map((r) => [r.id, r]))
  const kept = new Set<number>()
  for (const sysId of chosen) {
    for (
      let run = bySysId.get(sysId);
      run && !kept.has(run.id);
      run = run.parentId === null ? undefined : byRow.get(run.parentId)
    )
      kept.add(run.id)
  }
  return [...kept].sort((a, b) => a - b)
}
