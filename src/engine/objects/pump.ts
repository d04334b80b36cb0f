/**
 * The copy loop: reads a file in chunks, feeds each chunk to a hash and (optionally) writes it out, in ONE
 * pass. The next read is in flight while the current chunk is hashed on the main thread and the previous
 * write finishes in the thread pool, so reading, hashing and writing overlap; on a long copy a datasync
 * is started every `syncEvery` bytes so the final fsync has little left to do. Memory use is three chunks,
 * whatever the file size.
 *
 * @example
 * const hash = createHash('sha256')
 * const size = await pump(source, temp, hash, { mapRead: (e) => inputError(e, path), mapWrite: (e) => storeError(e, dir) })
 */
import type { Hash } from 'node:crypto'
import type { StoreHandle } from './io.js'

/** Bytes per read (three buffers of it are in use at once). */
export const CHUNK_BYTES = 4 << 20

/** Options of {@link pump}. */
export interface PumpOptions {
  /** Turns a read failure into the error to throw. */
  mapRead: (error: unknown) => Error
  /** Turns a write (or datasync) failure into the error to throw. */
  mapWrite?: (error: unknown) => Error
  /** Start a datasync of the output every this many bytes (default 64 MiB; 0 never). */
  syncEvery?: number
  chunkBytes?: number
  /** The expected size, if known: small files get small buffers (a set of 10 000 small files allocates little). */
  sizeHint?: number
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown }

/** A promise that never rejects, so a failure met while another await is pending is never "unhandled". */
function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  )
}

async function writeAll(out: StoreHandle, chunk: Buffer, position: number): Promise<void> {
  let done = 0
  while (done < chunk.length) {
    const { bytesWritten } = await out.write(chunk, done, chunk.length - done, position + done)
    done += bytesWritten
  }
}

/**
 * Copies `source` from offset 0 to its end into `out` (or nowhere when `out` is undefined), updating
 * `hash` with every byte; returns the number of bytes. Waits for every write and datasync it started.
 */
export async function pump(
  source: StoreHandle,
  out: StoreHandle | undefined,
  hash: Hash,
  options: PumpOptions,
): Promise<number> {
  const hint = options.sizeHint
  const chunkBytes = Math.min(
    options.chunkBytes ?? CHUNK_BYTES,
    hint === undefined ? Infinity : Math.max(64 << 10, hint + 1),
  )
  const syncEvery = options.syncEvery ?? 64 << 20
  const mapWrite = options.mapWrite ?? ((e: unknown) => e as Error)
  const buffers = [
    Buffer.allocUnsafe(chunkBytes),
    Buffer.allocUnsafe(chunkBytes),
    Buffer.allocUnsafe(chunkBytes),
  ]
  let position = 0
  let reading = settle(source.read(buffers[0]!, 0, chunkBytes, 0))
  let writing: Promise<Settled<void>> = Promise.resolve({ ok: true, value: undefined })
  let syncing: Promise<Settled<void>> | undefined
  let syncBusy = false
  let unsynced = 0
  const check = async (pending: Promise<Settled<void>> | undefined): Promise<void> => {
    const result = await pending
    if (result && !result.ok) throw mapWrite(result.error)
  }
  try {
    for (let i = 0; ; i++) {
      const read = await reading
      if (!read.ok) throw options.mapRead(read.error)
      const bytes = read.value.bytesRead
      if (bytes === 0) break
      const chunk = buffers[i % 3]!.subarray(0, bytes)
      const at = position
      position += bytes
      // Buffer (i+1)%3 last held the chunk written two rounds ago, whose write was awaited last round.
      reading = settle(source.read(buffers[(i + 1) % 3]!, 0, chunkBytes, position))
      hash.update(chunk)
      if (!out) continue
      await check(writing)
      writing = settle(writeAll(out, chunk, at))
      unsynced += bytes
      if (syncEvery > 0 && unsynced >= syncEvery && !syncBusy) {
        // At most one datasync in flight: it pushes what is written so far while the copy goes on.
        await check(syncing)
        syncBusy = true
        syncing = settle(out.datasync()).finally(() => (syncBusy = false))
        unsynced = 0
      }
    }
    await check(writing)
    await check(syncing)
    return position
  } finally {
    // On failure, let pending operations finish before the caller closes or removes the files.
    await Promise.all([reading, writing, syncing])
  }
}
