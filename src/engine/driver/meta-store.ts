/**
 * SQL over the `meta` table's project key: the run id prefix (DEMO in DEMO-1), fixed by the first
 * writable open and read back by every later one.
 *
 * @example
 * readKey(database, 'DEMO')   // 'DEMO' (or the key the project was created with)
 */
import { sql } from 'drizzle-orm'
import { meta } from '../../../schema/tables.js'
import type { Database, Db } from './database.js'

const read = (db: Db) =>
  db
    .select()
    .from(meta)
    .where(sql`${meta.key} = 'key'`)
    .get()?.value

/** The project's key; a writable open of a new project stores `wanted` first. */
export function readKey(database: Database, wanted: string): string {
  if (database.readonly) return database.read(read) ?? wanted
  return database.write((db) => {
    db.insert(meta).values({ key: 'key', value: wanted }).onConflictDoNothing().run()
    return read(db) ?? wanted
  })
}
