/**
 * Checks on the user's file before and after a copy: it must be a regular file (symbolic links are
 * followed), and it must be the same file with the same size and mtime when the copy ends, else the copy
 * is retried once and then refused with a FileChangedError.
 *
 * @example
 * const before = await statInput(io, 'w.pt')         // throws FileNotFoundError, NotAFileError, …
 * if (!sameVersion(before, after)) throw fileChanged('w.pt')
 */
import type { BigIntStats } from 'node:fs'
import { FileChangedError, inputError, notAFile } from './errors.js'
import type { StoreIo } from './io.js'

/** Stats of the regular file at `path` (following links); typed errors for everything else. */
export async function statInput(io: StoreIo, path: string): Promise<BigIntStats> {
  let stat: BigIntStats
  try {
    stat = await io.stat(path, { bigint: true })
  } catch (error) {
    throw inputError(error, path)
  }
  if (stat.isDirectory()) throw notAFile(path, 'a directory')
  if (!stat.isFile()) throw notAFile(path, 'a special file (a device, a FIFO or a socket)')
  return stat
}

/** True when `a` and `b` describe the same file with the same size and modification time. */
export function sameVersion(a: BigIntStats, b: BigIntStats): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs
}

/**
 * The error for a file that changed during its copy.
 *
 * @example
 * throw fileChanged('train.log')
 */
export function fileChanged(path: string): FileChangedError {
  return new FileChangedError(
    'FILE_CHANGED',
    `${path} changed while it was being copied (its size or modification time moved), twice in a row`,
    {
      hint: 'Upload the file once whatever writes it has finished (e.g. after the checkpoint is saved), or copy it aside first.',
    },
  )
}
