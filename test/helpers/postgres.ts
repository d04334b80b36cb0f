/**
 * A throwaway PostgreSQL server for the hub's tests: `initdb` in a temp dir and `pg_ctl start` on a free
 * 127.0.0.1 port with its Unix socket in that dir, password authentication (user `nereid`, password
 * `secret`), run as the `postgres` system user when the tests run as root (PostgreSQL refuses root).
 * With NEREID_PG_URL set, that server is used instead (each test still gets its own database). Missing
 * binaries fail loudly: the hub's tests never skip silently.
 *
 * @example
 * const pg = await startPostgres()
 * const url = await pg.database()        // postgres://nereid:secret@127.0.0.1:PORT/t_1
 * await pg.stop()
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { appendFileSync, chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'

/** Where Debian's PostgreSQL 15 keeps initdb and pg_ctl (PG_BIN overrides). */
const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin'

/** A running server the tests may create databases on, restart and stop. */
export interface PgServer {
  /** A URL of the server's `postgres` database with the superuser's password. */
  readonly adminUrl: string
  /** A URL with `password` in place of the right one (for the wrong-password test). */
  urlWith(database: string, password: string): string
  /** Creates a fresh empty database and returns its URL. */
  database(): Promise<string>
  /** True when this helper started the server (so it can restart and stop it). */
  readonly own: boolean
  /** Stops the server (fast mode) until up() (own servers only). */
  down(): void
  /** Starts the server again on the same port. */
  up(): void
  /** Stops the server and removes its directory. */
  stop(): Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Runs a PostgreSQL binary, as the `postgres` user when this process is root. */
function pgBin(name: string, args: string[]): void {
  const file = join(BIN, name)
  const asRoot = process.getuid?.() === 0
  const command = asRoot ? 'runuser' : file
  const argv = asRoot ? ['-u', 'postgres', '--', file, ...args] : args
  const result = spawnSync(command, argv, { encoding: 'utf8' })
  if (result.status !== 0) {
    throw new Error(`${name} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`)
  }
}

let counter = 0

function serverOver(
  adminUrl: string,
  own: boolean,
  control: { down: () => void; up: () => void; stop: () => void },
): PgServer {
  const parsed = new URL(adminUrl)
  const urlWith = (database: string, password: string): string => {
    const url = new URL(adminUrl)
    url.password = password
    url.pathname = `/${database}`
    return url.toString()
  }
  return {
    adminUrl,
    own,
    urlWith,
    async database() {
      const name = `t_${process.pid}_${++counter}`
      const sql = postgres(adminUrl, { max: 1, onnotice: () => {} })
      try {
        await sql.unsafe(`CREATE DATABASE ${name}`)
      } finally {
        await sql.end()
      }
      return urlWith(name, decodeURIComponent(parsed.password))
    },
    down: control.down,
    up: control.up,
    stop: () => Promise.resolve(control.stop()),
  }
}

/** Where the server listens besides 127.0.0.1: addresses, each with password access from its /24. */
export interface PgListen {
  listen?: string[]
}

/** Starts a server (or connects to NEREID_PG_URL); fails with a clear message when PostgreSQL is missing. */
export async function startPostgres(options: PgListen = {}): Promise<PgServer> {
  const given = process.env.NEREID_PG_URL
  if (given) {
    const refuse = (): void => {
      throw new Error('cannot stop or start a server given by NEREID_PG_URL')
    }
    return serverOver(given, false, { down: refuse, up: refuse, stop: () => {} })
  }
  if (!existsSync(join(BIN, 'initdb'))) {
    throw new Error(
      `PostgreSQL binaries are missing in ${BIN}: install them (apt-get install -y postgresql-15), set PG_BIN, ` +
        'or point NEREID_PG_URL at a server (the hub tests do not skip)',
    )
  }
  const dir = mkdtempSync(join(tmpdir(), 'nereid-pg-'))
  const data = join(dir, 'data')
  const pwfile = join(dir, 'pw')
  writeFileSync(pwfile, 'secret\n')
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    chownSync(dir, uid, gid)
    chownSync(pwfile, uid, gid)
  }
  chmodSync(dir, 0o700)
  pgBin('initdb', ['-D', data, '-U', 'nereid', '--pwfile', pwfile, '-A', 'scram-sha-256', '-E', 'UTF8'])
  const extra = options.listen ?? []
  if (extra.length)
    appendFileSync(
      join(data, 'pg_hba.conf'),
      extra.map((ip) => `host all all ${ip.replace(/\.\d+$/, '.0')}/24 scram-sha-256\n`).join(''),
    )
  const port = await freePort()
  const listen = ['127.0.0.1', ...extra].join(',')
  const flags = `-c listen_addresses=${listen} -p ${port} -k ${dir} -c fsync=off -c max_connections=200`
  const start = (): void => pgBin('pg_ctl', ['-D', data, '-o', flags, '-l', join(dir, 'log'), '-w', 'start'])
  const halt = (): void => pgBin('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])
  start()
  return serverOver(`postgres://nereid:secret@127.0.0.1:${port}/postgres`, true, {
    down: halt,
    up: start,
    stop: () => {
      try {
        halt()
      } catch {
        // already down
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  })
}
