/**
 * Creates the directories above a download's destination one level at a time, from the nearest one that
 * exists. Node's `mkdir(…, { recursive: true })` spins forever on a path where mkdir answers ENOENT for a
 * parent that does exist (procfs, /proc/<x>/…); one non-recursive mkdir per missing level fails at once.
 *
 * @example
 * await makeParents('/tmp/out/a/b')   // creates out, out/a, out/a/b as needed
 * await makeParents('/proc/out')      // throws DOWNLOAD_FAILED (cannot create /proc/out)
 */
import { mkdir, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { ObjectStoreError } from './errors.js'
import { quoted } from '../quote.js'

/** Makes directory `dir` and its missing parents; throws DOWNLOAD_FAILED naming the level that failed. */
export async function makeParents(dir: string): Promise<void> {
  const missing: string[] = []
  let at = dir
  for (;;) {
    const found = await stat(at).catch(() => undefined)
    if (found) {
      if (found.isDirectory()) break
      throw failed(
        at,
        'it is a file',
        'A file is in the way of the destination directory; choose another destination.',
      )
    }
    missing.push(at)
    const up = dirname(at)
    if (up === at) break
    at = up
  }
  for (const level of missing.reverse()) {
    try {
      await mkdir(level)
    } catch (error) {
      if ((error as { code?: unknown }).code === 'EEXIST') continue // another download made it meanwhile
      throw failed(
        level,
        String((error as Error).message),
        'Download to a directory on a writable disk (not /proc or /sys).',
        error,
      )
    }
  }
}

function failed(dir: string, why: string, hint: string, cause?: unknown): ObjectStoreError {
  return new ObjectStoreError('DOWNLOAD_FAILED', `cannot create the directory ${quoted(dir)}: ${why}`, {
    hint,
    cause,
  })
}
