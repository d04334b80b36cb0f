/**
 * Objects (file contents) shipped by hash before the rows that reference them: copied from the
 * project's `objects/sha256/ab/<hash>` to the same layout under a shared objects directory (a network
 * file system every host and the viewer see), through a temporary file and a rename, so a reader never
 * sees half an object and an object already there is not copied again.
 *
 * @example
 * const hashes = referencedHashes(['{"hash":"ab12…","name":"model.pt"}'])
 * await uploadObjects('/data/.nereid/demo', '/shared/objects', hashes)   // the hashes now in the shared dir
 */
import { copyFile, mkdir, rename, stat } from 'node:fs/promises'
import { join } from 'node:path'

/** The hashes (sha256, hex) named in JSON texts of file fields and FileSeries entries, sorted. */
export function referencedHashes(texts: Iterable<string | null>): string[] {
  const found = new Set<string>()
  for (const text of texts) {
    if (!text || !text.includes('"hash"')) continue
    for (const match of text.matchAll(/"hash"\s*:\s*"([0-9a-f]{64})"/g)) found.add(match[1]!)
  }
  return [...found].sort()
}

/** Where object `hash` lives below an objects root (the project's `objects`, or the shared directory). */
export function objectPath(root: string, hash: string): string {
  return join(root, 'sha256', hash.slice(0, 2), hash)
}

/** Copies the objects the shared directory lacks; returns [hash, size] of each one present locally. */
export async function uploadObjects(
  projectDir: string,
  sharedDir: string,
  hashes: string[],
): Promise<[string, number][]> {
  const present: [string, number][] = []
  for (const hash of hashes) {
    const from = objectPath(join(projectDir, 'objects'), hash)
    const size = await stat(from).then(
      (s) => s.size,
      () => -1,
    )
    if (size < 0) continue // referenced but missing locally (verify reports it); nothing to ship
    const to = objectPath(sharedDir, hash)
    const there = await stat(to).then(
      (s) => s.size === size,
      () => false,
    )
    if (!there) {
      await mkdir(join(to, '..'), { recursive: true })
      const partial = `${to}.${process.pid}.partial`
      await copyFile(from, partial)
      await rename(partial, to)
    }
    present.push([hash, size])
  }
  return present
}
