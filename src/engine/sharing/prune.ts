/**
 * Cuts a snapshot down to the containers an export keeps: deleting a run deletes its fields, chunks,
 * points, events and memberships (ON DELETE CASCADE); experiments left empty go too. The snapshot's own
 * operations history is cleared (the copy starts its own), and the file is rewritten compactly.
 *
 * @example
 * pruneSnapshot(snapshot, [1, 3])   // only rows 1 and 3 of runs remain
 */
import type { Database } from '../driver/database.js'
import { statement } from '../driver/database.js'
import { compact } from '../driver/snapshot.js'

/** Deletes from `snapshot` every container not in `kept` (undefined keeps all), and the operations. */
export function pruneSnapshot(snapshot: Database, kept: readonly number[] | undefined): void {
  snapshot.write((db) => {
    statement(db, 'DELETE FROM operations').run()
    if (kept === undefined) return
    statement(db, 'CREATE TEMP TABLE kept_rows (id INTEGER PRIMARY KEY)').run()
    const insert = statement(db, 'INSERT INTO kept_rows (id) VALUES (?)')
    for (const id of kept) insert.run(id)
    statement(db, 'DELETE FROM runs WHERE id NOT IN (SELECT id FROM kept_rows)').run()
    statement(
      db,
      'DELETE FROM experiments WHERE id NOT IN (SELECT experiment_id FROM experiment_runs) AND id NOT IN (SELECT scope FROM models)',
    ).run()
    statement(db, 'DROP TABLE kept_rows').run()
  })
  if (kept !== undefined) compact(snapshot)
}
