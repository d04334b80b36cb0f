/**
 * Typed errors of the hub (`code` stable, `hint` actionable): a URL that is not a PostgreSQL URL, a
 * server that does not answer, refused credentials, a missing database. A hub schema newer than this
 * Nereid is the engine's FormatVersionError with code HUB_SCHEMA_NEWER (src/hub/migrate.ts).
 *
 * @example
 * try { await connectHub('postgres://nereid:wrong@db/hub') }
 * catch (e) { if (e instanceof HubConnectionError && e.code === 'HUB_AUTH_FAILED') console.error(e.hint) }
 */
import { NereidError } from '../index.js'

/** The hub could not be reached or refused the connection. */
export class HubConnectionError extends NereidError {
  override readonly name = 'HubConnectionError'
}

/** What a PostgreSQL client error means for a person, as a HubConnectionError (or undefined when it is not one). */
export function connectionError(error: unknown, where: string): HubConnectionError | undefined {
  const e = error as { code?: string; errno?: string; message?: string }
  const code = e?.code ?? e?.errno
  const message = e?.message ?? String(error)
  if (code === '28P01' || code === '28000') {
    return new HubConnectionError(
      'HUB_AUTH_FAILED',
      `the hub at ${where} refused the credentials: ${message}`,
      {
        hint: 'Check the user and password in the postgres:// URL (or PGPASSWORD); the local project is unchanged.',
        cause: error,
      },
    )
  }
  if (code === '3D000') {
    return new HubConnectionError(
      'HUB_DATABASE_MISSING',
      `the hub at ${where} has no such database: ${message}`,
      {
        hint: 'Create it first (createdb NAME, or CREATE DATABASE NAME) or fix the database name in the URL.',
        cause: error,
      },
    )
  }
  const unreachable = [
    'ECONNREFUSED',
    'ENOTFOUND',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'ETIMEDOUT',
    'ECONNRESET',
    'CONNECT_TIMEOUT',
    'CONNECTION_CLOSED',
    'CONNECTION_ENDED',
    'CONNECTION_DESTROYED',
    'EAI_AGAIN',
    'EPIPE',
    '57P01',
    '57P02',
    '57P03',
  ]
  if (code && unreachable.includes(code)) {
    return new HubConnectionError(
      'HUB_UNREACHABLE',
      `the hub at ${where} does not answer (${code}): ${message}`,
      {
        hint: 'Check that PostgreSQL runs and that host and port in the URL are right; logging goes on locally and a later sync ships everything.',
        cause: error,
      },
    )
  }
  return undefined
}

/** True for errors worth retrying later (the server is down or restarting, the network is cut). */
export function isTransient(error: unknown): boolean {
  return error instanceof HubConnectionError && error.code === 'HUB_UNREACHABLE'
}

/** The hub refused what a sync wrote (a COPY the server aborted); the batch is rolled back. */
export class HubWriteError extends NereidError {
  override readonly name = 'HubWriteError'
}

/** The hub's objects store (an S3-compatible bucket) refused or did not answer. */
export class HubObjectsError extends NereidError {
  override readonly name = 'HubObjectsError'
}
