/**
 * Background WAL checkpoints and the WAL's bound: the worker checkpoints while the writer does not, the
 * writer checkpoints itself when the worker cannot keep up, a reader holding a snapshot pins the WAL only
 * while it holds it, and close() leaves no WAL behind.
 */
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import BetterSqlite3 from 'better-sqlite3'
import { sql } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../../src/engine/driver/database.js'
import { prepareSchema } from '../../../src/engine/driver/migrate.js'
import type { WalPolicy } from '../../../src/engine/driver/wal-keeper.js'
import { tempDir } from '../../helpers/tmp.js'

const MiB = 1 << 20
const open: Database[] = []
afterEach(() => {
  for (const database of open.splice(0)) database.close()
})

function newDatabase(wal: WalPolicy | false): Database {
  const database = openDatabase(join(tempDir(), 'project.db'), { readonly: false, durability: 'normal', wal })
  prepareSchema(database)
  open.push(database)
  database.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)')
  return database
}

/** Writes `bytes` of blobs in transactions of ~`perWrite` bytes; returns the largest WAL size seen after one. */
function fill(database: Database, bytes: number, perWrite = 64 * 1024): number {
  let largest = 0
  for (let written = 0; written < bytes; written += perWrite) {
    database.write((db) => db.run(sql`INSERT INTO blobs (data) VALUES (randomblob(${perWrite}))`))
    largest = Math.max(largest, walSize(database))
  }
  return largest
}

function walSize(database: Database): number {
  return statSync(`${database.file}-wal`, { throwIfNoEntry: false })?.size ?? 0
}

function blobCount(database: Database): number {
  return database.read((db) => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM blobs`)!.n)
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await sleep(20)
  if (!condition()) throw new Error(`timed out waiting for ${what}`)
}

describe('WAL checkpoints off the writer', () => {
  it('the writer does not checkpoint below the limit: the WAL holds what SQLite would have checkpointed', () => {
    const database = newDatabase({ intervalMs: 250, startBytes: 1024 * MiB, limitBytes: 1024 * MiB })
    // SQLite's auto-checkpoint would have reset the WAL at 1000 pages (~4 MiB)
    expect(fill(database, 8 * MiB)).toBeGreaterThan(8 * MiB)
    expect(database.checkpoints()).toEqual({ background: 0, self: 0 })
  })

  it('with auto-checkpoint (wal: false) the WAL stays near 1000 pages', () => {
    const database = newDatabase(false)
    expect(fill(database, 8 * MiB)).toBeLessThan(6 * MiB)
  })

  it('the background worker copies the WAL into project.db while the writer is idle', async () => {
    const database = newDatabase({ intervalMs: 20, startBytes: 0, limitBytes: 1024 * MiB })
    fill(database, 2 * MiB)
    const before = statSync(database.file).size
    // the file grows while a checkpoint copies; the count goes up once it is done
    await until(() => database.checkpoints().background > 0, 'a background checkpoint')
    await until(() => statSync(database.file).size > before + MiB, 'the WAL copied into project.db')
    expect(database.checkpoints().self).toBe(0)
    expect(blobCount(database)).toBe(32)
  })

  it('when the worker cannot keep up, the writer checkpoints itself above the limit', () => {
    // the worker starts but sleeps for an hour between checkpoints: it never keeps up
    const database = newDatabase({ intervalMs: 3_600_000, startBytes: 0, limitBytes: MiB })
    const largest = fill(database, 16 * MiB)
    expect(largest).toBeLessThanOrEqual(MiB + MiB / 2 + 128 * 1024)
    expect(database.checkpoints().self).toBeGreaterThan(0)
    expect(blobCount(database)).toBe(256)
  })

  it('a reader holding a snapshot pins the WAL without stalling writes; it shrinks once the reader lets go', async () => {
    const database = newDatabase({ intervalMs: 20, startBytes: 0, limitBytes: MiB })
    fill(database, 256 * 1024)
    const reader = new BetterSqlite3(database.file, { readonly: true })
    try {
      reader.exec('BEGIN')
      const seen = () => (reader.prepare('SELECT count(*) AS n FROM blobs').get() as { n: number }).n
      expect(seen()).toBe(4)
      // neither the worker nor the writer can copy past the reader's snapshot: the WAL must grow
      expect(fill(database, 8 * MiB)).toBeGreaterThan(8 * MiB)
      expect(seen()).toBe(4)
      expect(blobCount(database)).toBe(132)
      reader.exec('COMMIT')
    } finally {
      reader.close()
    }
    await until(() => {
      fill(database, 1024, 1024)
      return walSize(database) <= MiB
    }, 'the WAL to come back under its limit')
    expect(database.integrityCheck()).toBe('ok')
  })

  it('close() waits for the worker and leaves no WAL behind', async () => {
    const database = newDatabase({ intervalMs: 5, startBytes: 0, limitBytes: 1024 * MiB })
    fill(database, 4 * MiB)
    await until(() => database.checkpoints().background > 0, 'a background checkpoint')
    fill(database, 4 * MiB)
    open.splice(open.indexOf(database), 1)
    database.close()
    expect(existsSync(`${database.file}-wal`)).toBe(false)
    const again = new BetterSqlite3(database.file, { readonly: true })
    expect((again.prepare('SELECT count(*) AS n FROM blobs').get() as { n: number }).n).toBe(128)
    again.close()
  })
})
