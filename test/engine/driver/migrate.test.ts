/** Opening project.db: migrations applied once and recorded, a newer format refused without a byte changed. */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import {
  CorruptDataError,
  FORMAT_VERSION,
  FormatVersionError,
  openProject,
  PROJECT_DB,
} from '../../../src/index.js'
import { reopen, thrown, track } from '../../helpers/project.js'
import { tempProjectDir } from '../../helpers/tmp.js'

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex')
}

function formatError(fn: () => unknown, code: string): FormatVersionError {
  const error = thrown(fn)
  expect(error).toBeInstanceOf(FormatVersionError)
  expect(error.code).toBe(code)
  expect(error.hint?.length).toBeGreaterThan(0)
  return error as FormatVersionError
}

/** A closed project with one run holding one field. */
function makeProject(): string {
  const dir = tempProjectDir()
  const project = openProject(dir, { onWarning: () => {} })
  const run = project.startRun({ name: 'r' })
  run.assign('parameters/lr', 0.01)
  project.close()
  return dir
}

function withSqlite<T>(dir: string, fn: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(join(dir, PROJECT_DB))
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

describe('a new project', () => {
  it('records the format version and the applied migrations, in WAL mode', () => {
    const dir = makeProject()
    withSqlite(dir, (db) => {
      expect(db.prepare("SELECT value FROM meta WHERE key = 'format_version'").pluck().get()).toBe(
        String(FORMAT_VERSION),
      )
      const tags = db.prepare('SELECT tag FROM nereid_migrations').pluck().all() as string[]
      expect(tags.length).toBeGreaterThan(0)
      expect(tags[0]).toMatch(/^0000_/)
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      for (const table of ['meta', 'runs', 'fields', 'series_chunks', 'string_points']) {
        expect(
          db
            .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
            .pluck()
            .get(table),
        ).toBe(1)
      }
    })
  })

  it('applies nothing twice when reopened, and keeps the data', () => {
    const dir = makeProject()
    const before = withSqlite(dir, (db) =>
      db.prepare('SELECT tag, applied_at FROM nereid_migrations ORDER BY tag').all(),
    )
    for (let i = 0; i < 3; i++) reopen(dir).close()
    expect(
      withSqlite(dir, (db) => db.prepare('SELECT tag, applied_at FROM nereid_migrations ORDER BY tag').all()),
    ).toEqual(before)
    const project = reopen(dir)
    expect(project.runs.get(`${project.key}-1`).field('parameters/lr').fetch()).toBe(0.01)
  })

  it('creates missing parent directories', () => {
    const dir = join(tempProjectDir(), 'deep', 'er', 'proj')
    track(openProject(dir)).close()
    expect(existsSync(join(dir, PROJECT_DB))).toBe(true)
  })
})

describe('a newer format', () => {
  it('is refused with FORMAT_TOO_NEW and project.db is left byte for byte as it was', () => {
    const dir = makeProject()
    withSqlite(dir, (db) => db.prepare("UPDATE meta SET value = '999' WHERE key = 'format_version'").run())
    const file = join(dir, PROJECT_DB)
    const hash = sha256(file)
    const listing = readdirSync(dir).sort()

    const error = formatError(() => openProject(dir), 'FORMAT_TOO_NEW')
    expect(error.message).toContain('format version 999')
    expect(error.message).toContain(`up to version ${FORMAT_VERSION}`)
    expect(error.hint).toMatch(/Upgrade Nereid.*Nothing was changed/)
    expect(sha256(file)).toBe(hash)
    expect(readdirSync(dir).sort()).toEqual(listing)

    // a read-only open is refused too (SQLite may leave an empty -wal/-shm beside; project.db is untouched)
    formatError(() => openProject(dir, { readonly: true }), 'FORMAT_TOO_NEW')
    expect(sha256(file)).toBe(hash)
    withSqlite(dir, (db) => {
      expect(db.prepare("SELECT value FROM meta WHERE key = 'format_version'").pluck().get()).toBe('999')
    })
  })

  it('is refused in a project still in rollback-journal mode too, without switching it to WAL', () => {
    const dir = makeProject()
    withSqlite(dir, (db) => {
      db.pragma('journal_mode = DELETE')
      db.prepare(`UPDATE meta SET value = '${FORMAT_VERSION + 1}' WHERE key = 'format_version'`).run()
    })
    const hash = sha256(join(dir, PROJECT_DB))
    formatError(() => openProject(dir), 'FORMAT_TOO_NEW')
    expect(sha256(join(dir, PROJECT_DB))).toBe(hash)
    withSqlite(dir, (db) => expect(db.pragma('journal_mode', { simple: true })).toBe('delete'))
  })
})

describe('a file that is not a project', () => {
  it('refuses a non-SQLite project.db with NOT_A_PROJECT and leaves it unchanged', () => {
    const dir = tempProjectDir()
    mkdirSync(dir)
    const file = join(dir, PROJECT_DB)
    writeFileSync(file, 'these are my notes, not a database\n'.repeat(200))
    const hash = sha256(file)
    const error = formatError(() => openProject(dir), 'NOT_A_PROJECT')
    expect(error.message).toContain(file)
    formatError(() => openProject(dir, { readonly: true }), 'NOT_A_PROJECT')
    expect(sha256(file)).toBe(hash)
  })

  it('refuses an SQLite file of another program that has a meta table of its own', () => {
    const dir = tempProjectDir()
    mkdirSync(dir)
    withSqlite(dir, (db) =>
      db.exec(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('owner', 'me')",
      ),
    )
    formatError(() => openProject(dir), 'NOT_A_PROJECT')
    withSqlite(dir, (db) =>
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual([
        'meta',
      ]),
    )
  })

  it('refuses an SQLite file of another program without adding tables to it', () => {
    const dir = tempProjectDir()
    mkdirSync(dir)
    withSqlite(dir, (db) => {
      db.exec(
        'CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (9.5)',
      )
    })
    const hash = sha256(join(dir, PROJECT_DB))
    formatError(() => openProject(dir), 'NOT_A_PROJECT')
    expect(sha256(join(dir, PROJECT_DB))).toBe(hash)
    withSqlite(dir, (db) =>
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual([
        'invoices',
      ]),
    )
  })

  it('refuses a project whose format version does not read as a number, changing nothing', () => {
    const dir = makeProject()
    withSqlite(dir, (db) => db.prepare("UPDATE meta SET value = 'banana' WHERE key = 'format_version'").run())
    const hash = sha256(join(dir, PROJECT_DB))
    const error = thrown(() => openProject(dir))
    expect(error).toBeInstanceOf(CorruptDataError)
    expect(error.code).toBe('CORRUPT_FORMAT_VERSION')
    expect(error.message).toContain('"banana"')
    expect(sha256(join(dir, PROJECT_DB))).toBe(hash)
  })

  it('opens an empty project.db file as a new project', () => {
    const dir = tempProjectDir()
    mkdirSync(dir)
    writeFileSync(join(dir, PROJECT_DB), '')
    const project = track(openProject(dir))
    expect(project.runs.list()).toEqual([])
    project.close()
  })

  it('refuses a read-only open of a missing project without creating it', () => {
    const dir = tempProjectDir()
    formatError(() => openProject(dir, { readonly: true }), 'NOT_A_PROJECT')
    expect(existsSync(dir)).toBe(false)
  })
})
