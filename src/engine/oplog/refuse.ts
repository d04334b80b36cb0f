/**
 * What an oplog-mode handle answers for the members of Project, Run and Field it cannot serve: a read
 * throws OPLOG_MODE_READ (it needs a merged project.db), a write the oplog does not record throws
 * OPLOG_MODE_UNSUPPORTED — on access, so `project.stats()`, `project.models.create()` and `run.events`
 * all fail with the typed error, never a TypeError. This matters because `openProject(dir)` is typed
 * `Project` while NEREID_MODE or a network file system can make it an OplogProject at run time.
 *
 * @example
 * refuseMembers(OplogProject.prototype, () => 'project', { reads: ['stats'], unsupported: ['gc'] })
 * openProject(dir, { mode: 'oplog' }).stats()   // ReadOnlyError OPLOG_MODE_READ
 */
import { ReadOnlyError } from '../errors.js'
import { oplogModeRead } from './errors.js'

/** OPLOG_MODE_UNSUPPORTED for `what`, which the oplog does not record. */
export function oplogModeUnsupported(what: string): ReadOnlyError {
  return new ReadOnlyError(
    'OPLOG_MODE_UNSUPPORTED',
    `${what} is not available in oplog mode, which records runs, fields, series, tags and files only`,
    {
      hint: "Do it where project.db can be opened — openProject(dir, { mode: 'db' }) — after `nereid merge PROJECT`.",
    },
  )
}

/** The members of the database handle an oplog handle refuses, by kind. */
export interface RefusedMembers {
  reads: readonly string[]
  unsupported: readonly string[]
}

/** Defines each member of `refused` on `proto` as a getter that throws the typed error naming `owner(handle).member`. */
export function refuseMembers<T extends object>(
  proto: T,
  owner: (handle: T) => string,
  refused: RefusedMembers,
): void {
  const define = (name: string, error: (what: string) => Error): void => {
    Object.defineProperty(proto, name, {
      configurable: true,
      enumerable: false,
      get(this: T) {
        throw error(`${owner(this)}.${name}`)
      },
    })
  }
  for (const name of refused.reads) define(name, oplogModeRead)
  for (const name of refused.unsupported) define(name, oplogModeUnsupported)
}
