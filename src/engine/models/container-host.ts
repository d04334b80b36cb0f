/**
 * What models and experiments need from their project: the database, the run id prefix, and a way to open
 * a field container (a model or a model version) for writing. The containers a model or version opens are
 * tracked here, so that deleting a model can first flush and close the handles still open on it: a
 * buffered write must not reach project.db after its container's rows are gone.
 *
 * @example
 * const container = openTracked(host, identity)   // a Run-like handle with field(), fetch(), close()
 * closeTracked(host, [identity.rowId])            // before deleting that container
 */
import type { Database } from '../driver/database.js'
import type { NotFoundError } from '../errors.js'
import type { Run } from '../run.js'
import { containerIdentity } from '../runs/store.js'
import type { RunWriter } from '../runs/writer.js'
import type { RunIdentity } from '../run-view.js'

/** A container open for writing: its handle and, for Nereid's own sys/ writes, its writer. */
export interface OpenContainer {
  run: Run
  writer: RunWriter
}

/** The project side of models and experiments. */
export interface ContainerHost {
  readonly database: Database
  /** The run id prefix, DEMO in DEMO-1. */
  readonly key: string
  /** Opens a container for writing (no capture, no heartbeat); the project closes it at close(). */
  openContainer(identity: RunIdentity): OpenContainer
  /** Writes what open runs and containers buffered, before a table is read. */
  flushOpenContainers?(): void
}

/** Open container handles per host, by container row id. */
const tracked = new WeakMap<ContainerHost, Map<number, Set<OpenContainer>>>()

/**
 * Opens container `identity` through `host` and remembers the handle; throws `notFound` when the
 * container no longer exists (its model was deleted).
 */
export function openTracked(
  host: ContainerHost,
  identity: RunIdentity,
  notFound: () => NotFoundError,
): OpenContainer {
  const exists = host.database.read((db) => containerIdentity(db, identity.rowId) !== undefined)
  if (!exists) throw notFound()
  const container = host.openContainer(identity)
  let byRow = tracked.get(host)
  if (!byRow) tracked.set(host, (byRow = new Map()))
  let handles = byRow.get(identity.rowId)
  if (!handles) byRow.set(identity.rowId, (handles = new Set()))
  for (const handle of handles) if (handle.writer.isClosed) handles.delete(handle)
  handles.add(container)
  return container
}

/** Flushes and closes every tracked handle on the containers `rowIds` (before they are deleted). */
export function closeTracked(host: ContainerHost, rowIds: readonly number[]): void {
  const byRow = tracked.get(host)
  if (!byRow) return
  for (const rowId of rowIds) {
    for (const handle of byRow.get(rowId) ?? []) handle.run.close()
    byRow.delete(rowId)
  }
}
