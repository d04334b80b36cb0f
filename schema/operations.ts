/**
 * Recorded operations (export, import, gc, verify…): one row per long piece of work on the project, with
 * its status, progress counts, start and end, and the error or report it ended with (JSON). A reader
 * (`project.operations.list()`, `nereid ops`) sees progress while another process runs the operation.
 */
import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/** Operations, newest last. `status`: queued, running, finished, errored or cancelled. */
export const operations = sqliteTable(
  'operations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    /** Units of work done, and the total when known (NULL while unknown). */
    done: integer('done').notNull().default(0),
    total: integer('total'),
    createdAt: real('created_at').notNull(),
    startedAt: real('started_at'),
    endedAt: real('ended_at'),
    /** `{ name, code, message }` of the error an errored or cancelled operation ended with. */
    error: text('error'),
    /** The operation's report (JSON), when it finished. */
    report: text('report'),
  },
  (t) => [index('operations_status').on(t.status)],
)
