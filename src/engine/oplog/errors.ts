/**
 * The error every read of an oplog-mode project or run throws: such a process writes only its inbox/
 * file and never opens project.db, so what it wrote becomes readable once merged.
 *
 * @example
 * throw oplogModeRead('run.fetch()')   // ReadOnlyError, code OPLOG_MODE_READ
 */
import { ReadOnlyError } from '../errors.js'

/** OPLOG_MODE_READ for the read `what`. */
export function oplogModeRead(what: string): ReadOnlyError {
  return new ReadOnlyError(
    'OPLOG_MODE_READ',
    `${what} needs a merged project: this process writes in oplog mode and does not open project.db`,
    {
      hint: "Run `nereid merge PROJECT` (or keep `nereid watch PROJECT` running), then read with openProject(dir, { mode: 'db' }).",
    },
  )
}
