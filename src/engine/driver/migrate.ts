/**
 * Brings a project.db to the current format: refuses a file written by a newer Nereid (before changing a
 * byte of it), then applies the pending SQL migrations that drizzle-kit generated into schema/migrations,
 * all in one `BEGIN IMMEDIATE` transaction, so two processes opening a new project at once cannot race.
 *
 * @example
 * const database = openDatabase(file, { readonly: false, durability: 'normal' })
 * prepareSchema(database)   // throws FormatVersionError for a newer project
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import type { Database, Db } from './database.js'
import { notAProjectOrDamaged } from './damaged.js'
import { CorruptDataError, FormatVersionError, NereidError } from '../errors.js'

/** The on-disk format this build reads and writes (docs/format.md). Bumped with every migration. */
export const FORMAT_VERSION = 5

interface JournalEntry {
  tag: string
}

/** Finds schema/migrations by walking up from this file: it sits at the package root, in src and in dist. */
function migrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const candidate = join(dir, 'schema', 'migrations')
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate
    const parent = dirname(dir)
    if (parent === dir) throw new Error('schema/migrations not found beside the Nereid package')
    dir = parent
  }
}

function loadMigrations(): { tag: string; statements: string[] }[] {
  const dir = migrationsDir()
  const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[]
  }
  return journal.entries.map(({ tag }) => ({
    tag,
    statements: readFileSync(join(dir, `${tag}.sql`), 'utf8')
      .split('--> statement-breakpoint')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  }))
}

function notAProject(file: string, cause?: unknown): FormatVersionError {
  return new FormatVersionError('NOT_A_PROJECT', `${file} is not a Nereid project database`, {
    hint: 'Point Nereid at a project directory (it holds project.db), or at an empty directory to create one.',
    cause,
  })
}

/**
 * The project's format version, or undefined for a new (empty) file. An SQLite file with tables but no
 * format version belongs to another program: migrating it would add Nereid's tables to it, so it is refused.
 */
function storedFormatVersion(db: Db, file: string): number | undefined {
  const tables = db
    .all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'table'`)
    .map((t) => t.name)
  if (tables.length === 0) return undefined
  const row = tables.includes('meta')
    ? db.get<{ value: unknown }>(sql`SELECT value FROM meta WHERE key = 'format_version'`)
    : undefined
  if (!row) throw notAProject(file)
  const version =
    typeof row.value === 'string' && /^[0-9]{1,9}$/.test(row.value) ? Number(row.value) : Number.NaN
  if (!Number.isInteger(version)) {
    throw new CorruptDataError(
      'CORRUPT_FORMAT_VERSION',
      `${file} has an unreadable format version ${JSON.stringify(row.value)}`,
      {
        hint: 'The meta table was edited or damaged; restore project.db from a copy. Nothing was changed.',
      },
    )
  }
  return version
}

function readVersion(database: Database): number | undefined {
  try {
    return database.read((db) => storedFormatVersion(db, database.file))
  } catch (error) {
    if (error instanceof NereidError) throw error
    throw notAProjectOrDamaged(database.file, error, notAProject)
  }
}

function refuseNewer(version: number | undefined, file: string): void {
  if (version !== undefined && version > FORMAT_VERSION) {
    throw new FormatVersionError(
      'FORMAT_TOO_NEW',
      `${file} has format version ${version}; this Nereid reads up to version ${FORMAT_VERSION}`,
      { hint: 'Upgrade Nereid (npm install nereid@latest) to open this project. Nothing was changed.' },
    )
  }
}

/** Checks the format version and applies pending migrations; `database` must be freshly opened. */
export function prepareSchema(database: Database): void {
  refuseNewer(readVersion(database), database.file)
  if (database.readonly) {
    if (readVersion(database) !== FORMAT_VERSION) {
      throw new FormatVersionError('NEEDS_MIGRATION', `${database.file} needs a format upgrade`, {
        hint: 'Open the project once with write access (any nereid command without --readonly) to upgrade it.',
      })
    }
    return
  }
  database.enableWal()
  const migrations = loadMigrations()
  database.write((db) => {
    refuseNewer(storedFormatVersion(db, database.file), database.file) // another process may have upgraded meanwhile
    db.run(sql`CREATE TABLE IF NOT EXISTS nereid_migrations (tag TEXT PRIMARY KEY, applied_at REAL NOT NULL)`)
    const applied = new Set(db.all<{ tag: string }>(sql`SELECT tag FROM nereid_migrations`).map((r) => r.tag))
    for (const migration of migrations) {
      if (applied.has(migration.tag)) continue
      for (const statement of migration.statements) database.exec(statement)
      db.run(sql`INSERT INTO nereid_migrations (tag, applied_at) VALUES (${migration.tag}, ${Date.now()})`)
    }
    db.run(sql`INSERT INTO meta (key, value) VALUES ('format_version', ${String(FORMAT_VERSION)})
      ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
  })
}
