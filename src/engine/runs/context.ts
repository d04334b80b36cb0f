/**
 * What the engine's handles share about one open run, kept out of sight in their `#private` fields: the
 * database, the project directory, the run's row, its writer (a read-only view has none) and how to flush
 * before a read. Field handles and the file functions act on a run through this, never through the public
 * Run or RunView object, so nothing on a public object leads to the database.
 *
 * @example
 * const context: RunContext = { database, projectDir, rowId: 1, sync: () => {}, writer: () => refuse() }
 * new FieldView(context, 'metrics/acc').fetchLast()
 */
import type { Database } from '../driver/database.js'
import type { ObjectStore } from '../objects/store.js'
import type { WarningHandler } from '../warnings.js'
import type { RunWriter } from './writer.js'

/** The run a handle acts on. */
export interface RunContext {
  readonly database: Database
  readonly projectDir: string
  readonly rowId: number
  /** Writes buffered points so reads see them (a no-op for a read-only view). */
  sync(): void
  /** The run's writer (throws a ReadOnlyError on a read-only view). */
  writer(): RunWriter
  /** The project's warning handler (default: print each kind once to stderr). */
  readonly onWarning?: WarningHandler
  /** The project's object store (default: one per project directory, made on first use). */
  readonly objects?: ObjectStore
}
