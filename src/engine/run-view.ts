/**
 * A read-only view of a run: its fields, nested namespaces and structure. `project.runs.get(id)` hands
 * these out; a `Run` (which can write) extends it.
 *
 * @example
 * const view = project.runs.get('DEMO-1')
 * view.fetch('parameters')          // { lr: 0.01, optimizer: 'adam' }
 * view.structure()                  // { parameters: { lr: 'Float', … }, metrics: { acc: 'FloatSeries' } }
 */
import { NotFoundError, ReadOnlyError } from './errors.js'
import { decodeRow, FieldView, type FieldValue } from './field-view.js'
import { fieldsUnder, getField, type FieldRow } from './fields/store.js'
import type { FieldType } from './fields/types.js'
import { checkPath } from './fields/paths.js'
import type { Database } from './driver/database.js'
import { EventLog } from './runs/events.js'
import { lineageOf, type Lineage } from './runs/lineage.js'
import { STALE_AFTER_MS, type RunIdentity } from './runs/store.js'
import type { RunContext } from './runs/context.js'
import type { WarningHandler } from './warnings.js'
import type { ObjectStore } from './objects/store.js'
import { bestCheckpoint, listCheckpoints, type Checkpoint } from './files/checkpoints.js'
import { registerInternals } from './internals.js'

export type { RunIdentity } from './runs/store.js'

/** Where a run lives: what a RunView is made from. */
export interface RunPlace {
  database: Database
  projectDir: string
  identity: RunIdentity
  onWarning?: WarningHandler
  objects?: ObjectStore
}

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

/** Read access to one run. It holds no way to write: its database handle is private to the engine. */
export class RunView {
  /** Short human id, like 'DEMO-1'. */
  readonly id: string
  /** Global id. */
  readonly uuid: string
  readonly customRunId: string | null
  /** The run's event log (started, resumed, forked, closed, failed, and the program's own). */
  readonly events: EventLog
  readonly #run: RunContext

  /** The run's checkpoints (docs/files.md): every one, or the best kept one, of a name. */
  readonly checkpoints: { list(name?: string): Checkpoint[]; best(name?: string): Checkpoint | undefined } = {
    list: (name) => listCheckpoints(this.#run, name),
    best: (name) => bestCheckpoint(this.#run, name),
  }

  /** Made by `project.runs.get(id)` (and by Run); not meant to be called directly. */
  constructor(place: RunPlace, context?: RunContext) {
    this.id = place.identity.id
    this.uuid = place.identity.uuid
    this.customRunId = place.identity.customRunId
    this.#run = context ?? {
      database: place.database,
      projectDir: place.projectDir,
      rowId: place.identity.rowId,
      onWarning: place.onWarning,
      objects: place.objects,
      sync: () => {},
      writer: () => {
        throw new ReadOnlyError('READ_ONLY', `run ${this.id} was opened read-only`, {
          hint: 'Resume the run to write to it: project.startRun({ customRunId }) or project.runs.resume(id).',
        })
      },
    }
    this.events = new EventLog(place.database, place.identity.rowId)
    registerInternals(this, this.#run)
  }

  /** Plain data for JSON.stringify: the run's identity `{ id, uuid, customRunId }` (no database inside). */
  toJSON(): { id: string; uuid: string; customRunId: string | null } {
    return { id: this.id, uuid: this.uuid, customRunId: this.customRunId }
  }

  /** Where this run was forked from: parent id, fork step and depth (0 for a root run). */
  lineage(): Lineage {
    return this.#run.database.read((db) => lineageOf(db, this.#run.rowId))
  }

  /** True when the run says it is running but its heartbeat (sys/ping_time) stopped: it died unclosed. */
  isStale(now = Date.now()): boolean {
    const { database, rowId } = this.#run
    const state = database.read((db) => ({
      state: getField(db, rowId, 'sys/state')?.text,
      ping: getField(db, rowId, 'sys/ping_time')?.num,
    }))
    return state.state === 'running' && (state.ping ?? 0) < now - STALE_AFTER_MS
  }

  /** A read handle on the field at `path`. */
  field(path: string): FieldView {
    return new FieldView(this.#run, path)
  }

  #rowsUnder(namespace: string): FieldRow[] {
    if (namespace !== '') checkPath(namespace, 'read')
    this.#run.sync()
    return this.#run.database.read((db) => fieldsUnder(db, this.#run.rowId, namespace))
  }

  /**
   * The value at `path`: one field's value, or for a namespace a nested plain object of its fields' values
   * (series give their last value). Without a path, the whole run.
   */
  fetch(path = ''): FieldValue | Tree<FieldValue> {
    const rows = this.#rowsUnder(path)
    if (rows.length === 1 && rows[0]!.path === path) return decodeRow(rows[0]!)
    if (rows.length === 0) {
      throw new NotFoundError('FIELD_NOT_FOUND', `run ${this.id} has no field or namespace '${path}'`, {
        hint: 'List what the run holds with run.structure().',
      })
    }
    return nest(rows, path, decodeRow)
  }

  /**
   * Every field at `path` and below it (the whole run without a path), ordered by path, read in one
   * statement: its type and value as `fetch()` gives them, or `undefined` for a series without a value
   * yet. What a table of a run's fields needs, without a read per field.
   * @example view.fieldList('parameters')   // [{ path: 'parameters/lr', type: 'Float', value: 0.01 }, …]
   */
  fieldList(path = ''): { path: string; type: FieldType; value: FieldValue | undefined }[] {
    return this.#rowsUnder(path).map((row) => {
      let value: FieldValue | undefined
      try {
        value = decodeRow(row)
      } catch {
        value = undefined // an empty series or file series has no value yet
      }
      return { path: row.path, type: row.type as FieldType, value }
    })
  }

  /** The run's namespaces as a nested object whose leaves are field types. */
  structure(): Tree<FieldType> {
    return nest(this.#rowsUnder(''), '', (row) => row.type as FieldType)
  }

  /** True if `path` is a field or a namespace of this run. */
  exists(path: string): boolean {
    return this.#rowsUnder(path).length > 0
  }
}
