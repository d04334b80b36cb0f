/**
 * What the file functions need from a run (a subset of the engine's FieldHost, which a Run and a RunView
 * satisfy), plus the two things a host may add: the project's warning handler and its object store.
 *
 * @example
 * const info = await uploadFile(run, 'model/weights', 'w.pt', {})
 * objectsOf(run).dir   // '<project>/objects'
 */
import type { Database } from '../driver/database.js'
import { getField, type FieldRow } from '../fields/store.js'
import type { RunWriter } from '../runs/writer.js'
import { printOncePerKind, type NereidWarning, type WarningHandler } from '../warnings.js'
import { ObjectStore } from '../objects/store.js'

/** The run the file functions act on. */
export interface FileHost {
  readonly database: Database
  readonly projectDir: string
  readonly rowId: number
  /** Writes buffered points so reads see them. */
  sync(): void
  /** The run's writer (throws a ReadOnlyError on a read-only view). */
  writer(): RunWriter
  /** The project's warning handler (default: print each kind once to stderr). */
  readonly onWarning?: WarningHandler
  /** The project's object store (default: one per project directory, made on first use). */
  readonly objects?: ObjectStore
}

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
