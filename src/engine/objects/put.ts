/**
 * Putting content into the store. A file is hashed while it is copied, in one pass, into a temp file
 * that is then fsynced and renamed to its hash (or cloned copy-on-write where the file system can, then
 * hashed). A large file at rest (64 MiB or more, unchanged for 2 s) is instead copied by the kernel
 * while the main thread hashes it, on two cores (overlap.ts). A buffer is hashed first and written only
 * when new. A file this store already put, unchanged since (same device, inode, size and mtime), is
 * hashed before it is copied, so putting it again costs a read and no write. A file that changes during
 * the copy is copied again once, then refused; a failure of any kind removes the temp file and leaves
 * the store as it was.
 *
 * @example
 * const { hash, size, written } = await putFile(ctx, 'checkpoints/w.pt')
 * await putBytes(ctx, Buffer.from('hello'))
 */
import { createHash } from 'node:crypto'
import type { BigIntStats } from 'node:fs'
import { commitTemp, touchExisting, type PutResult } from './commit.js'
import type { StoreContext } from './context.js'
import { cloneToTemp } from './clone.js'
import { FileChangedError, inputError, storeError } from './errors.js'
import { fileChanged, sameVersion, statInput } from './input.js'
import type { StoreHandle } from './io.js'
import { copyWhileHashing, overlapFits } from './overlap.js'
import { pump } from './pump.js'
import { createTemp, type TempFile } from './temp.js'

/** Options of {@link putFile}. */
export interface PutFileOptions {
  /**
   * Hash the file before copying it, and copy only when the object is new. Costs one extra read of a
   * new file and saves the whole write of a file already stored. Default: only for a file this store
   * has put before and that has not changed since.
   */
  hashFirst?: boolean
}

async function hashOnly(
  ctx: StoreContext,
  handle: StoreHandle,
  path: string,
  sizeHint: number,
): Promise<{ hash: string; size: number }> {
  const hash = createHash('sha256')
  const size = await pump(handle, undefined, hash, {
    mapRead: (e) => inputError(e, path),
    chunkBytes: ctx.chunkBytes,
    sizeHint,
  })
  return { hash: hash.digest('hex'), size }
}

async function putClone(
  ctx: StoreContext,
  path: string,
  before: BigIntStats,
  temp: TempFile,
): Promise<PutResult> {
  try {
    const { hash, size } = await hashOnly(ctx, temp.handle, temp.path, Number(before.size))
    const after = await statInput(ctx.io, path)
    // A clone taken while the file was being written may be torn: compare the source before and after.
    if (!sameVersion(before, after) || size !== Number(after.size)) throw fileChanged(path)
    return await commitTemp(ctx, temp, hash, size, true)
  } catch (error) {
    await temp.discard()
    throw error
  }
}

/** Remembered file versions per store; past this many the memory is cleared and starts again. */
const SEEN_LIMIT = 10_000

function versionKey(stat: BigIntStats): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}`
}

function remember(ctx: StoreContext, stat: BigIntStats, result: PutResult): PutResult {
  if (ctx.seen.size >= SEEN_LIMIT) ctx.seen.clear()
  ctx.seen.set(versionKey(stat), result.hash)
  return result
}

/** Hashes the file; the existing object's result if it is already stored, else undefined. */
async function findStored(
  ctx: StoreContext,
  path: string,
  before: BigIntStats,
): Promise<PutResult | undefined> {
  const source = await openInput(ctx, path)
  try {
    const { hash, size } = await hashOnly(ctx, source, path, Number(before.size))
    const after = await source.stat({ bigint: true })
    if (!sameVersion(before, after) || size !== Number(after.size)) throw fileChanged(path)
    if (await touchExisting(ctx, hash, size))
      return remember(ctx, after, { hash, size, written: false, cloned: false })
    return undefined
  } finally {
    await source.close().catch(() => {})
  }
}

async function openInput(ctx: StoreContext, path: string): Promise<StoreHandle> {
  try {
    return await ctx.io.open(path, 'r')
  } catch (error) {
    throw inputError(error, path)
  }
}

async function putOnce(ctx: StoreContext, path: string, options: PutFileOptions): Promise<PutResult> {
  const before = await statInput(ctx.io, path)
  if (options.hashFirst ?? ctx.seen.has(versionKey(before))) {
    const stored = await findStored(ctx, path, before)
    if (stored) return stored
  }
  const clone = await cloneToTemp(ctx, path)
  if (clone) return remember(ctx, before, await putClone(ctx, path, before, clone))
  const source = await openInput(ctx, path)
  try {
    const opened = await source.stat({ bigint: true })
    if (!sameVersion(before, opened)) throw fileChanged(path) // replaced between stat and open
    if (overlapFits(ctx, opened))
      return remember(ctx, opened, await copyWhileHashing(ctx, path, source, opened))
    const temp = await createTemp(ctx)
    try {
      const hash = createHash('sha256')
      const size = await pump(source, temp.handle, hash, {
        mapRead: (e) => inputError(e, path),
        mapWrite: (e) => storeError(e, ctx.dir),
        chunkBytes: ctx.chunkBytes,
        sizeHint: Number(opened.size),
      })
      const after = await source.stat({ bigint: true })
      if (!sameVersion(opened, after) || size !== Number(after.size)) throw fileChanged(path)
      return remember(ctx, after, await commitTemp(ctx, temp, hash.digest('hex'), size, false))
    } catch (error) {
      await temp.discard()
      throw error
    }
  } finally {
    await source.close().catch(() => {})
  }
}

/**
 * Stores the regular file at `path` (symbolic links followed) and returns its hash. Throws a
 * FileInputError subclass for a bad file, a DiskFullError or ObjectStoreError when the store cannot
 * write; in every failure the store is unchanged.
 */
export async function putFile(
  ctx: StoreContext,
  path: string,
  options: PutFileOptions = {},
): Promise<PutResult> {
  try {
    return await putOnce(ctx, path, options)
  } catch (error) {
    if (!(error instanceof FileChangedError)) throw error
  }
  return putOnce(ctx, path, options) // changed once: one more try, then the error stands
}

/** Stores `bytes` (hashed in memory first: nothing is written when the object exists). */
export async function putBytes(ctx: StoreContext, bytes: Uint8Array): Promise<PutResult> {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const hash = createHash('sha256').update(data).digest('hex')
  if (await touchExisting(ctx, hash, data.length))
    return { hash, size: data.length, written: false, cloned: false }
  const temp = await createTemp(ctx)
  try {
    let done = 0
    while (done < data.length)
      done += (await temp.handle.write(data, done, data.length - done, done)).bytesWritten
  } catch (error) {
    await temp.discard()
    throw storeError(error, ctx.dir)
  }
  return commitTemp(ctx, temp, hash, data.length, false)
}
