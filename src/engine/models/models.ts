/**
 * The models of a project (scope '') or of one experiment (MLTracker's Models): create, read, update,
 * delete and list by hash, which is unique within the scope.
 *
 * @example
 * project.models.create('a1b2c3', { name: 'resnet', description: 'baseline' })
 * project.models.read('a1b2c3')?.name           // 'resnet'
 * project.models.update('a1b2c3', { name: 'resnet-50' })
 */
import type { Db } from '../driver/database.js'
import { InvalidValueError, NereidError, NotFoundError } from '../errors.js'
import { experimentById } from '../runs/experiment-store.js'
import { containerIdentity, deleteContainers, insertContainer, writeSysAtoms } from '../runs/store.js'
import { closeTracked, type ContainerHost } from './container-host.js'
import { Model } from './model.js'
import {
  containersOf,
  findModel,
  insertModel,
  modelsOfScope,
  updateModel,
  type ModelRow,
} from './model-store.js'

/** Name and description of a model. */
export interface ModelInfo {
  name?: string
  description?: string
}

function checkHash(hash: unknown): string {
  if (typeof hash !== 'string' || hash.length === 0 || hash.length > 256) {
    throw new InvalidValueError(
      'INVALID_MODEL_HASH',
      `a model hash must be a non-empty string of at most 256 characters, got ${JSON.stringify(hash)}`,
      {
        hint: 'Use a content hash of the model, e.g. sha256 of its configuration or weights.',
      },
    )
  }
  return hash
}

/**
 * Deletes the models `select` picks, with their fields, records and versions (the rest cascades from
 * their `runs` rows). Handles still open on them in this process are flushed and closed first, so that
 * no buffered write reaches project.db after the rows are gone.
 */
export function deleteModels(
  host: ContainerHost,
  select: (db: Db) => readonly number[],
  alsoInTransaction: (db: Db) => void = () => {},
): void {
  closeTracked(
    host,
    host.database.read((db) => containersOf(db, select(db))),
  )
  host.database.write((db) => {
    deleteContainers(db, containersOf(db, select(db)))
    alsoInTransaction(db)
  })
}

/** The models of one scope. */
export class Models {
  constructor(
    private readonly host: ContainerHost,
    /** '' for the project, else an experiment id. */
    private readonly scope: string,
  ) {}

  private model(db: Db, row: ModelRow): Model {
    const container = containerIdentity(db, row.rowId)!
    return new Model(this.host, row, { ...container, customRunId: null })
  }

  /** Creates a model; a hash already used in this scope is an error. */
  create(hash: string, info: ModelInfo = {}): Model {
    checkHash(hash)
    const now = Date.now()
    return this.host.database.write((db) => {
      if (this.scope !== '' && !experimentById(db, this.scope)) {
        throw new NotFoundError('EXPERIMENT_NOT_FOUND', 'the experiment of these models was deleted', {
          hint: 'Create the experiment again with experiments.create(name), then add models to it.',
        })
      }
      if (findModel(db, this.scope, { hash })) {
        throw new NereidError(
          'MODEL_EXISTS',
          `a model with hash '${hash}' already exists${this.scope ? ' in this experiment' : ''}`,
          {
            hint: 'Read it with models.read(hash), or use another hash.',
          },
        )
      }
      const container = insertContainer(db, 'model', (n) => `${this.host.key}-M${n}`, undefined, now)
      const row = insertModel(db, {
        rowId: container.rowId,
        scope: this.scope,
        hash,
        name: info.name ?? null,
        description: info.description ?? null,
      })
      writeSysAtoms(
        db,
        container.rowId,
        [
          ['sys/id', 'String', container.id],
          ['sys/name', 'String', info.name ?? ''],
          ['sys/description', 'String', info.description ?? ''],
          ['sys/creation_time', 'Datetime', new Date(now)],
        ],
        now,
      )
      return this.model(db, row)
    })
  }

  /** The model with `hash`, or undefined. */
  read(hash: string): Model | undefined {
    return this.host.database.read((db) => {
      const row = findModel(db, this.scope, { hash })
      return row ? this.model(db, row) : undefined
    })
  }

  /** Changes a model's name and/or description. */
  update(hash: string, info: ModelInfo): void {
    const now = Date.now()
    this.host.database.write((db) => {
      const row = findModel(db, this.scope, { hash })
      if (!row) {
        throw new NotFoundError('MODEL_NOT_FOUND', `no model with hash '${hash}'`, {
          hint: 'List the models with models.list().',
        })
      }
      updateModel(db, row.rowId, {
        name: info.name ?? row.name,
        description: info.description ?? row.description,
      })
      const atoms: [string, 'String', string][] = []
      if (info.name !== undefined) atoms.push(['sys/name', 'String', info.name])
      if (info.description !== undefined) atoms.push(['sys/description', 'String', info.description])
      writeSysAtoms(db, row.rowId, atoms, now)
    })
  }

  /** Deletes the model with id `id` (its uuid), with its fields, metrics, modules, iterations and versions. */
  delete(id: string): void {
    const row = this.host.database.read((db) => findModel(db, this.scope, { id }))
    if (!row)
      throw new NotFoundError('MODEL_NOT_FOUND', `no model with id '${id}'`, {
        hint: 'Pass model.id (the uuid), not its hash.',
      })
    deleteModels(this.host, () => [row.rowId])
  }

  /** Every model of the scope, oldest first. */
  list(): Model[] {
    return this.host.database.read((db) => modelsOfScope(db, this.scope).map((row) => this.model(db, row)))
  }

  /** Deletes every model of the scope. */
  clear(): void {
    deleteModels(this.host, (db) => modelsOfScope(db, this.scope).map((r) => r.rowId))
  }
}
