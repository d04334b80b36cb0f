/**
 * What models and experiments need from their project: the database, the run id prefix, and a way to open
 * a field container (a model or a model version) for writing.
 *
 * @example
 * const container = host.openContainer(identity)   // a Run-like handle with field(), fetch(), close()
 */
import type { Database } from '../driver/database.js'
import type { Run } from '../run.js'
import type { RunIdentity } from '../run-view.js'

/** The project side of models and experiments. */
export interface ContainerHost {
  readonly database: Database
  /** The run id prefix, DEMO in DEMO-1. */
  readonly key: string
  /** Opens a container for writing (no capture, no heartbeat); the project closes it at close(). */
  openContainer(identity: RunIdentity): Run
}
