/**
 * One PostgreSQL transaction on a connection of its own. Unlike the client's `sql.begin`, nothing is
 * written on a connection that broke mid-transaction (the server stopped, the network cut): postgres 3.4.9
 * crashes the process with an uncaught TypeError when a ROLLBACK is queued on a closed socket. The server
 * rolls back a transaction whose connection is gone by itself.
 *
 * @example
 * await inTransaction(hub.sql, async (tx) => { await tx`INSERT INTO hub_meta VALUES ('a', 'b')` })
 */
import type postgres from 'postgres'
import { connectionError } from './errors.js'

/** Runs `fn` between BEGIN and COMMIT on a reserved connection; ROLLBACK on other errors. */
export async function inTransaction<T>(
  sql: postgres.Sql,
  fn: (tx: postgres.ReservedSql) => Promise<T>,
): Promise<T> {
  const tx = await sql.reserve()
  try {
    await tx`BEGIN`
    const result = await fn(tx)
    await tx`COMMIT`
    return result
  } catch (error) {
    if (!connectionError(error, '')) await tx`ROLLBACK`.catch(() => {})
    throw error
  } finally {
    tx.release()
  }
}
