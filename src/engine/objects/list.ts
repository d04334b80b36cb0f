/**
 * Walking the store: every object under `objects/sha256/xx/`, anything else found there (strays: a file
 * whose name is not a hash, or sits in the wrong shard), and the temp files under `objects/tmp/`.
 *
 * @example
 * for await (const entry of walkObjects(ctx)) if (entry.kind === 'object') console.log(entry.hash, entry.size)
 */
import { join } from 'node:path'
import type { StoreContext } from './context.js'
import { ALGORITHM, isHash, tmpDirOf } from './layout.js'

/** One file met in the store. */
export type StoreEntry =
  | { kind: 'object'; hash: string; path: string; size: number; mtimeMs: number }
  | { kind: 'stray'; path: string }

async function entries(ctx: StoreContext, dir: string) {
  try {
    return await ctx.io.readdir(dir, { withFileTypes: true })
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return []
    throw error
  }
}

/** Every object and stray of the store, shard by shard. */
export async function* walkObjects(ctx: StoreContext): AsyncGenerator<StoreEntry> {
  const root = join(ctx.dir, ALGORITHM)
  for (const shard of await entries(ctx, root)) {
    const shardPath = join(root, shard.name)
    if (!shard.isDirectory() || !/^[0-9a-f]{2}$/.test(shard.name)) {
      yield { kind: 'stray', path: shardPath }
      continue
    }
    for (const file of await entries(ctx, shardPath)) {
      const path = join(shardPath, file.name)
      if (!file.isFile() || !isHash(file.name) || !file.name.startsWith(shard.name)) {
        yield { kind: 'stray', path }
        continue
      }
      try {
        const stat = await ctx.io.stat(path, { bigint: true })
        yield {
          kind: 'object',
          hash: file.name,
          path,
          size: Number(stat.size),
          mtimeMs: Number(stat.mtimeNs / 1_000_000n),
        }
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'ENOENT') throw error // removed meanwhile
      }
    }
  }
}

/** The temp files of the store with their size and mtime. */
export async function listTemps(
  ctx: StoreContext,
): Promise<{ path: string; size: number; mtimeMs: number }[]> {
  const out = []
  const dir = tmpDirOf(ctx.dir)
  for (const file of await entries(ctx, dir)) {
    const path = join(dir, file.name)
    try {
      const stat = await ctx.io.lstat(path, { bigint: true })
      out.push({ path, size: Number(stat.size), mtimeMs: Number(stat.mtimeNs / 1_000_000n) })
    } catch {
      // gone meanwhile
    }
  }
  return out
}
