/**
 * How much a directory holds on disk: the number and total size of its files, recursively (the object
 * store's size in project statistics). The object store's fan-out directories (objects/sha256/<2 hex>)
 * are remembered by their modification and change times: a directory whose times did not move since the
 * last call is not read again, so a project's size costs one stat per fan-out directory, not one per
 * object.
 *
 * @example
 * directorySize('/p/objects/sha256')   // { files: 12, bytes: 48213 }
 */
import { readdirSync, statSync, type Dirent } from 'node:fs'
import { join } from 'node:path'

interface Remembered {
  stamp: string
  files: number
  bytes: number
}

/** What each directory held when its times were `stamp`; a directory's entries change its mtime and ctime. */
const remembered = new Map<string, Remembered>()
/** Most directories remembered (a workspace of ~1,000 projects of 256 fan-out directories each). */
const MOST_REMEMBERED = 262_144

/** A directory changed this recently (ms) is read again: a coarse clock may give the next change its time. */
const SETTLE_MS = 2_000

/** The directory's identity and times, or null when it changed too recently to be remembered. */
function stampOf(dir: string): string | null | undefined {
  try {
    const s = statSync(dir, { bigint: true })
    if (Date.now() - Number(s.mtimeMs) < SETTLE_MS) return null
    return `${s.mtimeNs}:${s.ctimeNs}:${s.ino}`
  } catch {
    return undefined
  }
}

/** Files and bytes directly in `dir` (its subdirectories apart), read from the disk. */
function sizeOf(dir: string, entries: Dirent[]): { files: number; bytes: number } {
  let files = 0
  let bytes = 0
  for (const entry of entries) {
    if (!entry.isFile()) continue
    try {
      bytes += statSync(join(dir, entry.name)).size
      files++
    } catch {
      // removed meanwhile (gc)
    }
  }
  return { files, bytes }
}

/** Number and total size of the files under `dir` (recursively); 0 when it does not exist. */
export function directorySize(dir: string): { files: number; bytes: number } {
  const stamp = stampOf(dir)
  if (stamp === undefined) return { files: 0, bytes: 0 }
  let entries: Dirent[]
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return { files: 0, bytes: 0 }
  }
  let files = 0
  let bytes = 0
  const known = remembered.get(dir)
  if (stamp !== null && known?.stamp === stamp) {
    files = known.files
    bytes = known.bytes
  } else {
    ;({ files, bytes } = sizeOf(dir, entries))
    if (remembered.size >= MOST_REMEMBERED) remembered.clear()
    if (stamp !== null) remembered.set(dir, { stamp, files, bytes })
  }
  for (const entry of entries) {
    if (!entry.isDirectory()) continue
    const inner = directorySize(join(dir, entry.name))
    files += inner.files
    bytes += inner.bytes
  }
  return { files, bytes }
}
