/**
 * The directory argument of `openProject`, checked before anything is created: a non-empty string that
 * does not name an existing file. (`''` would resolve to the working directory and create project.db
 * there; a regular file would fail deep inside mkdir with EEXIST.)
 *
 * @example
 * checkProjectDir('.nereid/demo')   // '.nereid/demo'
 * checkProjectDir('')               // throws INVALID_PROJECT_DIR
 */
import { statSync } from 'node:fs'
import { InvalidOptionError, NotFoundError } from './errors.js'
import { quoted } from './quote.js'

/** Returns `dir` if it can be a project directory; throws otherwise. */
export function checkProjectDir(dir: unknown): string {
  if (typeof dir !== 'string' || dir.length === 0) {
    const got = typeof dir === 'string' ? 'an empty string' : dir === null ? 'null' : typeof dir
    throw new InvalidOptionError('INVALID_PROJECT_DIR', `openProject() needs a directory path, got ${got}`, {
      hint: "Pass the project's directory, such as openProject('.nereid/demo'); use '.' for the working directory.",
    })
  }
  const found = statSync(dir, { throwIfNoEntry: false })
  if (found && !found.isDirectory()) {
    throw new NotFoundError('NOT_A_DIRECTORY', `${quoted(dir)} is a file, not a project directory`, {
      hint: 'Pass the directory that holds project.db (not project.db itself), or a path that does not exist yet to create a project.',
    })
  }
  return dir
}
