/**
 * The tables of project.db, declared once with drizzle. `npm run db:generate` turns changes here into a new
 * SQL migration under schema/migrations; the engine applies pending migrations when it opens a project.
 * docs/format.md describes every column for readers that do not use Nereid.
 */
import {
  blob,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from 'drizzle-orm/sqlite-core'

/** Key/value facts about the project: `format_version`, `key` (the run id prefix), `created_at`. */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
})

/**
 * Field containers: runs (kind 'run'), models ('model') and model versions ('model_version'). `sysId` is
 * the short human id (`DEMO-7`), `number` its counter within the kind. A forked run names its parent and
 * the step it was forked at: its series read as the parent's points up to that step, then its own.
 */
export const runs = sqliteTable(
  'runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull().default('run'),
    number: integer('number').notNull(),
    sysId: text('sys_id').notNull(),
    uuid: text('uuid').notNull(),
    customRunId: text('custom_run_id'),
    createdAt: real('created_at').notNull(),
    parentId: integer('parent_id').references((): AnySQLiteColumn => runs.id, { onDelete: 'set null' }),
    forkStep: real('fork_step'),
    forkDepth: integer('fork_depth').notNull().default(0),
  },
  (t) => [
    uniqueIndex('runs_sys_id').on(t.sysId),
    uniqueIndex('runs_uuid').on(t.uuid),
    uniqueIndex('runs_custom_run_id').on(t.kind, t.customRunId),
  ],
)

/**
 * One row per field of a container. Atoms keep their value here (`num` for numbers, booleans and datetimes,
 * `text` for strings, integers as decimal text, string sets as a JSON array). `bits` holds a Float's exact
 * float64 because SQLite's REAL turns NaN into NULL and -0 into 0. Series keep their summary here (count,
 * step range, last, min, max, sums), so a runs table never opens a chunk.
 */
export const fields = sqliteTable(
  'fields',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: integer('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    path: text('path').notNull(),
    type: text('type').notNull(),
    num: real('num'),
    text: text('text'),
    bits: blob('bits', { mode: 'buffer' }),
    count: integer('count').notNull().default(0),
    firstStep: real('first_step'),
    lastStep: real('last_step'),
    last: real('last'),
    lastBits: blob('last_bits', { mode: 'buffer' }),
    min: real('min'),
    max: real('max'),
    finiteCount: integer('finite_count').notNull().default(0),
    sum: real('sum').notNull().default(0),
    sumSq: real('sum_sq').notNull().default(0),
    updatedAt: real('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('fields_run_path').on(t.runId, t.path),
    index('fields_path').on(t.path),
    // changesSince (query/changes.ts): the fields written after a time, without scanning every field
    index('fields_updated_at').on(t.updatedAt),
  ],
)

/**
 * Float series points in columnar chunks, appended by flushes and merged by compaction. `vals` holds
 * little-endian float64s; `steps` is NULL when the steps are consecutive integers from `stepFirst`;
 * `times` holds delta-encoded millisecond timestamps (see src/engine/series-codec.ts).
 */
export const seriesChunks = sqliteTable(
  'series_chunks',
  {
    id: integer('id').primaryKey(),
    fieldId: integer('field_id')
      .notNull()
      .references(() => fields.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    count: integer('count').notNull(),
    stepFirst: real('step_first').notNull(),
    stepLast: real('step_last').notNull(),
    min: real('min'),
    max: real('max'),
    vals: blob('vals', { mode: 'buffer' }).notNull(),
    steps: blob('steps', { mode: 'buffer' }),
    times: blob('times', { mode: 'buffer' }).notNull(),
    /** Level-of-detail blocks (series/lod.ts): per 256 points, exact count, min, max, first, last, sum. NULL in chunks written before format 2. */
    lod: blob('lod', { mode: 'buffer' }),
  },
  (t) => [uniqueIndex('series_chunks_field_seq').on(t.fieldId, t.seq)],
)

/** String series points, one row per entry (log lines are few and read whole). */
export const stringPoints = sqliteTable(
  'string_points',
  {
    fieldId: integer('field_id')
      .notNull()
      .references(() => fields.id, { onDelete: 'cascade' }),
    step: real('step').notNull(),
    time: real('time').notNull(),
    value: text('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.fieldId, t.step] })],
)

/**
 * What a fork's series read of their ancestors, fixed when the fork is made: the child's field `fieldId`
 * reads the ancestor field `sourceFieldId`'s points with step <= `upTo` (the fork step, or the ancestor
 * series' last step at fork time when lower), then its own points. `position` 1 is the parent, 2 its
 * parent, …; a read goes from the highest position down to 1. A source field with rows here cannot be
 * deleted (FORK_READS_SERIES).
 */
export const forkReads = sqliteTable(
  'fork_reads',
  {
    fieldId: integer('field_id')
      .notNull()
      .references(() => fields.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    sourceFieldId: integer('source_field_id').notNull(),
    upTo: real('up_to').notNull(),
  },
  (t) => [primaryKey({ columns: [t.fieldId, t.position] }), index('fork_reads_source').on(t.sourceFieldId)],
)
