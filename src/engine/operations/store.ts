/**
 * The `operations` table in SQL: a row inserted queued, moved to running, its progress updated, and ended
 * finished, errored or cancelled; listed as plain data.
 *
 * @example
 * const id = database.write((db) => insertOperation(db, 'gc', Date.now()))
 * database.read(listOperations)   // [{ id: 1, kind: 'gc', status: 'queued', done: 0, total: null, … }]
 */
import { statement, type Db } from '../driver/database.js'

/** Where an operation is in its life. */
export type OperationStatus = 'queued' | 'running' | 'finished' | 'errored' | 'cancelled'

/** One recorded operation, as plain data. */
export interface OperationSummary {
  id: number
  /** 'export', 'import', 'gc', 'verify', … */
  kind: string
  status: OperationStatus
  /** Units of work done, and the total when known. */
  done: number
  total: number | null
  /** Epoch milliseconds. */
  createdAt: number
  startedAt: number | null
  endedAt: number | null
  /** The error an errored or cancelled operation ended with. */
  error: { name: string; code: string | null; message: string } | null
  /** The report of a finished operation. */
  report: unknown
}

interface OperationRow extends Omit<OperationSummary, 'error' | 'report' | 'status'> {
  status: string
  error: string | null
  report: string | null
}

/** Inserts a queued operation of `kind`; returns its id. */
export function insertOperation(db: Db, kind: string, now: number): number {
  const result = statement(
    db,
    "INSERT INTO operations (kind, status, created_at) VALUES (?, 'queued', ?)",
  ).run(kind, now)
  return Number(result.lastInsertRowid)
}

/** Marks operation `id` running. */
export function startOperation(db: Db, id: number, now: number): void {
  statement(db, "UPDATE operations SET status = 'running', started_at = ? WHERE id = ?").run(now, id)
}

/** Records the progress of operation `id`. */
export function setProgress(db: Db, id: number, done: number, total: number | null): void {
  statement(db, 'UPDATE operations SET done = ?, total = ? WHERE id = ?').run(done, total, id)
}

/** Ends operation `id` with `status`, its error or report. */
export function endOperation(
  db: Db,
  id: number,
  status: Exclude<OperationStatus, 'queued' | 'running'>,
  outcome: { error?: unknown; report?: unknown },
  now: number,
): void {
  const error = outcome.error === undefined ? null : JSON.stringify(errorData(outcome.error))
  const report = outcome.report === undefined ? null : JSON.stringify(outcome.report)
  statement(db, 'UPDATE operations SET status = ?, ended_at = ?, error = ?, report = ? WHERE id = ?').run(
    status,
    now,
    error,
    report,
    id,
  )
}

function errorData(error: unknown): OperationSummary['error'] {
  const e = error as { name?: unknown; code?: unknown; message?: unknown } | null
  return {
    name: typeof e?.name === 'string' ? e.name : 'Error',
    code: typeof e?.code === 'string' ? e.code : null,
    message: typeof e?.message === 'string' ? e.message.split('\n')[0]! : String(error),
  }
}

const COLUMNS =
  'id, kind, status, done, total, created_at AS createdAt, started_at AS startedAt, ended_at AS endedAt, error, report'

function parse(text: string | null): unknown {
  if (text === null) return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return { unreadable: text }
  }
}

/** Every operation, oldest first. */
export function listOperations(db: Db): OperationSummary[] {
  return statement<OperationRow>(db, `SELECT ${COLUMNS} FROM operations ORDER BY id`)
    .all()
    .map((row) => ({
      ...row,
      status: row.status as OperationStatus,
      error: parse(row.error) as OperationSummary['error'],
      report: parse(row.report),
    }))
}
