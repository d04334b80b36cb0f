/**
 * The one module that imports better-sqlite3. It opens project.db with Nereid's pragmas, wraps it in
 * drizzle, and runs write transactions as `BEGIN IMMEDIATE` with retries, so that several processes can
 * share one project without "database is locked" reaching the user. Hot queries (a flush runs several per
 * field) skip drizzle through {@link statement}: SQL text prepared once per connection and reused.
 *
 * @example
 * const database = openDatabase('/tmp/p/project.db', { readonly: false, durability: 'normal' })
 * database.write((db) => db.insert(meta).values({ key: 'k', value: 'v' }).run())
 * database.write((db) => statement(db, 'UPDATE meta SET value = ? WHERE key = ?').run('v2', 'k'))
 * database.close()
 */
import { statfsSync } from 'node:fs'
import { dirname } from 'node:path'
import { notAProjectOrDamaged } from './damaged.js'
import BetterSqlite3 from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core'
import { BusyError, FormatVersionError, ReadOnlyError } from '../errors.js'
import { registerSqlFunctions } from './sql-functions.js'
import { DEFAULT_WAL_POLICY, WalKeeper, type WalPolicy } from './wal-keeper.js'

/**
 * The drizzle handle every other engine module queries through, typed against sqlite-core's base (no
 * driver-specific type leaks out of this folder).
 */
export type Db = BaseSQLiteDatabase<'sync', RunResult>

/** How hard a commit is pushed to disk: 'normal' survives a killed process, 'full' also a power loss. */
export type Durability = 'normal' | 'full'

/** Options of {@link openDatabase}. */
export interface DatabaseOptions {
  readonly: boolean
  durability: Durability
  /** How long one attempt waits for another process's lock (SQLite busy_timeout). */
  busyTimeoutMs?: number
  /** How long a write keeps retrying before it gives up with a BusyError. */
  retryForMs?: number
  /**
   * How the WAL of a write open is checkpointed: by a background worker and a size guard (wal-keeper.ts;
   * the default), or `false` for SQLite's auto-checkpoint inside the writer's commits.
   */
  wal?: WalPolicy | false
}

/** What a run of a write statement changed. */
export interface RunResult {
  changes: number
  lastInsertRowid: number | bigint
}

/**
 * A statement prepared once per connection (see {@link statement}); `?` parameters are bound in order.
 * `Row` is the shape of a result row: alias the columns (`step_first AS stepFirst`) to match it.
 */
export interface Statement<Row = Record<string, unknown>> {
  run(...params: unknown[]): RunResult
  get(...params: unknown[]): Row | undefined
  all(...params: unknown[]): Row[]
}

/** The prepared statements of each connection, by SQL text. */
const statements = new WeakMap<BetterSqlite3.Database, Map<string, Statement<unknown>>>()

/** The native client behind each drizzle handle this module made. */
const clients = new WeakMap<Db, BetterSqlite3.Database>()

function clientOf(db: Db): BetterSqlite3.Database {
  const client = clients.get(db)
  if (!client) throw new Error('statement(): this drizzle handle was not opened by openDatabase()')
  return client
}

function prepared<Row>(client: BetterSqlite3.Database, sqlText: string): Statement<Row> {
  let cache = statements.get(client)
  if (!cache) statements.set(client, (cache = new Map()))
  let stmt = cache.get(sqlText)
  if (!stmt) {
    stmt = client.prepare(sqlText) as unknown as Statement<unknown>
    cache.set(sqlText, stmt)
  }
  return stmt as Statement<Row>
}

/**
 * The statement `sqlText` on the connection behind `db`, prepared the first time and cached with the
 * connection: no query building and no re-preparing on hot paths. Pass constant SQL text only (the cache
 * keeps one entry per distinct text); bind values as `?` parameters.
 */
export function statement<Row = Record<string, unknown>>(db: Db, sqlText: string): Statement<Row> {
  return prepared<Row>(clientOf(db), sqlText)
}

