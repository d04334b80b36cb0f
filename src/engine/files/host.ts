/**
 * What the file functions need from a run (its RunContext), and the helpers they share: the object store,
 * warnings, and a field row read after a flush.
 *
 * @example
 * const info = await uploadFile(run, 'model/weights', 'w.pt', {})
 * objectsOf(run).dir   // '<project>/objects'
 */
import { getField, type FieldRow } from '../fields/store.js'
import type { RunContext } from '../runs/context.js'
import { printOncePerKind, type NereidWarning, type WarningHandler } from '../warnings.js'
import { ObjectStore } from '../objects/store.js'

/** The run the file functions act on (runs/context.ts). */
export type FileHost = RunContext

const stores = new Map<string, ObjectStore>()
let fallbackWarn: WarningHandler | undefined

/** The object store of `host`'s project. */
export function objectsOf(host: FileHost): ObjectStore {
  if (host.objects) return host.objects
  let store = stores.get(host.projectDir)
  if (!store) stores.set(host.projectDir, (store = new ObjectStore(host.projectDir)))
  return store
}

/** Reports a warning through the host's handler. */
export function warn(host: FileHost, warning: NereidWarning): void {
  ;(host.onWarning ?? (fallbackWarn ??= printOncePerKind()))(warning)
}

/** The row of field `path` after flushing the run's buffer, if the field exists. */
export function fieldRow(host: FileHost, path: string): FieldRow | undefined {
  host.sync()
  return host.database.read((db) => getField(db, host.rowId, path))
}
