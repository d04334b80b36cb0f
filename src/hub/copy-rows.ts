/**
 * Rows into a hub table by `COPY … FROM STDIN` in PostgreSQL's binary format, on the transaction's own
 * connection: no per-row parameters and no text escaping of the chunk blobs (a text COPY would send each
 * bytea as hex, twice its size).
 *
 * The `postgres` client (3.4.9) loses an error the server reports after the last row was sent: the
 * query's promise was already resolved with the stream, the stream never finishes, and the error goes
 * nowhere. So every COPY is followed by a probe on the same connection: it fails when the COPY aborted
 * the transaction, and the copy then throws HubWriteError HUB_COPY_FAILED (typed, never a hang). An
 * error the server reports while rows are still being sent destroys the stream and is thrown as the
 * same typed error with the server's message.
 *
 * @example
 * await copyRows(tx, 'hub_series_chunks', [['field_id', 'int8'], ['seq', 'int4'], ['vals', 'bytea']], rows)
 */
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import type postgres from 'postgres'
import { connectionError, HubWriteError } from './errors.js'

/** A column's binary encoding. */
export type CopyType = 'int4' | 'int8' | 'float8' | 'bytea' | 'text'

/** One column: its name and type. */
export type CopyColumn = readonly [name: string, type: CopyType]

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1')
/** Bytes gathered before a write to the socket. */
const WRITE_BYTES = 1 << 20

function cell(value: unknown, type: CopyType): Buffer {
  if (value === null || value === undefined) {
    const out = Buffer.alloc(4)
    out.writeInt32BE(-1, 0)
    return out
  }
  if (type === 'bytea' || type === 'text') {
    const bytes = type === 'text' ? Buffer.from(String(value), 'utf8') : (value as Buffer)
    const out = Buffer.allocUnsafe(4 + bytes.length)
    out.writeInt32BE(bytes.length, 0)
    bytes.copy(out, 4)
    return out
  }
  const size = type === 'int4' ? 4 : 8
  const out = Buffer.allocUnsafe(4 + size)
  out.writeInt32BE(size, 0)
  if (type === 'int4') out.writeInt32BE(value as number, 4)
  else if (type === 'int8') out.writeBigInt64BE(BigInt(value as number), 4)
  else out.writeDoubleBE(value as number, 4)
  return out
}

/** The binary COPY stream of `rows`, in pieces of about WRITE_BYTES. */
function* encode(
  columns: readonly CopyColumn[],
  rows: readonly Record<string, unknown>[],
): Generator<Buffer> {
  const header = Buffer.alloc(SIGNATURE.length + 8)
  SIGNATURE.copy(header, 0)
  let parts: Buffer[] = [header]
  let bytes = header.length
  const count = Buffer.alloc(2)
  count.writeInt16BE(columns.length, 0)
  for (const row of rows) {
    parts.push(count)
    bytes += 2
    for (const [name, type] of columns) {
      const c = cell(row[name], type)
      parts.push(c)
      bytes += c.length
    }
    if (bytes >= WRITE_BYTES) {
      yield Buffer.concat(parts, bytes)
      parts = []
      bytes = 0
    }
  }
  const trailer = Buffer.alloc(2)
  trailer.writeInt16BE(-1, 0)
  parts.push(trailer)
  yield Buffer.concat(parts, bytes + 2)
}

function failed(table: string, cause: unknown, reason: boolean): HubWriteError {
  const detail = reason && cause instanceof Error ? `: ${cause.message}` : ' (the server log says why)'
  return new HubWriteError('HUB_COPY_FAILED', `PostgreSQL refused the rows copied into ${table}${detail}`, {
    hint: 'Nothing of this batch is in the hub (its transaction is rolled back) and the cursor did not move; sync again. If it fails again, the server log names the row it refused.',
    cause,
  })
}

/** Copies `rows` into `table` (the listed columns) inside the open transaction of `tx`. */
export async function copyRows(
  tx: postgres.ReservedSql,
  table: string,
  columns: readonly CopyColumn[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const names = columns.map(([name]) => `"${name}"`).join(', ')
  let stream: Writable
  try {
    stream = await tx.unsafe(`COPY "${table}" (${names}) FROM STDIN (FORMAT binary)`).writable()
  } catch (error) {
    throw connectionError(error, '') ? error : failed(table, error, true)
  }
  let streamError: unknown
  stream.on('error', (error) => (streamError ??= error))
  for (const piece of encode(columns, rows)) {
    if (streamError !== undefined) break
    // once() rejects when the stream errors while waiting (the server refused a row mid-stream)
    if (!stream.write(piece)) await once(stream, 'drain').catch((error: unknown) => (streamError ??= error))
  }
  if (streamError === undefined) stream.end()
  // the probe runs after the COPY ends: it fails when the COPY aborted the transaction
  try {
    await probe(tx, stream)
  } catch (error) {
    if (connectionError(error, '')) throw error
    throw failed(table, streamError ?? error, streamError !== undefined)
  }
  if (streamError !== undefined) throw failed(table, streamError, true)
}

/**
 * `SELECT 1` on the COPY's connection once the client has sent the end of the copy: until the stream's
 * last write is out, the client refuses any query (COPY_IN_PROGRESS) without sending it.
 */
async function probe(tx: postgres.ReservedSql, stream: Writable): Promise<void> {
  for (;;) {
    try {
      await tx`SELECT 1`
      return
    } catch (error) {
      if ((error as { code?: string }).code !== 'COPY_IN_PROGRESS' || stream.destroyed) throw error
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
  }
}
