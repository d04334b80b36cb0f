/**
 * The state an object store carries between calls: its directory, its I/O layer, whether a copy-on-write
 * clone into it works, and which shard directories already exist. Shared by put, read, gc and verify.
 *
 * @example
 * const ctx = storeContext('/p/objects', nodeIo)
 */
import type { StoreIo } from './io.js'

/** When the overlapped copy is taken: files of at least `minBytes`, at rest for `quietMs`. */
export interface OverlapOptions {
  /** Default 64 MiB; below it the one-pass loop is as fast (the overlap pays an extra open and read). */
  minBytes: number
  /** Default 2000 ms. */
  quietMs: number
}

/** The defaults of {@link OverlapOptions} (see overlap.ts). */
export const OVERLAP_DEFAULTS: OverlapOptions = { minBytes: 64 << 20, quietMs: 2000 }

/** What every object-store function is given. */
export interface StoreContext {
  /** The objects/ directory. */
  readonly dir: string
  readonly io: StoreIo
  /** Bytes per read of a copy (tests shrink it). */
  readonly chunkBytes: number | undefined
  /** Whether a COW clone into this store works: undefined until tried, then remembered. */
  cloneSupported: boolean | undefined
  /** Shard directories known to exist. */
  readonly madeDirs: Set<string>
  /** Files this store has put, by identity and version (dev:ino:size:mtimeNs), to their hash. */
  readonly seen: Map<string, string>
  /** When a large file is copied by the kernel while it is hashed (see overlap.ts). */
  readonly overlap: OverlapOptions
}

/**
 * A fresh context for the store at `dir`.
 *
 * @example
 * storeContext('/p/objects', nodeIo).cloneSupported   // undefined (not tried yet)
 */
export function storeContext(
  dir: string,
  io: StoreIo,
  chunkBytes?: number,
  overlap: Partial<OverlapOptions> = {},
): StoreContext {
  return {
    dir,
    io,
    chunkBytes,
    cloneSupported: undefined,
    madeDirs: new Set(),
    seen: new Map(),
    overlap: { ...OVERLAP_DEFAULTS, ...overlap },
  }
}

/** Creates `dir` (and its parents) once per context. */
export async function ensureDir(ctx: StoreContext, dir: string): Promise<void> {
  if (ctx.madeDirs.has(dir)) return
  await ctx.io.mkdir(dir, { recursive: true })
  ctx.madeDirs.add(dir)
}

/** fsync of a directory, so a rename into it survives a crash; a no-op where the OS refuses it. */
export async function syncDir(ctx: StoreContext, dir: string): Promise<void> {
  let handle
  try {
    handle = await ctx.io.open(dir, 'r')
    await handle.sync()
  } catch {
    // Some systems cannot fsync a directory (EISDIR, EINVAL); the rename is then as durable as they allow.
  } finally {
    await handle?.close().catch(() => {})
  }
}
