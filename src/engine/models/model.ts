/**
 * A model (MLTracker's Model, Neptune's Model): identified by a hash unique within its experiment (or the
 * project), with a name, a description, a writable step counter, metrics, modules, iterations and
 * versions. It is also a field container: model.field('config/layers').assign(4n).
 *
 * @example
 * const model = project.models.create('a1b2c3', { name: 'mlp' })
 * model.step = 10
 * model.metrics.log('loss', 0.3, { step: 10, phase: 'train' })
 * const version = model.createVersion()
 */
import { InvalidValueError, NotFoundError } from '../errors.js'
import { fetchRunsTable, type RunsTable, type RunsTableOptions } from '../query/runs-table.js'
import { insertContainer, writeSysAtoms } from '../runs/store.js'
import type { RunIdentity } from '../run-view.js'
import type { ContainerHost } from './container-host.js'
import { ContainerHandle } from './container-handle.js'
import { listModels, type ModelSummary } from './listings.js'
import { ModelVersion } from './model-version.js'
import {
  insertVersion,
  modelByRow,
  nextVersionNumber,
  updateModel,
  versionIdentities,
  type ModelRow,
} from './model-store.js'
import { ModelIterations, ModelMetrics, ModelModules } from './records.js'

/** A model. */
export class Model extends ContainerHandle {
  /** Global id (uuid). */
  readonly id: string
  /** Short id, like 'DEMO-M1'. */
  readonly sysId: string
  readonly hash: string
  readonly metrics: ModelMetrics
  readonly modules: ModelModules
  readonly iterations: ModelIterations

  constructor(
    host: ContainerHost,
    private readonly row: ModelRow,
    identity: RunIdentity,
  ) {
    super(host, identity)
    this.id = row.id
    this.sysId = identity.id
    this.hash = row.hash
    this.metrics = new ModelMetrics(host.database, row.rowId)
    this.modules = new ModelModules(host.database, { modelRowId: row.rowId })
    this.iterations = new ModelIterations(host.database, row.rowId)
  }

  private current(): ModelRow {
    return this.host.database.read((db) => modelByRow(db, this.row.rowId)) ?? this.row
  }

  get name(): string | null {
    return this.current().name
  }

  get description(): string | null {
    return this.current().description
  }

  /** The model's step counter (default 0). */
  get step(): number {
    return this.current().step
  }

  set step(value: number) {
    if (!Number.isInteger(value) || value < 0) {
      throw new InvalidValueError(
        'INVALID_STEP',
        `a model step must be a non-negative integer, got ${String(value)}`,
        { hint: 'Set model.step to the training step or epoch.' },
      )
    }
    this.host.database.write((db) => updateModel(db, this.row.rowId, { step: value }))
  }

  protected deleted(): NotFoundError {
    return new NotFoundError('MODEL_NOT_FOUND', `model '${this.hash}' (${this.sysId}) was deleted`, {
      hint: 'Create it again with models.create(hash).',
    })
  }

  /** Creates the next version (sys/stage 'none'). */
  createVersion(): ModelVersion {
    const now = Date.now()
    const identity = this.host.database.write((db) => {
      const number = nextVersionNumber(db, this.row.rowId)
      const created = insertContainer(db, 'model_version', () => `${this.sysId}-${number}`, undefined, now)
      insertVersion(db, created.rowId, this.row.rowId, number)
      writeSysAtoms(
        db,
        created.rowId,
        [
          ['sys/id', 'String', created.id],
          ['sys/model_id', 'String', this.sysId],
          ['sys/stage', 'String', 'none'],
          ['sys/creation_time', 'Datetime', new Date(now)],
        ],
        now,
      )
      return created
    })
    return new ModelVersion(this.host, identity)
  }

  /** Plain data for JSON.stringify: the model's summary, as `project.listModels()` gives it. */
  toJSON(): ModelSummary {
    const summary = this.host.database.read((db) => listModels(db)).find((m) => m.uuid === this.id)
    const row = this.current()
    return (
      summary ?? {
        id: this.sysId,
        uuid: this.id,
        hash: this.hash,
        name: row.name,
        description: row.description,
        step: row.step,
        experiment: null,
      }
    )
  }

  /** The model's versions, oldest first. */
  versions(): ModelVersion[] {
    const rows = this.host.database.read((db) => versionIdentities(db, this.row.rowId))
    return rows.map((identity) => new ModelVersion(this.host, identity))
  }

  /**
   * The model's versions as a table, like project.fetchRunsTable; `query` is combined with AND.
   *
   * @example
   * model.fetchVersionsTable({ query: '`sys/stage`:string = "production"', columns: ['sys/stage'] })
   */
  fetchVersionsTable(options: RunsTableOptions = {}): RunsTable {
    this.host.flushOpenContainers?.()
    const own = `\`sys/model_id\`:string = ${JSON.stringify(this.sysId)}`
    return fetchRunsTable(
      this.host.database,
      { ...options, query: options.query ? `${own} AND (${options.query})` : own },
      'model_version',
    )
  }
}
