/**
 * A run's event log (Datature's run log): append-only (time, type, JSON payload) records. Nereid itself
 * records started, resumed, forked, closed and failed; programs add their own (checkpoint saved, early
 * stop…). Each append is written at once, in its own small transaction.
 *
 * @example
 * run.events.append('lr_drop', { from: 0.1, to: 0.01 })
 * run.events.list({ type: 'lr_drop' })   // [{ time: Date, type: 'lr_drop', payload: { from: 0.1, to: 0.01 } }]
 */
import { and, asc, eq, gte, type SQL } from 'drizzle-orm'
import { events } from '../../../schema/lifecycle.js'
import type { Database, Db } from '../driver/database.js'
import { InvalidValueError } from '../errors.js'

/** One event. */
export interface RunEvent {
  time: Date
  type: string
  payload: unknown
}

/** Filters of events.list(). */
export interface EventFilter {
  type?: string
  /** Only events at or after this time. */
  since?: Date | number
}

/** Writes one event inside an open transaction. */
export function insertEvent(
  db: Db,
  runRowId: number,
  type: string,
  payload: unknown,
  time = Date.now(),
): void {
  db.insert(events)
    .values({ runId: runRowId, time, type, payload: JSON.stringify(payload ?? null) })
    .run()
}

/** Milliseconds of a `since` filter; a time that is no time would silently match nothing, so it throws. */
function sinceMs(since: unknown): number {
  const ms = since instanceof Date ? since.getTime() : since
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new InvalidValueError(
      'INVALID_EVENT_FILTER',
      `events.list({ since }) needs a valid Date or milliseconds since the epoch, got ${String(since)}`,
      {
        hint: 'Pass a Date, or a number such as Date.now() - 60_000.',
      },
    )
  }
  return ms
}

/** Read access to a run's events. */
export class EventLog {
  readonly #database: Database
  readonly #runRowId: number

  /** Made by a run handle; not meant to be called directly. */
  constructor(database: Database, runRowId: number) {
    this.#database = database
    this.#runRowId = runRowId
  }

  /** Events in the order they were appended, optionally of one type and since a time. */
  list(filter: EventFilter = {}): RunEvent[] {
    const where: SQL[] = [eq(events.runId, this.#runRowId)]
    if (filter.type !== undefined) {
      if (typeof filter.type !== 'string') {
        throw new InvalidValueError(
          'INVALID_EVENT_FILTER',
          `events.list({ type }) takes a string, got ${typeof filter.type}`,
          { hint: "Pass an event type such as 'checkpoint_saved'." },
        )
      }
      where.push(eq(events.type, filter.type))
    }
    if (filter.since !== undefined) where.push(gte(events.time, sinceMs(filter.since)))
    return this.#database
      .read((db) =>
        db
          .select()
          .from(events)
          .where(and(...where))
          .orderBy(asc(events.id))
          .all(),
      )
      .map((row) => ({
        time: new Date(row.time),
        type: row.type,
        payload: JSON.parse(row.payload) as unknown,
      }))
  }
}

/** A run's event log, writable. */
export class WritableEventLog extends EventLog {
  readonly #database: Database
  readonly #runRowId: number
  readonly #assertOpen: () => void

  /** Made by a Run; not meant to be called directly. `assertOpen` throws once the run is closed. */
  constructor(database: Database, runRowId: number, assertOpen: () => void = () => {}) {
    super(database, runRowId)
    this.#database = database
    this.#runRowId = runRowId
    this.#assertOpen = assertOpen
  }

  /** Appends an event now; `payload` must be JSON-serialisable. Throws RUN_CLOSED on a closed run. */
  append(type: string, payload: unknown = null): void {
    this.#assertOpen()
    if (typeof type !== 'string' || type.length === 0 || type.length > 256) {
      throw new InvalidValueError(
        'INVALID_EVENT',
        `an event type must be a non-empty string of at most 256 characters, got ${JSON.stringify(type)}`,
        {
          hint: "Use a short name such as 'checkpoint_saved'.",
        },
      )
    }
    let text: string | undefined
    try {
      text = JSON.stringify(payload ?? null)
    } catch (error) {
      throw new InvalidValueError(
        'INVALID_EVENT',
        `the payload of event '${type}' is not JSON-serialisable`,
        {
          hint: 'Pass plain objects, arrays, strings, numbers and booleans (no cycles, no bigints).',
          cause: error,
        },
      )
    }
    if (text === undefined) {
      throw new InvalidValueError(
        'INVALID_EVENT',
        `the payload of event '${type}' is not JSON-serialisable`,
        {
          hint: 'Pass plain objects, arrays, strings, numbers and booleans (not a function or a symbol).',
        },
      )
    }
    this.#database.write((db) => insertEvent(db, this.#runRowId, type, payload))
  }
}
