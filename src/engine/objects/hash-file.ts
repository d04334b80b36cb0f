/**
 * Hashing a file in place, without storing it (an Artifact tracks files this way): one streaming read,
 * the same before/after checks as a put, retried once if the file changes meanwhile.
 *
 * @example
 * const { hash, size, mtimeMs } = await hashFile(nodeIo, 'data/train.csv')
 */
import { createHash } from 'node:crypto'
import { FileChangedError, inputError } from './errors.js'
import { fileChanged, sameVersion, statInput } from './input.js'
import type { StoreHandle, StoreIo } from './io.js'
import { pump } from './pump.js'

/** A file's digest and the stat it was taken at. */
export interface FileDigest {
  hash: string
  size: number
  /** Modification time in ms since the epoch. */
  mtimeMs: number
}

async function hashOnce(io: StoreIo, path: string): Promise<FileDigest> {
  const before = await statInput(io, path)
  let handle: StoreHandle
  try {
    handle = await io.open(path, 'r')
  } catch (error) {
    throw inputError(error, path)
  }
  try {
    const hash = createHash('sha256')
    const size = await pump(handle, undefined, hash, {
      mapRead: (e) => inputError(e, path),
      sizeHint: Number(before.size),
    })
    const after = await handle.stat({ bigint: true })
    if (!sameVersion(before, after) || size !== Number(after.size)) throw fileChanged(path)
    return { hash: hash.digest('hex'), size, mtimeMs: Number(after.mtimeNs / 1_000_000n) }
  } finally {
    await handle.close().catch(() => {})
  }
}

/** sha256, size and mtime of the regular file at `path`; the typed input errors of a put. */
export async function hashFile(io: StoreIo, path: string): Promise<FileDigest> {
  try {
    return await hashOnce(io, path)
  } catch (error) {
    if (!(error instanceof FileChangedError)) throw error
  }
  return hashOnce(io, path)
}
