/**
 * Garbage collection: removes objects no field refers to, once they are older (by mtime) than a grace
 * period, and temp files left by crashed copies. The grace period protects an object whose reference is
 * still buffered in a running writer: every put, even a deduplicated one, refreshes the object's mtime.
 *
 * @example
 * const report = await collectGarbage(ctx, () => referencedHashes, { graceMs: 0, dryRun: true })
 * report.removed   // [{ hash, size }] that a real run would remove
 */
import type { StoreContext } from './context.js'
import { walkObjects, listTemps } from './list.js'

/** Options of a gc. */
export interface GcOptions {
  /** Keep unreferenced objects modified less than this long ago, in ms (default one day). */
  graceMs?: number
  /** List what would be removed, remove nothing (default false). */
  dryRun?: boolean
}

/** What a gc removed (or, in a dry run, would remove). */
export interface GcReport {
  dryRun: boolean
  graceMs: number
  /** Objects removed. */
  removed: { hash: string; size: number }[]
  removedBytes: number
  /** Objects kept because a field refers to them. */
  referenced: number
  /** Objects no field refers to, kept because they are younger than the grace period. */
  young: number
  /** Temp files of interrupted copies removed. */
  temps: { path: string; size: number }[]
}

/** One day: longer than any writer keeps a reference buffered. */
export const DEFAULT_GRACE_MS = 24 * 60 * 60 * 1000

async function mtimeOf(ctx: StoreContext, path: string): Promise<number | undefined> {
  try {
    return Number((await ctx.io.stat(path, { bigint: true })).mtimeNs / 1_000_000n)
  } catch {
    return undefined
  }
}

/**
 * Removes the objects of the store whose hash is not in `referenced()` and whose mtime is older than the
 * grace period. `referenced` is called after the store is listed, so an object put after the listing is
 * never a candidate, and one put before it is either referenced or young. `onObject(n, total)` is called
 * before each object is looked at (a recorded operation's progress; it may throw to stop between removals).
 */
export async function collectGarbage(
  ctx: StoreContext,
  referenced: () => ReadonlySet<string>,
  options: GcOptions = {},
  onObject?: (seen: number, total: number) => void,
): Promise<GcReport> {
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS
  const dryRun = options.dryRun ?? false
  const objects = []
  for await (const entry of walkObjects(ctx)) if (entry.kind === 'object') objects.push(entry)
  const refs = referenced()
  const cutoff = Date.now() - graceMs
  const report: GcReport = {
    dryRun,
    graceMs,
    removed: [],
    removedBytes: 0,
    referenced: 0,
    young: 0,
    temps: [],
  }
  for (const [seen, object] of objects.entries()) {
    onObject?.(seen, objects.length)
    if (refs.has(object.hash)) {
      report.referenced++
      continue
    }
    // Look again just before removing: a put that deduplicated onto this object has refreshed its mtime.
    const mtime = dryRun ? object.mtimeMs : await mtimeOf(ctx, object.path)
    if (mtime === undefined) continue
    if (mtime > cutoff) {
      report.young++
      continue
    }
    if (!dryRun) {
      try {
        await ctx.io.unlink(object.path)
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'ENOENT') throw error
        continue
      }
    }
    report.removed.push({ hash: object.hash, size: object.size })
    report.removedBytes += object.size
  }
  for (const temp of await listTemps(ctx)) {
    if (temp.mtimeMs > cutoff) continue
    if (!dryRun) await ctx.io.unlink(temp.path).catch(() => {})
    report.temps.push({ path: temp.path, size: temp.size })
  }
  return report
}
