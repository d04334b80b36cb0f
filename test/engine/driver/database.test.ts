/** The driver: pragmas, atomic write transactions, read snapshots, and waiting out other writers' locks. */
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import BetterSqlite3 from 'better-sqlite3'
import { sql } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { meta } from '../../../schema/tables.js'
import { BusyError, ReadOnlyError } from '../../../src/index.js'
import { openDatabase, type Database } from '../../../src/engine/driver/database.js'
import { prepareSchema } from '../../../src/engine/driver/migrate.js'
import { thrown } from '../../helpers/project.js'
import { tempDir } from '../../helpers/tmp.js'

const open: Database[] = []
afterEach(() => {
  for (const database of open.splice(0)) database.close()
})

function newDatabase(options: Partial<Parameters<typeof openDatabase>[1]> = {}): Database {
  const database = openDatabase(join(tempDir(), 'project.db'), {
    readonly: false,
    durability: 'normal',
    ...options,
  })
  prepareSchema(database)
  open.push(database)
  return database
}

function pragma(database: Database, name: string): unknown {
  return database.read((db) => db.get<Record<string, unknown>>(sql.raw(`PRAGMA ${name}`)))
}

describe('openDatabase', () => {
  it('sets WAL, foreign keys, the busy timeout and synchronous=NORMAL by default', () => {
    const database = newDatabase({ busyTimeoutMs: 1234 })
    expect(pragma(database, 'journal_mode')).toEqual({ journal_mode: 'wal' })
    expect(pragma(database, 'foreign_keys')).toEqual({ foreign_keys: 1 })
    expect(pragma(database, 'busy_timeout')).toEqual({ timeout: 1234 })
    expect(pragma(database, 'synchronous')).toEqual({ synchronous: 1 })
    expect(database.integrityCheck()).toBe('ok')
  })

  it("sets synchronous=FULL for durability 'full'", () => {
    expect(pragma(newDatabase({ durability: 'full' }), 'synchronous')).toEqual({ synchronous: 2 })
  })

  it('opens read-only with query_only, so writes fail', () => {
    const file = newDatabase().file
    const ro = openDatabase(file, { readonly: true, durability: 'normal' })
    open.push(ro)
    expect(pragma(ro, 'query_only')).toEqual({ query_only: 1 })
    expect(() => ro.write((db) => db.insert(meta).values({ key: 'k', value: 'v' }).run())).toThrow(/readonly/)
  })
})

describe('transactions', () => {
  it('rolls a write back entirely when its function throws', () => {
    const database = newDatabase()
    expect(() =>
      database.write((db) => {
        db.insert(meta).values({ key: 'a', value: '1' }).run()
        throw new Error('boom')
      }),
    ).toThrow('boom')
    expect(
      database.read((db) =>
        db
          .select()
          .from(meta)
          .where(sql`key = 'a'`)
          .all(),
      ),
    ).toEqual([])
  })

  it('returns what the function returns', () => {
    const database = newDatabase()
    expect(
      database.write((db) => db.insert(meta).values({ key: 'b', value: '2' }).returning().get()),
    ).toEqual({ key: 'b', value: '2' })
    expect(
      database.read((db) =>
        db
          .select()
          .from(meta)
          .where(sql`key = 'b'`)
          .get(),
      ),
    ).toEqual({ key: 'b', value: '2' })
  })

  it('gives up with a BusyError (code BUSY, with a hint) when another connection keeps the write lock', () => {
    const database = newDatabase({ busyTimeoutMs: 5, retryForMs: 100 })
    const other = new BetterSqlite3(database.file)
    try {
      other.exec('BEGIN IMMEDIATE')
      const error = thrown(() =>
        database.write((db) => db.insert(meta).values({ key: 'c', value: '3' }).run()),
      )
      expect(error).toBeInstanceOf(BusyError)
      expect(error.code).toBe('BUSY')
      expect(error.hint).toMatch(/busyTimeoutMs/)
      expect(error.message).not.toMatch(/database is locked/)
      other.exec('ROLLBACK')
    } finally {
      other.close()
    }
    // once the lock is gone, the same handle writes again
    database.write((db) => db.insert(meta).values({ key: 'c', value: '3' }).run())
  })

  it('waits for a writer in another thread to finish, retrying instead of failing', async () => {
    const database = newDatabase({ busyTimeoutMs: 1, retryForMs: 60_000 })
    const driver = createRequire(import.meta.url).resolve('better-sqlite3')
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads')
       const Database = require(workerData.driver)
       const db = new Database(workerData.file)
       db.exec('BEGIN IMMEDIATE')
       db.prepare("INSERT INTO meta (key, value) VALUES ('held', 'yes')").run()
       parentPort.postMessage('locked')
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300)
       db.exec('COMMIT')
       db.close()`,
      { eval: true, workerData: { driver, file: database.file } },
    )
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve())
      worker.once('error', reject)
    })
    const seen = database.write((db) => {
      db.insert(meta).values({ key: 'after', value: 'x' }).run()
      return db
        .select()
        .from(meta)
        .where(sql`key = 'held'`)
        .get()
    })
    // the write ran after the other thread's commit, so it saw that thread's row
    expect(seen).toEqual({ key: 'held', value: 'yes' })
    await new Promise((resolve) => worker.once('exit', resolve))
  })
})

describe('a closed database', () => {
  it('throws ReadOnlyError PROJECT_CLOSED for reads and writes, not a bare TypeError', () => {
    const database = newDatabase()
    open.splice(open.indexOf(database), 1)
    database.close()
    for (const use of [
      () => database.read((db) => db.select().from(meta).all()),
      () => database.write((db) => db.select().from(meta).all()),
    ]) {
      const error = thrown(use)
      expect(error).toBeInstanceOf(ReadOnlyError)
      expect(error.code).toBe('PROJECT_CLOSED')
      expect(error.hint).toMatch(/openProject/)
    }
  })
})