/** Largest memory map SQLite may use for project.db (address space; pages are read on demand). */
const MMAP_BYTES = 1024 * 1024 * 1024

/** Linux `statfs` magic numbers of network and FUSE file systems, where a write open maps no memory. */
const REMOTE_FS = new Set([
  0x6969, // nfs
  0x517b, // smb
  0xff534d42, // cifs
  0xfe534d42, // smb2
  0x65735546, // fuse (sshfs, rclone, ...)
  0x01021997, // 9p (WSL drives, VM shares)
  0x00c36400, // ceph
  0x5346414f, // afs
  0x73757245, // coda
  0x564c, // ncp
  0x0bd00bd0, // lustre
  0x01161970, // gfs2
  0x7461636f, // ocfs2
  0x47504653, // gpfs
])

/** Whether `dir` (or its nearest existing parent) lies on a network or FUSE file system (Linux statfs). */
export function isRemoteFilesystem(dir: string): boolean {
  if (process.platform !== 'linux') return false
  for (let at = dir; ; at = dirname(at)) {
    try {
      return REMOTE_FS.has(statfsSync(at).type >>> 0)
    } catch {
      if (dirname(at) === at) return false
    }
  }
}

/**
 * Whether to memory-map the file: reads then copy no pages (a 1M-point series read, the runs table).
 * Off with NEREID_MMAP=0; else on for read-only opens, and for write opens unless the file lies on a
 * network or FUSE file system (Linux), where an I/O error of a mapped page would kill the process.
 */
function wantsMmap(file: string, readonly: boolean): boolean {
  const env = process.env.NEREID_MMAP
  if (env !== undefined && ['0', 'false', 'no', 'off'].includes(env.toLowerCase())) return false
  if (readonly || process.platform !== 'linux') return true
  return !isRemoteFilesystem(dirname(file))
}

/** An open project.db. */
export interface Database {
  readonly db: Db
  readonly file: string
  readonly readonly: boolean
  /** Runs `fn` in one `BEGIN IMMEDIATE` transaction, retried while another process holds the lock. */
  write<T>(fn: (db: Db) => T): T
  /** Runs `fn` in one read transaction: every query inside sees the same snapshot. */
  read<T>(fn: (db: Db) => T): T
  /** Switches the file to WAL journaling (a write to the file header, so done only after format checks). */
  enableWal(): void
  /** Runs SQL text with several statements (migrations). */
  exec(sqlText: string): void
  /** SQLite's data_version: changes when another connection commits (this one's own commits do not count). */
  dataVersion(): number
  /** How many write transactions this connection committed. */
  writeCount(): number
  /** `PRAGMA integrity_check`: 'ok' or the problems found. */
  integrityCheck(): string
  /** WAL checkpoints run so far off SQLite's auto-checkpoint: by the background worker, by the writer. */
  checkpoints(): { background: number; self: number }
  close(): void
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4))

/** Blocks the thread for `ms` (the engine is synchronous, like better-sqlite3). */
function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms)
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
}

/**
 * Calls `fn` until it does not fail with SQLITE_BUSY/LOCKED, sleeping a little longer each time, for at
 * most `retryForMs`.
 */
function withRetry<T>(fn: () => T, retryForMs: number, file: string): T {
  const deadline = Date.now() + retryForMs
  for (let attempt = 0; ; attempt++) {
    try {
      return fn()
    } catch (error) {
      if (!isBusy(error)) throw error
      if (Date.now() > deadline) {
        throw new BusyError('BUSY', `${file} stayed locked by another process for ${retryForMs} ms`, {
          hint: 'Another process holds a long write transaction; close it, or raise the busyTimeoutMs option.',
          cause: error,
        })
      }
      sleepSync(Math.min(5 * 2 ** Math.min(attempt, 6), 250) * (0.5 + Math.random()))
    }
  }
}

