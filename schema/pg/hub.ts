/**
 * The hub's tables in PostgreSQL, declared with drizzle's `pgTable` (a `sqliteTable` schema cannot be
 * shared). They mirror a project's tables (schema/tables.ts, lifecycle.ts) with a project column, since
 * one hub holds many projects, and a source column, since many hosts sync into one project. Ids are the
 * hub's own (serial); runs keep their uuids. `npm run db:generate:pg` writes the SQL under
 * schema/pg/migrations; src/hub/migrate.ts applies it and refuses a schema newer than the code.
 */
import {
  bigint,
  bigserial,
  customType,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  uniqueIndex,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core'

/** PostgreSQL's bytea as a Node Buffer. */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' })

/** Facts about the hub itself: `schema_version` (src/hub/migrate.ts). */
export const hubMeta = pgTable('hub_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
})

/** Projects of the hub, by name; `key` is the run id prefix of the ids the hub assigns. */
export const hubProjects = pgTable('hub_projects', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  key: text('key').notNull(),
  createdAt: doublePrecision('created_at').notNull(),
})

/**
 * The sync cursor of one source (a local project on one host) into one hub project: fields updated up to
 * (`fieldsUntil` ms, local field id `fieldsAfterId`) and events up to the local event id `eventsAfter` are in. Advanced in the same
 * transaction as the rows it covers.
 */
export const hubSources = pgTable(
  'hub_sources',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => hubProjects.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    host: text('host').notNull(),
    fieldsUntil: doublePrecision('fields_until').notNull().default(0),
    fieldsAfterId: bigint('fields_after_id', { mode: 'number' }).notNull().default(0),
    eventsAfter: bigint('events_after', { mode: 'number' }).notNull().default(0),
    batches: integer('batches').notNull().default(0),
    syncedAt: doublePrecision('synced_at'),
  },
  (t) => [uniqueIndex('hub_sources_project_source').on(t.projectId, t.source)],
)

/** Runs (and models, model versions: `kind`) with hub-assigned ids; `originSysId` is the id on its host. */
export const hubRuns = pgTable(
  'hub_runs',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => hubProjects.id, { onDelete: 'cascade' }),
    sourceId: integer('source_id')
      .notNull()
      .references(() => hubSources.id),
    kind: text('kind').notNull().default('run'),
    number: integer('number').notNull(),
    sysId: text('sys_id').notNull(),
    uuid: text('uuid').notNull(),
    originSysId: text('origin_sys_id').notNull(),
    customRunId: text('custom_run_id'),
    createdAt: doublePrecision('created_at').notNull(),
    parentId: integer('parent_id').references((): AnyPgColumn => hubRuns.id, { onDelete: 'set null' }),
    forkStep: doublePrecision('fork_step'),
    forkDepth: integer('fork_depth').notNull().default(0),
  },
  (t) => [
    uniqueIndex('hub_runs_project_sys_id').on(t.projectId, t.sysId),
    uniqueIndex('hub_runs_project_uuid').on(t.projectId, t.uuid),
  ],
)

/**
 * Fields as in schema/tables.ts (atoms' values, series summaries). `sealedSeq`: chunks of the field
 * below this seq are sealed (never rewritten by the source), the ones from it on are the open tail that
 * the next sync replaces. `originId`: the field's id in its source.
 */
export const hubFields = pgTable(
  'hub_fields',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: integer('run_id')
      .notNull()
      .references(() => hubRuns.id, { onDelete: 'cascade' }),
    path: text('path').notNull(),
    type: text('type').notNull(),
    num: doublePrecision('num'),
    text: text('text'),
    bits: bytea('bits'),
    count: bigint('count', { mode: 'number' }).notNull().default(0),
    firstStep: doublePrecision('first_step'),
    lastStep: doublePrecision('last_step'),
    last: doublePrecision('last'),
    lastBits: bytea('last_bits'),
    min: doublePrecision('min'),
    max: doublePrecision('max'),
    finiteCount: bigint('finite_count', { mode: 'number' }).notNull().default(0),
    sum: doublePrecision('sum').notNull().default(0),
    sumSq: doublePrecision('sum_sq').notNull().default(0),
    updatedAt: doublePrecision('updated_at').notNull(),
    sealedSeq: integer('sealed_seq').notNull().default(0),
    /** The field's id in its source: another id at the same run and path is a field deleted and made again. */
    originId: bigint('origin_id', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('hub_fields_run_path').on(t.runId, t.path),
    // path lookups, and the distinct types of a path in a few index probes (src/hub/query/hub-probe.ts)
    index('hub_fields_path_type').on(t.path, t.type, t.runId),
  ],
)

