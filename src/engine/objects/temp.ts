/**
 * Temp files of the object store: `objects/tmp/<pid>-<random>.tmp`, created exclusively, on the same file
 * system as the final object so the last step is an atomic rename. A failed copy removes its temp file.
 *
 * @example
 * const temp = await createTemp(ctx)
 * try { await temp.handle.write(bytes, 0, bytes.length, 0) } catch (e) { await temp.discard(); throw e }
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { ensureDir, type StoreContext } from './context.js'
import { storeError } from './errors.js'
import type { StoreHandle } from './io.js'
import { tmpDirOf } from './layout.js'

/** An open temp file. */
export interface TempFile {
  readonly path: string
  readonly handle: StoreHandle
  /** Closes the handle (once). */
  close(): Promise<void>
  /** Closes and removes the file; never throws. */
  discard(): Promise<void>
}

/** A temp name no user input contributes to. */
export function tempName(ctx: StoreContext): string {
  return join(tmpDirOf(ctx.dir), `${process.pid}-${randomBytes(8).toString('hex')}.tmp`)
}

/** Wraps an open temp file. */
export function tempFile(ctx: StoreContext, path: string, handle: StoreHandle): TempFile {
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    await handle.close()
  }
  return {
    path,
    handle,
    close,
    discard: async () => {
      await close().catch(() => {})
      await ctx.io.unlink(path).catch(() => {})
    },
  }
}

/** Creates and opens a new temp file for writing. */
export async function createTemp(ctx: StoreContext): Promise<TempFile> {
  const dir = tmpDirOf(ctx.dir)
  for (let attempt = 0; ; attempt++) {
    try {
      await ensureDir(ctx, dir)
      const path = tempName(ctx)
      return tempFile(ctx, path, await ctx.io.open(path, 'wx', 0o644))
    } catch (error) {
      // objects/ was removed while this process remembered it: make it again, once.
      if (attempt === 0 && (error as { code?: unknown }).code === 'ENOENT' && ctx.madeDirs.delete(dir))
        continue
      throw storeError(error, ctx.dir)
    }
  }
}
