/**
 * Reading objects back: a download streams the object into a temp file beside the destination while
 * re-hashing it, and renames it into place only when the hash matches, so a damaged object never
 * produces a silently wrong file.
 *
 * @example
 * await copyOut(ctx, 'ab12…', 'out/weights.pt')   // throws CorruptDataError if the object is damaged
 */
import { createHash, randomBytes } from 'node:crypto'
import { basename, dirname, join } from 'node:path'
import { CorruptDataError } from '../errors.js'
import type { StoreContext } from './context.js'
import { inputError, outputError } from './errors.js'
import type { StoreHandle } from './io.js'
import { objectPath } from './layout.js'
import { makeParents } from './make-parents.js'
import { pump } from './pump.js'

/** The error for a referenced object that is not in the store. */
export function objectMissing(hash: string, dir: string): CorruptDataError {
  return new CorruptDataError('OBJECT_MISSING', `object ${hash} is missing from ${dir}`, {
    hint: 'The project lost a file it refers to (copied without objects/? removed by hand?); run `nereid verify` to list every loss.',
  })
}

/** The error for an object whose content no longer matches its name. */
export function objectCorrupt(hash: string, actual: string): CorruptDataError {
  return new CorruptDataError(
    'OBJECT_CORRUPT',
    `object ${hash} is damaged: its content hashes to ${actual}`,
    {
      hint: 'The stored copy changed on disk; run `nereid verify`, and upload the file again if you still have it.',
    },
  )
}

/** Opens object `hash` for reading; a CorruptDataError when it is missing. */
export async function openObject(ctx: StoreContext, hash: string): Promise<StoreHandle> {
  const path = objectPath(ctx.dir, hash)
  try {
    return await ctx.io.open(path, 'r')
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') throw objectMissing(hash, ctx.dir)
    throw inputError(error, path)
  }
}

/**
 * Writes object `hash` to the file `dest` (its directory is created), checking the hash on the way;
 * an existing `dest` is replaced.
 */
export async function copyOut(ctx: StoreContext, hash: string, dest: string): Promise<void> {
  const source = await openObject(ctx, hash)
  const temp = join(dirname(dest), `.${basename(dest)}.${randomBytes(6).toString('hex')}.nereid-tmp`)
  let out: StoreHandle | undefined
  try {
    try {
      await makeParents(dirname(dest)) // before mkdir -p, which spins on /proc
      await ctx.io.mkdir(dirname(dest), { recursive: true })
      out = await ctx.io.open(temp, 'wx', 0o644)
    } catch (error) {
      throw outputError(error, dest)
    }
    const sha = createHash('sha256')
    const sizeHint = Number((await source.stat({ bigint: true })).size)
    const mapRead = (e: unknown) => inputError(e, objectPath(ctx.dir, hash))
    await pump(source, out, sha, {
      mapRead,
      mapWrite: (e) => outputError(e, dest),
      syncEvery: 0,
      chunkBytes: ctx.chunkBytes,
      sizeHint,
    })
    const actual = sha.digest('hex')
    if (actual !== hash) throw objectCorrupt(hash, actual)
    await out.close()
    out = undefined
    await ctx.io.rename(temp, dest).catch((error: unknown) => {
      throw outputError(error, dest)
    })
  } catch (error) {
    await out?.close().catch(() => {})
    await ctx.io.unlink(temp).catch(() => {})
    throw error
  } finally {
    await source.close().catch(() => {})
  }
}
