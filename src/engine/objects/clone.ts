/**
 * Copy-on-write clones: on file systems that share blocks between files (btrfs, XFS with reflink, APFS,
 * ZFS 2.2+), `copyFile(..., COPYFILE_FICLONE_FORCE)` makes the temp copy in constant time, and the store
 * then only has to hash it. Elsewhere (ext4, tmpfs) the clone fails at once; the store remembers that and
 * streams instead.
 *
 * @example
 * const temp = await cloneToTemp(ctx, '/data/w.pt')   // a TempFile holding the clone, or undefined
 */
import { ensureDir, type StoreContext } from './context.js'
import { CLONE_ONLY } from './io.js'
import { tmpDirOf } from './layout.js'
import { tempFile, tempName, type TempFile } from './temp.js'

/** errno values meaning "this file system cannot clone into the store". */
const UNSUPPORTED = new Set(['ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EINVAL', 'ENOTTY'])

/**
 * Clones `source` into a new temp file opened for reading and fsync, or returns undefined when no clone
 * can be made (the caller then copies by streaming, which also reports any problem with the source).
 */
export async function cloneToTemp(ctx: StoreContext, source: string): Promise<TempFile | undefined> {
  if (ctx.cloneSupported === false) return undefined
  const path = tempName(ctx)
  try {
    await ensureDir(ctx, tmpDirOf(ctx.dir))
    await ctx.io.copyFile(source, path, CLONE_ONLY)
  } catch (error) {
    await ctx.io.unlink(path).catch(() => {})
    const code = (error as { code?: unknown } | null)?.code
    // EXDEV (the source is on another file system) says nothing about later sources: keep trying.
    if (typeof code === 'string' && UNSUPPORTED.has(code)) ctx.cloneSupported = false
    return undefined
  }
  ctx.cloneSupported = true
  try {
    return tempFile(ctx, path, await ctx.io.open(path, 'r+'))
  } catch {
    await ctx.io.unlink(path).catch(() => {})
    return undefined
  }
}
