/**
 * A read-only view of a run: its fields, nested namespaces and structure. `project.runs.get(id)` hands
 * these out; a `Run` (which can write) extends it.
 *
 * @example
 * const view = project.runs.get('DEMO-1')
 * view.fetch('parameters')          // { lr: 0.01, optimizer: 'adam' }
 * view.structure()                  // { parameters: { lr: 'Float', … }, metrics: { acc: 'FloatSeries' } }
 */
import type { Database } from './driver/database.js'
import type { RunWriter } from './runs/writer.js'
import { NotFoundError, ReadOnlyError } from './errors.js'
import { decodeRow, Field, type FieldHost, type FieldValue, type ReadonlyField } from './field.js'
import { fieldsUnder, getField, type FieldRow } from './fields/store.js'
import type { FieldType } from './fields/types.js'
import { checkPath } from './fields/paths.js'
import { EventLog } from './runs/events.js'
import { lineageOf, type Lineage } from './runs/lineage.js'
import { STALE_AFTER_MS, type RunIdentity } from './runs/store.js'
import type { WarningHandler } from './warnings.js'
import type { ObjectStore } from './objects/store.js'
import { bestCheckpoint, listCheckpoints, type Checkpoint } from './files/checkpoints.js'

export type { RunIdentity } from './runs/store.js'

/** A nested object whose leaves are of type T. */
export interface Tree<T> {
  [name: string]: T | Tree<T>
}

function nest<T>(rows: readonly FieldRow[], prefix: string, leaf: (row: FieldRow) => T): Tree<T> {
  const root: Tree<T> = {}
  for (const row of rows) {
    const segments = (prefix === '' ? row.path : row.path.slice(prefix.length + 1)).split('/')
    let node = root
    for (const segment of segments.slice(0, -1)) node = (node[segment] ??= {}) as Tree<T>
    node[segments[segments.length - 1]!] = leaf(row)
  }
  return root
}

/** Read access to one run. */
export class RunView implements FieldHost {
  readonly rowId: number
  /** Short human id, like 'DEMO-1'. */
  readonly id: string
  /** Global id. */
  readonly uuid: string
  readonly customRunId: string | null
  /** The run's event log (started, resumed, forked, closed, failed, and the program's own). */
  readonly events: EventLog

  /** The run's checkpoints (docs/files.md): every one, or the best kept one, of a name. */
  readonly checkpoints: { list(name?: string): Checkpoint[]; best(name?: string): Checkpoint | undefined } = {
    list: (name) => listCheckpoints(this, name),
    best: (name) => bestCheckpoint(this, name),
  }

  constructor(
    readonly database: Database,
    readonly projectDir: string,
    identity: RunIdentity,
    readonly onWarning?: WarningHandler,
    readonly objects?: ObjectStore,
  ) {
    this.rowId = identity.rowId
    this.id = identity.id
    this.uuid = identity.uuid
    this.customRunId = identity.customRunId
    this.events = new EventLog(database, identity.rowId)
  }

  /** Where this run was forked from: parent id, fork step and depth (0 for a root run). */
  lineage(): Lineage {
    return this.database.read((db) => lineageOf(db, this.rowId))
  }

  /** True when the run says it is running but its heartbeat (sys/ping_time) stopped: it died unclosed. */
  isStale(now = Date.now()): boolean {
    const state = this.database.read((db) => ({ state: getField(db, this.rowId, 'sys/state')?.text, ping: getField(db, this.rowId, 'sys/ping_time')?.num }))
    return state.state === 'running' && (state.ping ?? 0) < now - STALE_AFTER_MS
  }

  /** Writes buffered data before a read; a view has none. */
  sync(): void {}

  writer(): RunWriter {
    throw new ReadOnlyError('READ_ONLY', `run ${this.id} was opened read-only`, {
      hint: 'Resume the run to write to it: project.startRun({ customRunId }) or project.runs.resume(id).',
    })
  }

  /** A read handle on the field at `path`. */
  field(path: string): ReadonlyField {
    return new Field(this, path)
  }

  private rowsUnder(namespace: string): FieldRow[] {
    if (namespace !== '') checkPath(namespace, 'read')
    this.sync()
    return this.database.read((db) => fieldsUnder(db, this.rowId, namespace))
  }

  /**
   * The value at `path`: one field's value, or for a namespace a nested plain object of its fields' values
   * (series give their last value). Without a path, the whole run.
   */
  fetch(path = ''): FieldValue | Tree<FieldValue> {
    const rows = this.rowsUnder(path)
    if (rows.length === 1 && rows[0]!.path === path) return decodeRow(rows[0]!)
    if (rows.length === 0) {
      throw new NotFoundError('FIELD_NOT_FOUND', `run ${this.id} has no field or namespace '${path}'`, {
        hint: 'List what the run holds with run.structure().',
      })
    }
    return nest(rows, path, decodeRow)
  }

  /** The run's namespaces as a nested object whose leaves are field types. */
  structure(): Tree<FieldType> {
    return nest(this.rowsUnder(''), '', (row) => row.type as FieldType)
  }

  /** True if `path` is a field or a namespace of this run. */
  exists(path: string): boolean {
    return this.rowsUnder(path).length > 0
  }
}
