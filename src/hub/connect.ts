/**
 * Opening a hub: a postgres:// URL checked, a connection pool of the `postgres` client, and the schema
 * prepared (src/hub/migrate.ts). The URL's password is never printed: messages name the hub by
 * host:port/database.
 *
 * @example
 * const hub = await connectHub('postgres://nereid:secret@127.0.0.1:5432/hub')
 * await hub.sql`SELECT 1`
 * await hub.close()
 */
import postgres from 'postgres'
import { InvalidOptionError } from '../index.js'
import { connectionError } from './errors.js'
import { prepareHubSchema } from './migrate.js'

/** An open hub. */
export interface Hub {
  readonly sql: postgres.Sql
  /** host:port/database, without credentials. */
  readonly where: string
  close(): Promise<void>
}

/** Options of connectHub. */
export interface ConnectOptions {
  /** Connections in the pool (default 2). */
  max?: number
  /** Seconds to wait for a connection before HUB_UNREACHABLE (default 5). */
  connectTimeout?: number
  /** Skip preparing the schema (readers of a hub someone else prepared). */
  prepare?: boolean
}

/** Where `url` points, without credentials; InvalidOptionError HUB_BAD_URL when it is not a postgres URL. */
export function hubWhere(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    parsed = new URL('invalid:')
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new InvalidOptionError(
      'HUB_BAD_URL',
      `'${url.replace(/:[^:@/]*@/, ':***@')}' is not a PostgreSQL URL`,
      {
        hint: 'Give the hub as postgres://USER:PASSWORD@HOST:PORT/DATABASE.',
      },
    )
  }
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`
}

/** Connects to the hub at `url` and prepares its schema; typed HubConnectionError / FormatVersionError on failure. */
export async function connectHub(url: string, options: ConnectOptions = {}): Promise<Hub> {
  const where = hubWhere(url)
  const sql = postgres(url, {
    max: options.max ?? 2,
    connect_timeout: options.connectTimeout ?? 5,
    onnotice: () => {},
    // int8 columns come back as numbers (ids and counts stay far below 2^53)
    types: {
      int8: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
    },
  })
  try {
    await sql`SELECT 1`
    if (options.prepare !== false) await prepareHubSchema(url, where)
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {})
    throw connectionError(error, where) ?? error
  }
  return { sql, where, close: () => sql.end({ timeout: 5 }) }
}