/** Float series chunks exactly as the source wrote them (codec of src/engine/series/codec.ts). */
export const hubSeriesChunks = pgTable(
  'hub_series_chunks',
  {
    fieldId: bigint('field_id', { mode: 'number' })
      .notNull()
      .references(() => hubFields.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    count: integer('count').notNull(),
    stepFirst: doublePrecision('step_first').notNull(),
    stepLast: doublePrecision('step_last').notNull(),
    min: doublePrecision('min'),
    max: doublePrecision('max'),
    vals: bytea('vals').notNull(),
    steps: bytea('steps'),
    times: bytea('times').notNull(),
    lod: bytea('lod'),
  },
  (t) => [primaryKey({ columns: [t.fieldId, t.seq] })],
)

/** String series entries (log lines, FileSeries entries), one row each. */
export const hubStringPoints = pgTable(
  'hub_string_points',
  {
    fieldId: bigint('field_id', { mode: 'number' })
      .notNull()
      .references(() => hubFields.id, { onDelete: 'cascade' }),
    step: doublePrecision('step').notNull(),
    time: doublePrecision('time').notNull(),
    value: text('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.fieldId, t.step] })],
)

/** Events of runs; `originId` is the event's id in its source, so a re-send is recognised. */
export const hubEvents = pgTable(
  'hub_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: integer('run_id')
      .notNull()
      .references(() => hubRuns.id, { onDelete: 'cascade' }),
    originId: bigint('origin_id', { mode: 'number' }).notNull(),
    time: doublePrecision('time').notNull(),
    type: text('type').notNull(),
    payload: text('payload').notNull(),
  },
  (t) => [
    uniqueIndex('hub_events_run_origin').on(t.runId, t.originId),
    index('hub_events_run_time').on(t.runId, t.time),
  ],
)

/** The objects index: blobs in the shared objects directory by sha256, recorded once uploaded. */
export const hubObjects = pgTable('hub_objects', {
  hash: text('hash').primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
  storedAt: doublePrecision('stored_at').notNull(),
})

/**
 * What a fork's series reads of its ancestors (the project's `fork_reads`, fixed at fork time): for the
 * field `fieldId`, at `position` (1 = the parent, higher = further up the lineage), the ancestor run's
 * field at `sourcePath` up to step `upTo`. The ancestor is named by run and path, not by field id, so a
 * fork's rows may land before its ancestor's field does (a read skips a source not there yet).
 */
export const hubForkReads = pgTable(
  'hub_fork_reads',
  {
    fieldId: bigint('field_id', { mode: 'number' })
      .notNull()
      .references(() => hubFields.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    sourceRunId: integer('source_run_id')
      .notNull()
      .references(() => hubRuns.id, { onDelete: 'cascade' }),
    sourcePath: text('source_path').notNull(),
    upTo: doublePrecision('up_to').notNull(),
  },
  (t) => [primaryKey({ columns: [t.fieldId, t.position] })],
)

/** Experiments of a hub project by their id in the source project. */
export const hubExperiments = pgTable(
  'hub_experiments',
  {
    projectId: integer('project_id')
      .notNull()
      .references(() => hubProjects.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    name: text('name').notNull(),
    createdAt: doublePrecision('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.id] })],
)

/** Which experiment a run (or model) is in. */
export const hubExperimentRuns = pgTable('hub_experiment_runs', {
  runId: integer('run_id')
    .primaryKey()
    .references(() => hubRuns.id, { onDelete: 'cascade' }),
  experimentId: text('experiment_id').notNull(),
})

/** Models (runs of kind 'model'): the model's own id, its scope (experiment id, '' for the project), hash, name. */
export const hubModels = pgTable('hub_models', {
  runId: integer('run_id')
    .primaryKey()
    .references(() => hubRuns.id, { onDelete: 'cascade' }),
  modelId: text('model_id').notNull(),
  scope: text('scope').notNull().default(''),
  hash: text('hash').notNull(),
  name: text('name'),
  description: text('description'),
  step: integer('step').notNull().default(0),
})

/** Model versions (runs of kind 'model_version'), numbered per model. */
export const hubModelVersions = pgTable('hub_model_versions', {
  runId: integer('run_id')
    .primaryKey()
    .references(() => hubRuns.id, { onDelete: 'cascade' }),
  modelRunId: integer('model_run_id')
    .notNull()
    .references(() => hubRuns.id, { onDelete: 'cascade' }),
  number: integer('number').notNull(),
})

/**
 * Recorded operations (export, import, verify, merge, …) of each source's project, as
 * `project.operations.list()` gives them: upserted whole each pass by (source, local id), so a running
 * operation's progress and its end reach the hub. `error` and `report` are JSON text.
 */
export const hubOperations = pgTable(
  'hub_operations',
  {
    sourceId: integer('source_id')
      .notNull()
      .references(() => hubSources.id, { onDelete: 'cascade' }),
    localId: bigint('local_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    done: bigint('done', { mode: 'number' }).notNull().default(0),
    total: bigint('total', { mode: 'number' }),
    createdAt: doublePrecision('created_at').notNull(),
    startedAt: doublePrecision('started_at'),
    endedAt: doublePrecision('ended_at'),
    error: text('error'),
    report: text('report'),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.localId] })],
)
