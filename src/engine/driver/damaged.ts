/**
 * The error for a project.db that SQLite reads as damaged (a truncated or partly overwritten file, code
 * SQLITE_CORRUPT), kept apart from NOT_A_PROJECT (a file of another kind): the fix is not another path
 * but a restore.
 *
 * @example
 * throw notAProjectOrDamaged(file, error, notAProject)   // DAMAGED_PROJECT for SQLITE_CORRUPT, else notAProject's
 */
import { CorruptDataError, type NereidError } from '../errors.js'

/** True if `error` (or its cause) is SQLite's "database disk image is malformed". */
export function isCorrupt(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'SQLITE_CORRUPT' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT_'))
}

/** DAMAGED_PROJECT when SQLite says the file is malformed, else the error `otherwise` makes. */
export function notAProjectOrDamaged(
  file: string,
  cause: unknown,
  otherwise: (file: string, cause: unknown) => NereidError,
): NereidError {
  if (!isCorrupt(cause)) return otherwise(file, cause)
  return new CorruptDataError('DAMAGED_PROJECT', `${file} looks damaged (truncated or overwritten)`, {
    hint: 'Do not write to it: run `nereid verify <dir>` to see what still reads, then restore the project from a backup or from a copy made by `nereid export` (SQLite `.recover` may save the rest).',
    cause,
  })
}
