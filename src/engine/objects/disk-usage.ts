/**
 * How much a directory holds on disk: the number and total size of its files, recursively (the object
 * store's size in project statistics).
 *
 * @example
 * directorySize('/p/objects/sha256')   // { files: 12, bytes: 48213 }
 */
import { readdirSync, statSync, type Dirent } from 'node:fs'
import { join } from 'node:path'

/** Number and total size of the files under `dir` (recursively); 0 when it does not exist. */
export function directorySize(dir: string): { files: number; bytes: number } {
  let files = 0
  let bytes = 0
  let entries: Dirent[]
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return { files, bytes }
  }
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      const inner = directorySize(path)
      files += inner.files
      bytes += inner.bytes
    } else if (entry.isFile()) {
      files++
      bytes += statSync(path).size
    }
  }
  return { files, bytes }
}
