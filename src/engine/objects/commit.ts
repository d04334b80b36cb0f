/**
 * The last step of a put: if an object with this hash and size already exists, refresh its mtime (so gc's
 * grace period protects it until the new reference is flushed) and drop the temp file; otherwise fsync
 * the temp file, make it read-only, rename it to `objects/sha256/ab/<hash>` and fsync that directory.
 *
 * @example
 * const result = await commitTemp(ctx, temp, hash, size, false)   // { hash, size, written: true, cloned: false }
 */
import { join } from 'node:path'
import { ensureDir, syncDir, type StoreContext } from './context.js'
import { storeError } from './errors.js'
import { objectPath, shardDir } from './layout.js'
import type { TempFile } from './temp.js'

/** What a put did. */
export interface PutResult {
  /** sha256 of the content, lowercase hex. */
  hash: string
  size: number
  /** False when the object already existed (deduplicated: nothing was written to objects/sha256/). */
  written: boolean
  /** True when the copy was a copy-on-write clone. */
  cloned: boolean
}

function errnoOf(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code
}

/**
 * True if object `hash` exists with `size` bytes; its mtime is then set to now (best effort: a file
 * another user owns keeps its mtime). A stored object of the wrong size counts as absent, so the new
 * copy replaces it.
 */
export async function touchExisting(ctx: StoreContext, hash: string, size: number): Promise<boolean> {
  const path = objectPath(ctx.dir, hash)
  try {
    const stat = await ctx.io.stat(path, { bigint: true })
    if (!stat.isFile() || Number(stat.size) !== size) return false
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return false
    throw storeError(error, ctx.dir)
  }
  const now = new Date()
  await ctx.io.utimes(path, now, now).catch(() => {})
  return true
}

async function renameIntoPlace(ctx: StoreContext, from: string, hash: string): Promise<void> {
  const dir = shardDir(ctx.dir, hash)
  await ensureDir(ctx, dir)
  try {
    await ctx.io.rename(from, join(dir, hash))
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT') throw error
    ctx.madeDirs.delete(dir) // the shard directory was removed behind our back: make it again, once
    await ensureDir(ctx, dir)
    await ctx.io.rename(from, join(dir, hash))
  }
  await syncDir(ctx, dir)
}

/** Turns a complete temp file holding content `hash` into the object (or drops it if the object exists). */
export async function commitTemp(
  ctx: StoreContext,
  temp: TempFile,
  hash: string,
  size: number,
  cloned: boolean,
): Promise<PutResult> {
  try {
    if (await touchExisting(ctx, hash, size)) {
      await temp.discard()
      return { hash, size, written: false, cloned }
    }
    await temp.handle.sync()
    await temp.close()
    await ctx.io.chmod(temp.path, 0o444)
    await renameIntoPlace(ctx, temp.path, hash)
    return { hash, size, written: true, cloned }
  } catch (error) {
    await temp.discard()
    throw storeError(error, ctx.dir)
  }
}
