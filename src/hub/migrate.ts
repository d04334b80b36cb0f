/**
 * The hub's schema: the SQL drizzle-kit generated into schema/pg/migrations, applied under an advisory
 * lock (many hosts may connect to a fresh hub at once), and the version it reaches recorded in
 * `hub_meta.schema_version`. A hub whose version is newer than this code is refused before anything is
 * written (FormatVersionError HUB_SCHEMA_NEWER), like a newer project.db.
 *
 * @example
 * await prepareHubSchema('postgres://nereid:secret@127.0.0.1:5432/hub', '127.0.0.1:5432/hub')
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { drizzle } from 'drizzle-orm/postgres-js'
import { migrate } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import { FormatVersionError } from '../index.js'

/**
 * The hub schema version this code writes and reads: 1 the tables (0000_hub), 2 fork reads
 * (0001_fork_reads), 3 the model registry and experiments (0002_registry), 4 the index of field paths by
 * type that checking a query reads (0003_fields_path_type), 5 fields' ids in their source (0004_field_origin), 6 recorded operations
 * (0005_operations).
 */
export const HUB_SCHEMA_VERSION = 6

/** An arbitrary constant naming the advisory lock held while migrating. */
const MIGRATION_LOCK = 7_401_615

/** Finds schema/pg/migrations by walking up from this file (it sits in src/hub and dist/src/hub). */
function migrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const candidate = join(dir, 'schema', 'pg', 'migrations')
    if (existsSync(candidate)) return candidate
    const parent = dirname(dir)
    if (parent === dir) throw new Error('schema/pg/migrations not found beside the Nereid package')
    dir = parent
  }
}

/** The version recorded in the hub, or 0 for a database without the hub's tables. */
async function storedVersion(sql: postgres.Sql): Promise<number> {
  const [exists] = await sql<{ t: string | null }[]>`SELECT to_regclass('public.hub_meta')::text AS t`
  if (!exists?.t) return 0
  const [row] = await sql<{ value: string }[]>`SELECT value FROM hub_meta WHERE key = 'schema_version'`
  return row ? Number(row.value) : 0
}

function refuseNewer(version: number, where: string): never {
  throw new FormatVersionError(
    'HUB_SCHEMA_NEWER',
    `the hub at ${where} has schema version ${version}; this Nereid knows up to ${HUB_SCHEMA_VERSION}`,
    {
      hint: 'Upgrade Nereid on this host (every host syncing into one hub needs a version that knows its schema).',
    },
  )
}

/** Applies pending migrations to the hub at `url`; refuses a newer schema unchanged. */
export async function prepareHubSchema(url: string, where: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 })
  try {
    const before = await storedVersion(sql)
    if (before > HUB_SCHEMA_VERSION) refuseNewer(before, where)
    if (before === HUB_SCHEMA_VERSION) return
    await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK})`
    try {
      const now = await storedVersion(sql)
      if (now > HUB_SCHEMA_VERSION) refuseNewer(now, where)
      if (now === HUB_SCHEMA_VERSION) return
      await migrate(drizzle(sql), { migrationsFolder: migrationsDir() })
      await sql`INSERT INTO hub_meta (key, value) VALUES ('schema_version', ${String(HUB_SCHEMA_VERSION)})
                ON CONFLICT (key) DO UPDATE SET value = excluded.value`
    } finally {
      await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`
    }
  } finally {
    await sql.end({ timeout: 5 })
  }
}
