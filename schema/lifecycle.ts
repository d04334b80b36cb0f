/**
 * Tables of the run lifecycle: experiments, the event log of each run, and models with their metrics,
 * modules, iterations and versions (MLTracker's shape; Neptune's Model/ModelVersion). A model and a model
 * version are also rows of `runs` (kinds 'model' and 'model_version'), so they hold fields like a run.
 */
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { runs } from './tables.js'

/** Named groups of runs and models. */
export const experiments = sqliteTable(
  'experiments',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    createdAt: real('created_at').notNull(),
  },
  (t) => [uniqueIndex('experiments_name').on(t.name)],
)

/** Which experiment a run belongs to (a run is in at most one). */
export const experimentRuns = sqliteTable('experiment_runs', {
  runId: integer('run_id')
    .primaryKey()
    .references(() => runs.id, { onDelete: 'cascade' }),
  experimentId: text('experiment_id')
    .notNull()
    .references(() => experiments.id, { onDelete: 'cascade' }),
})

/** Append-only events of a run: (time, type, JSON payload). */
export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey(),
    runId: integer('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    time: real('time').notNull(),
    type: text('type').notNull(),
    payload: text('payload').notNull(),
  },
  (t) => [index('events_run_time').on(t.runId, t.time)],
)

/** A model: its hash is unique within its experiment ('' scope: the project). */
export const models = sqliteTable(
  'models',
  {
    rowId: integer('row_id')
      .primaryKey()
      .references(() => runs.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    scope: text('scope').notNull().default(''),
    hash: text('hash').notNull(),
    name: text('name'),
    description: text('description'),
    step: integer('step').notNull().default(0),
  },
  (t) => [uniqueIndex('models_scope_hash').on(t.scope, t.hash), uniqueIndex('models_id').on(t.id)],
)

/** Metrics logged on a model (name, JSON value, step, phase). */
export const modelMetrics = sqliteTable(
  'model_metrics',
  {
    seq: integer('seq').primaryKey(),
    id: text('id').notNull(),
    modelRowId: integer('model_row_id')
      .notNull()
      .references(() => models.rowId, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    value: text('value').notNull(),
    step: integer('step'),
    phase: text('phase'),
  },
  (t) => [index('model_metrics_model').on(t.modelRowId, t.name)],
)

/** Training iterations of a model (steps need not be unique). */
export const iterations = sqliteTable(
  'iterations',
  {
    seq: integer('seq').primaryKey(),
    id: text('id').notNull(),
    modelRowId: integer('model_row_id')
      .notNull()
      .references(() => models.rowId, { onDelete: 'cascade' }),
    step: integer('step').notNull(),
  },
  (t) => [index('iterations_model').on(t.modelRowId, t.step)],
)

/** Modules (name + JSON attributes) of a model's architecture, or of one iteration's process. */
export const modules = sqliteTable(
  'modules',
  {
    seq: integer('seq').primaryKey(),
    id: text('id').notNull(),
    modelRowId: integer('model_row_id').references(() => models.rowId, { onDelete: 'cascade' }),
    iterationSeq: integer('iteration_seq').references(() => iterations.seq, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    attributes: text('attributes').notNull(),
  },
  (t) => [index('modules_model').on(t.modelRowId), index('modules_iteration').on(t.iterationSeq)],
)

/** Versions of a model; each is also a `runs` row of kind 'model_version' holding its fields. */
export const modelVersions = sqliteTable(
  'model_versions',
  {
    rowId: integer('row_id')
      .primaryKey()
      .references(() => runs.id, { onDelete: 'cascade' }),
    modelRowId: integer('model_row_id')
      .notNull()
      .references(() => models.rowId, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
  },
  (t) => [uniqueIndex('model_versions_number').on(t.modelRowId, t.number)],
)
