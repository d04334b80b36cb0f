/**
 * Where objects live: `objects/sha256/<first two hex digits>/<64 hex digits>` inside the project
 * directory, temp files in `objects/tmp/`. Paths are built from validated hashes only, so neither a
 * user's file name nor a corrupt reference can name a path under objects/.
 *
 * @example
 * objectPath('/p/objects', 'ab12…')   // '/p/objects/sha256/ab/ab12…'
 * isHash('../../etc/passwd')           // false
 */
import { join } from 'node:path'
import { CorruptDataError } from '../errors.js'

/** The object store's directory inside a project directory. */
export const OBJECTS_DIR = 'objects'
/** The hash algorithm, also the name of the directory under objects/. */
export const ALGORITHM = 'sha256'
/** Temp files (copies in progress) live here, on the same file system as their final place. */
export const TMP_DIR = 'tmp'

const HEX64 = /^[0-9a-f]{64}$/

/** True for a lowercase sha256 hex digest. */
export function isHash(value: unknown): value is string {
  return typeof value === 'string' && HEX64.test(value)
}

/** Returns `value` if it is a sha256 hex digest; else throws a CorruptDataError naming `where`. */
export function checkHash(value: unknown, where: string): string {
  if (isHash(value)) return value
  throw new CorruptDataError(
    'INVALID_REFERENCE',
    `${where} refers to ${JSON.stringify(value)}, which is not a sha256 hex digest`,
    {
      hint: 'project.db holds a damaged file reference; run `nereid verify` to list every one.',
    },
  )
}

/** `objects/` of the project at `projectDir`. */
export function objectsDirOf(projectDir: string): string {
  return join(projectDir, OBJECTS_DIR)
}

/** The directory of the objects whose hash starts like `hash`. */
export function shardDir(objectsDir: string, hash: string): string {
  return join(objectsDir, ALGORITHM, hash.slice(0, 2))
}

/** The path of object `hash` (validated). */
export function objectPath(objectsDir: string, hash: string): string {
  return join(shardDir(objectsDir, checkHash(hash, 'a reference')), hash)
}

/** The temp directory of the store. */
export function tmpDirOf(objectsDir: string): string {
  return join(objectsDir, TMP_DIR)
}
