/**
 * Experiments: named groups of runs and models (Neptune 3.x's experiment, MLTracker's Experiment). A run
 * joins one with startRun({ experiment: 'baseline' }); the newest run of an experiment is its head.
 *
 * @example
 * const experiment = project.experiments.create('baseline')
 * experiment.models.create('a1b2c3')
 * project.experiments.get('baseline').head()?.id   // 'DEMO-7'
 */
import { NereidError, NotFoundError } from '../errors.js'
import { listRuns, type RunSummary } from '../runs/store.js'
import {
  checkExperimentName,
  deleteExperiment,
  ensureExperiment,
  experimentById,
  experimentByName,
  experimentMembers,
  experimentRows,
  renameExperiment,
  type ExperimentRow,
} from '../runs/experiment-store.js'
import { modelsOfScope } from './model-store.js'
import type { ContainerHost } from './container-host.js'
import type { ExperimentSummary } from './listings.js'
import { deleteModels, Models } from './models.js'

/** One experiment. */
export class Experiment {
  readonly id: string
  readonly name: string
  readonly createdAt: Date
  /** The experiment's models (hashes unique within it). */
  readonly models: Models

  constructor(
    private readonly host: ContainerHost,
    row: ExperimentRow,
  ) {
    this.id = row.id
    this.name = row.name
    this.createdAt = new Date(row.createdAt)
    this.models = new Models(host, row.id)
  }

  /** The experiment's runs, oldest first. */
  runs(): RunSummary[] {
    return this.host.database.read((db) => {
      const members = experimentMembers(db, this.id)
      return listRuns(db).filter((run) => members.has(run.rowId))
    })
  }

  /** The newest run of the experiment, if it has any. */
  head(): RunSummary | undefined {
    return this.runs().at(-1)
  }

  /** Plain data for JSON.stringify: `{ id, name, createdAt, runs: [run ids] }` (no handle inside). */
  toJSON(): ExperimentSummary {
    return { id: this.id, name: this.name, createdAt: this.createdAt, runs: this.runs().map((r) => r.id) }
  }
}

/** The experiments of a project. */
export class Experiments {
  constructor(private readonly host: ContainerHost) {}

  /** Creates an experiment; a name in use is an error. */
  create(name: string): Experiment {
    checkExperimentName(name)
    return this.host.database.write((db) => {
      if (experimentByName(db, name)) {
        throw new NereidError('EXPERIMENT_EXISTS', `an experiment named '${name}' already exists`, {
          hint: 'Get it with experiments.get(name), or choose another name.',
        })
      }
      return new Experiment(this.host, ensureExperiment(db, name, Date.now()))
    })
  }

  /** The experiment named `name`. */
  get(name: string): Experiment {
    const row = this.host.database.read((db) => experimentByName(db, name))
    if (!row)
      throw new NotFoundError('EXPERIMENT_NOT_FOUND', `no experiment named '${name}'`, {
        hint: 'List them with experiments.list(), or create it.',
      })
    return new Experiment(this.host, row)
  }

  /** Every experiment, oldest first. */
  list(): Experiment[] {
    return this.host.database.read(experimentRows).map((row) => new Experiment(this.host, row))
  }

  /** Renames experiment `id`. */
  update(id: string, name: string): void {
    checkExperimentName(name)
    this.host.database.write((db) => {
      if (!experimentById(db, id)) {
        throw new NotFoundError('EXPERIMENT_NOT_FOUND', `no experiment with id '${id}'`, {
          hint: 'Pass experiment.id (the uuid), not its name.',
        })
      }
      const holder = experimentByName(db, name)
      if (holder && holder.id !== id) {
        throw new NereidError('EXPERIMENT_EXISTS', `an experiment named '${name}' already exists`, {
          hint: 'Choose another name, or delete that experiment first.',
        })
      }
      renameExperiment(db, id, name)
    })
  }

  /** Deletes experiment `id` and its models; its runs stay, outside any experiment. */
  delete(id: string): void {
    if (!this.host.database.read((db) => experimentById(db, id))) {
      throw new NotFoundError('EXPERIMENT_NOT_FOUND', `no experiment with id '${id}'`, {
        hint: 'Pass experiment.id (the uuid), not its name.',
      })
    }
    deleteModels(
      this.host,
      (db) => modelsOfScope(db, id).map((r) => r.rowId),
      (db) => deleteExperiment(db, id),
    )
  }
}
