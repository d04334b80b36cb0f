/**
 * The one hash of an Artifact: sha256 of the JSON array of [path, size, hash] of its files sorted by
 * path. Where the files were and when they were modified are left out, so the same data tracked from
 * another directory or machine has the same hash.
 *
 * @example
 * artifactHash([{ path: 'a.txt', size: 1, hash: 'ca97…' }])   // '5d0c…' (stable)
 */
import { createHash } from 'node:crypto'

/** The fields of a tracked file that the artifact hash covers. */
export interface HashedFile {
  path: string
  size: number
  hash: string
}

/** Files sorted by path (code-unit order, the same on every platform). */
export function sortByPath<T extends { path: string }>(files: T[]): T[] {
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

/** The hash of a set of tracked files (any order in; sorted inside). */
export function artifactHash(files: readonly HashedFile[]): string {
  const canonical = sortByPath([...files]).map((f) => [f.path, f.size, f.hash])
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex')
}