/** Opens (and, unless read-only, creates) the SQLite file at `file`. */
export function openDatabase(file: string, options: DatabaseOptions): Database {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5_000
  const retryForMs = options.retryForMs ?? 120_000
  let client: BetterSqlite3.Database
  try {
    client = withRetry(
      () => new BetterSqlite3(file, { readonly: options.readonly, fileMustExist: options.readonly }),
      retryForMs,
      file,
    )
  } catch (error) {
    throw new FormatVersionError('NOT_A_PROJECT', `cannot open ${file}`, {
      hint: options.readonly
        ? 'Check the path: a read-only open needs an existing project.'
        : 'Check that the directory is writable.',
      cause: error,
    })
  }
  try {
    client.pragma(`busy_timeout = ${busyTimeoutMs}`)
    // setting `synchronous` reads the file header: the first place a file that is no database shows
    withRetry(
      () => {
        client.pragma('foreign_keys = ON')
        if (!options.readonly)
          client.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`)
        else client.pragma('query_only = ON')
        if (wantsMmap(file, options.readonly)) client.pragma(`mmap_size = ${MMAP_BYTES}`)
      },
      retryForMs,
      file,
    )
  } catch (error) {
    client.close()
    if (error instanceof BusyError) throw error
    throw notAProjectOrDamaged(
      file,
      error,
      () =>
        new FormatVersionError('NOT_A_PROJECT', `${file} is not a Nereid project database`, {
          hint: 'Point Nereid at a project directory (it holds project.db), or at an empty directory to create one.',
          cause: error,
        }),
    )
  }
  registerSqlFunctions(client)
  const db: Db = drizzle(client)
  clients.set(db, client)
  const synchronous = options.durability === 'full' ? 'FULL' : 'NORMAL'
  const policy = options.wal ?? DEFAULT_WAL_POLICY
  let keeper: WalKeeper | undefined
  let writes = 0
  // not waiting on readers: a reader holding a snapshot must not stall the writer's commit
  const checkpointSelf = (): void => {
    client.pragma('busy_timeout = 0')
    try {
      client.pragma('wal_checkpoint(TRUNCATE)')
    } catch (error) {
      if (!isBusy(error)) throw error // the write is committed: a busy checkpoint is retried later
    } finally {
      client.pragma(`busy_timeout = ${busyTimeoutMs}`)
    }
  }
  // better-sqlite3 would throw a bare TypeError ("The database connection is not open")
  const assertOpen = (): void => {
    if (!client.open) {
      throw new ReadOnlyError('PROJECT_CLOSED', `${file} was closed`, {
        hint: 'Open the project again with openProject(dir) to read or write it; close it only when you are done.',
      })
    }
  }

  return {
    db,
    file,
    readonly: options.readonly,
    write: (fn) => {
      assertOpen()
      const result = withRetry(() => client.transaction(() => fn(db)).immediate(), retryForMs, file)
      writes++
      keeper?.afterWrite()
      return result
    },
    read: (fn) => {
      assertOpen()
      return withRetry(() => client.transaction(() => fn(db)).deferred(), retryForMs, file)
    },
    enableWal: () => {
      withRetry(() => client.pragma('journal_mode = WAL'), retryForMs, file)
      if (policy === false || keeper) return
      client.pragma('wal_autocheckpoint = 0')
      client.pragma(`journal_size_limit = ${policy.limitBytes}`)
      keeper = new WalKeeper(file, policy, synchronous, checkpointSelf)
    },
    exec: (sqlText) => client.exec(sqlText),
    dataVersion: () => {
      assertOpen()
      return client.pragma('data_version', { simple: true }) as number
    },
    writeCount: () => writes,
    integrityCheck: () => {
      const rows = client.pragma('integrity_check') as { integrity_check: string }[]
      return rows.map((r) => r.integrity_check).join('\n')
    },
    checkpoints: () => keeper?.counts() ?? { background: 0, self: 0 },
    close: () => {
      keeper?.close()
      client.close()
    },
  }
}
