/**
 * MLTracker's per-model records: metrics (name, value, step, phase), modules (name + attributes: the
 * architecture, or an iteration's optimiser/criterion) and iterations (a step with its own modules).
 * Each call writes at once in its own small transaction; deleting a model or an iteration cascades.
 *
 * @example
 * model.metrics.log('accuracy', 0.91, { step: 3, phase: 'val' })
 * model.modules.log('Linear', { in: 784, out: 10 })
 * model.iterations.create(3).modules.log('Adam', { lr: 0.001 })
 */
import { randomUUID } from 'node:crypto'
import type { Database } from '../driver/database.js'
import { InvalidValueError } from '../errors.js'
import {
  deleteIterations,
  deleteMetrics,
  deleteModules,
  insertIteration,
  insertMetric,
  insertModule,
  iterationRows,
  metricRows,
  moduleRows,
  type IterationRow,
  type ModuleOwner,
} from './record-store.js'

/** One logged metric. */
export interface ModelMetric {
  id: string
  name: string
  value: unknown
  step: number | null
  phase: string | null
}

/** One module record. */
export interface ModuleRecord {
  id: string
  name: string
  attributes: Record<string, unknown>
}

function json(value: unknown, what: string): string {
  const text = JSON.stringify(value, (_key, v: unknown) => {
    // JSON would write NaN and ±Infinity as null: a diverged loss must not read back as "no value"
    if (typeof v === 'number' && !Number.isFinite(v)) {
      throw new InvalidValueError('INVALID_VALUE', `${what} holds ${String(v)}, which JSON cannot store`, {
        hint: 'Log a finite number, or a string such as "NaN" if you mean to record it.',
      })
    }
    return typeof v === 'bigint' ? v.toString() : v
  })
  if (text === undefined) {
    throw new InvalidValueError('INVALID_VALUE', `${what} is not JSON-serialisable`, {
      hint: 'Pass numbers, strings, booleans, arrays or plain objects.',
    })
  }
  return text
}

function checkName(name: unknown, what: string): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidValueError(
      'INVALID_NAME',
      `a ${what} name must be a non-empty string, got ${JSON.stringify(name)}`,
      { hint: "Use a name such as 'accuracy'." },
    )
  }
  return name
}

/** The metrics of one model. */
export class ModelMetrics {
  constructor(
    private readonly database: Database,
    private readonly modelRowId: number,
  ) {}

  /** Logs `value` under `name`, optionally at a step and in a phase ('train', 'val', 'test'…). */
  log(name: string, value: unknown, options: { step?: number; phase?: string } = {}): ModelMetric {
    if (options.step !== undefined && !Number.isInteger(options.step)) {
      throw new InvalidValueError(
        'INVALID_STEP',
        `the step of metric '${name}' must be an integer, got ${String(options.step)}`,
        { hint: 'Pass the training step or epoch number, or leave it out.' },
      )
    }
    if (options.phase !== undefined && typeof options.phase !== 'string') {
      throw new InvalidValueError(
        'INVALID_VALUE',
        `the phase of metric '${name}' must be a string, got ${typeof options.phase}`,
        { hint: "Use a phase such as 'train', 'val' or 'test'." },
      )
    }
    const row = {
      id: randomUUID(),
      modelRowId: this.modelRowId,
      name: checkName(name, 'metric'),
      value: json(value, `the value of metric '${name}'`),
      step: options.step ?? null,
      phase: options.phase ?? null,
    }
    this.database.write((db) => insertMetric(db, row))
    return { id: row.id, name: row.name, value, step: row.step, phase: row.phase }
  }

  /** Metrics in logging order, optionally only those named `name`. */
  list(name?: string): ModelMetric[] {
    return this.database
      .read((db) => metricRows(db, this.modelRowId, name))
      .map((r) => ({
        id: r.id,
        name: r.name,
        value: JSON.parse(r.value) as unknown,
        step: r.step,
        phase: r.phase,
      }))
  }

  /** Removes one metric by its id. */
  remove(id: string): void {
    this.database.write((db) => deleteMetrics(db, this.modelRowId, id))
  }

  /** Removes every metric of the model. */
  clear(): void {
    this.database.write((db) => deleteMetrics(db, this.modelRowId))
  }
}

/** The modules of a model (owner 'model') or of one iteration (owner 'iteration'). */
export class ModelModules {
  constructor(
    private readonly database: Database,
    private readonly owner: ModuleOwner,
  ) {}

  /** Records a module: its name and attributes. */
  log(name: string, attributes: Record<string, unknown> = {}): ModuleRecord {
    const row = {
      id: randomUUID(),
      name: checkName(name, 'module'),
      attributes: json(attributes, `the attributes of module '${name}'`),
      ...this.owner,
    }
    this.database.write((db) => insertModule(db, row))
    return { id: row.id, name: row.name, attributes }
  }

  /** Plain data for JSON.stringify (an iteration's `modules`): the modules in logging order. */
  toJSON(): ModuleRecord[] {
    return this.list()
  }

  /** Modules in logging order. */
  list(): ModuleRecord[] {
    return this.database
      .read((db) => moduleRows(db, this.owner))
      .map((r) => ({
        id: r.id,
        name: r.name,
        attributes: JSON.parse(r.attributes) as Record<string, unknown>,
      }))
  }

  /** Removes one module by its id. */
  remove(id: string): void {
    this.database.write((db) => deleteModules(db, this.owner, id))
  }

  clear(): void {
    this.database.write((db) => deleteModules(db, this.owner))
  }
}

/** One iteration of a model's training: a step and the modules of the process at that step. */
export interface Iteration {
  id: string
  step: number
  modules: ModelModules
}

/** The iterations of one model. */
export class ModelIterations {
  constructor(
    private readonly database: Database,
    private readonly modelRowId: number,
  ) {}

  private iteration(row: IterationRow): Iteration {
    return { id: row.id, step: row.step, modules: new ModelModules(this.database, { iterationSeq: row.seq }) }
  }

  /** Creates an iteration at `step` (steps need not be unique). */
  create(step: number): Iteration {
    if (!Number.isInteger(step)) {
      throw new InvalidValueError(
        'INVALID_STEP',
        `an iteration step must be an integer, got ${String(step)}`,
        { hint: 'Pass the training step or epoch number.' },
      )
    }
    const row = this.database.write((db) =>
      insertIteration(db, { id: randomUUID(), modelRowId: this.modelRowId, step }),
    )
    return this.iteration(row)
  }

  /** The first iteration at `step`, if any. */
  get(step: number): Iteration | undefined {
    const row = this.database.read((db) => iterationRows(db, this.modelRowId, step)[0])
    return row ? this.iteration(row) : undefined
  }

  /** Every iteration in creation order. */
  list(): Iteration[] {
    return this.database.read((db) => iterationRows(db, this.modelRowId)).map((r) => this.iteration(r))
  }

  /** Removes one iteration (and its modules) by its id. */
  remove(id: string): void {
    this.database.write((db) => deleteIterations(db, this.modelRowId, id))
  }

  clear(): void {
    this.database.write((db) => deleteIterations(db, this.modelRowId))
  }
}
