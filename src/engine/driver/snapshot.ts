/**
 * A consistent copy of a live project.db: `VACUUM INTO` reads the database in one read transaction (so
 * writers in other processes keep committing to the WAL meanwhile) and writes a compact, self-contained
 * file holding exactly what was committed when the copy began. Never a raw copy of a live file.
 *
 * @example
 * snapshotInto(core.database, '/tmp/out/project.db')   // the file must not exist yet
 */
import { sql } from 'drizzle-orm'
import type { Database } from './database.js'

/** Writes a consistent snapshot of `database` to the new file `file`. */
export function snapshotInto(database: Database, file: string): void {
  // VACUUM cannot run inside a transaction, so not through database.read(); it is one statement, atomic.
  database.db.run(sql`VACUUM INTO ${file}`)
}

/** Rewrites `database` compactly after large deletes (a pruned snapshot, owned by this process alone). */
export function compact(database: Database): void {
  database.exec('VACUUM')
}
