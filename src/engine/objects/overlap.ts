/**
 * The copy of a large file, on two cores: the kernel copies the file into a temp file (`fs.copyFile`, in
 * the thread pool: copy_file_range, no bytes through JS) while the main thread hashes the source through
 * its own read; the copy is fsynced as soon as it is done, and renamed once the hash is known. About
 * max(hash, copy + fsync) instead of the one-pass copy loop's read + hash + write.
 *
 * The hashed bytes and the copied bytes come from two reads, so the source must not change between them
 * unseen. It is taken only for a file at rest: its ctime (which no program can set back) at least
 * `quietMs` old when the put starts, so any write during the copy moves ctime to a later clock tick, and
 * the source's dev, inode, size, mtime and ctime are compared before and after (else FILE_CHANGED, retried
 * once by the caller). A file written just now goes through the one-pass loop instead.
 *
 * @example
 * if (overlapFits(ctx, before)) return await copyWhileHashing(ctx, path, source, before)
 */
import { createHash } from 'node:crypto'
import { constants, type BigIntStats } from 'node:fs'
import { commitTemp, type PutResult } from './commit.js'
import { ensureDir, type StoreContext } from './context.js'
import { inputError, storeError } from './errors.js'
import { fileChanged, sameVersion, statInput } from './input.js'
import type { StoreHandle } from './io.js'
import { tmpDirOf } from './layout.js'
import { pump } from './pump.js'
import { tempFile, tempName } from './temp.js'

/** True when `stat` (taken just now) is a file large enough and quiet enough for the overlapped copy. */
export function overlapFits(ctx: StoreContext, stat: BigIntStats): boolean {
  const ageMs = Number(BigInt(Date.now()) * 1_000_000n - stat.ctimeNs) / 1e6
  return Number(stat.size) >= ctx.overlap.minBytes && ageMs >= ctx.overlap.quietMs
}

function unchanged(a: BigIntStats, b: BigIntStats): boolean {
  return sameVersion(a, b) && a.ctimeNs === b.ctimeNs
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown }

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  )
}

/** Why the kernel copy failed: the source's fault (gone, changed) or the store's (full disk, …). */
async function copyError(
  ctx: StoreContext,
  path: string,
  opened: BigIntStats,
  error: unknown,
): Promise<Error> {
  let now: BigIntStats
  try {
    now = await statInput(ctx.io, path)
  } catch (sourceError) {
    return sourceError as Error
  }
  return unchanged(opened, now) ? storeError(error, ctx.dir) : fileChanged(path)
}

/**
 * Copies `path` (open as `source`, whose stat is `opened`) into the store while hashing it; every
 * failure removes the temp file. Throws the typed errors of a put.
 */
export async function copyWhileHashing(
  ctx: StoreContext,
  path: string,
  source: StoreHandle,
  opened: BigIntStats,
): Promise<PutResult> {
  try {
    await ensureDir(ctx, tmpDirOf(ctx.dir))
  } catch (error) {
    throw storeError(error, ctx.dir)
  }
  const target = tempName(ctx)
  const hash = createHash('sha256')
  let handle: StoreHandle | undefined
  let copiedBytes = false
  // The copy is fsynced as soon as it is done, while the hash may still be running.
  const copying = (async () => {
    await ctx.io.copyFile(path, target, constants.COPYFILE_EXCL)
    copiedBytes = true
    // Read-only is enough for fsync; the copy has the source's mode, which may be 0444.
    handle = await ctx.io.open(target, 'r')
    await handle.sync()
  })()
  const [copied, hashed] = await Promise.all([
    settle(copying),
    settle(
      pump(source, undefined, hash, {
        mapRead: (e) => inputError(e, path),
        chunkBytes: ctx.chunkBytes,
        sizeHint: Number(opened.size),
      }),
    ),
  ])
  try {
    if (!hashed.ok) throw hashed.error
    if (!copied.ok)
      throw copiedBytes ? storeError(copied.error, ctx.dir) : await copyError(ctx, path, opened, copied.error)
    const size = hashed.value
    // Both the open file and the path must still be the version the put started from.
    const after = await source.stat({ bigint: true })
    const atPath = await statInput(ctx.io, path)
    if (!unchanged(opened, after) || !unchanged(opened, atPath) || size !== Number(after.size))
      throw fileChanged(path)
    const copy = await handle!.stat({ bigint: true })
    if (Number(copy.size) !== size) throw fileChanged(path)
  } catch (error) {
    await handle?.close().catch(() => {})
    await ctx.io.unlink(target).catch(() => {})
    throw error
  }
  return commitTemp(ctx, tempFile(ctx, target, handle!), hash.digest('hex'), hashed.value, false)
}
