/**
 * Errors of an export that are about where it writes: an output that is a file, or a directory that
 * already holds something (an export never mixes its parts with other files).
 *
 * @example
 * throw new ExportError('OUT_NOT_EMPTY', `${out} is not empty`, { hint: 'Export into a new or empty directory.' })
 */
import { NereidError } from '../index.js'

/** An export that cannot write where it was asked to. */
export class ExportError extends NereidError {
  override readonly name = 'ExportError'
}
