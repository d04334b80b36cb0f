/**
 * Objects (file contents) shipped by hash before the rows that reference them: from the project's
 * `objects/sha256/ab/<hash>` to the hub's objects store (a shared directory, through a temporary file and
 * a rename, or an S3-compatible bucket: src/hub/hub-objects.ts), so a reader never sees half an object;
 * an object already there with its size is not sent again.
 *
 * @example
 * const hashes = referencedHashes(['{"hash":"ab12…","name":"model.pt"}'])
 * await uploadObjects('/data/.nereid/demo', hubObjects('/shared/objects'), hashes)   // [[hash, size], …]
 */
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { HubObjects } from './objects-store.js'

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

/** Puts the objects the store lacks; returns [hash, size] of each one present locally. */
export async function uploadObjects(
  projectDir: string,
  store: HubObjects,
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
    if ((await store.size(hash)) !== size) await store.put(hash, from, size)
    present.push([hash, size])
  }
  return present
}
