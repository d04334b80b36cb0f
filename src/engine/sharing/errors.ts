/**
 * Why an archive or project handed to `project.import()` was refused, with nothing written: each case has
 * its own code (ARCHIVE_UNSAFE_PATH, ARCHIVE_LINK, ARCHIVE_DEVICE, ARCHIVE_ENTRY_TYPE, ARCHIVE_UNEXPECTED_ENTRY,
 * ARCHIVE_TRUNCATED, ARCHIVE_CORRUPT, OBJECT_HASH_MISMATCH, OBJECT_MISSING); a newer format and a file that
 * is not a project keep the engine's FORMAT_TOO_NEW and NOT_A_PROJECT.
 *
 * @example
 * try { await project.import('shared.tar') }
 * catch (e) { if (e instanceof ArchiveError && e.code === 'ARCHIVE_UNSAFE_PATH') console.error(e.hint) }
 */
import { NereidError } from '../errors.js'
import { TarFormatError } from '../../format/tar/ustar.js'

/** An archive or exported project refused on import. */
export class ArchiveError extends NereidError {
  override readonly name = 'ArchiveError'
}

const NOTHING = 'Nothing was written to the project.'

/** An ArchiveError `code` about `what`. */
export function archiveError(
  code: string,
  message: string,
  hint = 'Ask for a new export (nereid export PROJECT OUT --tar); do not edit archives by hand.',
): ArchiveError {
  return new ArchiveError(code, message, { hint: `${hint} ${NOTHING}` })
}

/** The ArchiveError of a TarFormatError (or `error` unchanged). */
export function fromTarError(error: unknown, file: string): unknown {
  if (!(error instanceof TarFormatError)) return error
  const code = error.code === 'TAR_TRUNCATED' ? 'ARCHIVE_TRUNCATED' : 'ARCHIVE_CORRUPT'
  const hint =
    code === 'ARCHIVE_TRUNCATED'
      ? 'The archive was cut short (an interrupted copy or download); copy it again.'
      : undefined
  return archiveError(code, `${file}: ${error.message}`, hint)
}

/**
 * A run in both projects that cannot be merged (a field of another type, another fork parent, a custom
 * run id or model taken by a different run), with `onConflict: 'fail'` (code IMPORT_CONFLICT).
 */
export class ImportConflictError extends NereidError {
  override readonly name = 'ImportConflictError'
}
