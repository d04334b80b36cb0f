/**
 * Runs a piece of work as a recorded operation: a row in `operations` goes queued -> running ->
 * finished | errored | cancelled, with its progress written at most a few times a second (so a reader in
 * another process sees it move without the work paying a commit per unit). An AbortSignal cancels it:
 * the work checks `ctx.check()` between units, and the row ends `cancelled`.
 *
 * @example
 * const report = await runOperation(database, 'verify', { signal }, async (ctx) => {
 *   ctx.progress(0, items.length)
 *   for (const [i, item] of items.entries()) { ctx.check(); await work(item); ctx.progress(i + 1) }
 *   return { ok: true }
 * })
 */
import type { Database } from '../driver/database.js'
import { InvalidOptionError } from '../errors.js'
import { OperationCancelledError, throwIfCancelled } from './cancelled.js'
import { endOperation, insertOperation, setProgress, startOperation } from './store.js'

/** Options every recorded operation takes. */
export interface OperationOptions {
  /** Cancels the operation (status cancelled, nothing half-written kept). */
  signal?: AbortSignal
  /** Called on every progress update, in this process. */
  onProgress?: (progress: { done: number; total: number | null }) => void
}

/** What the work of an operation is handed. */
export interface OperationContext {
  readonly signal: AbortSignal | undefined
  /** Records `done` units of work (and the total, when it becomes known). */
  progress(done: number, total?: number | null): void
  /** Throws OperationCancelledError when the signal has fired. */
  check(): void
}

/** Most progress commits per second. */
const PROGRESS_EVERY_MS = 250

/** Checks the options every operation shares; throws InvalidOptionError. */
export function checkOperationOptions(options: OperationOptions): void {
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new InvalidOptionError('INVALID_OPTION', "option 'signal' must be an AbortSignal", {
      hint: 'Pass new AbortController().signal, or leave it out.',
    })
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new InvalidOptionError('INVALID_OPTION', "option 'onProgress' must be a function", {
      hint: 'Pass (p) => console.log(p.done, p.total), or leave it out.',
    })
  }
}

/** Runs `work` as an operation of `kind` recorded in `database`; `reportOf` picks what to record of its result. */
export async function runOperation<T>(
  database: Database,
  kind: string,
  options: OperationOptions,
  work: (ctx: OperationContext) => Promise<T>,
  reportOf: (result: T) => unknown = (result) => result,
): Promise<T> {
  checkOperationOptions(options)
  const id = database.write((db) => insertOperation(db, kind, Date.now()))
  let done = 0
  let total: number | null = null
  let written = 0
  const ctx: OperationContext = {
    signal: options.signal,
    progress: (d, t) => {
      done = d
      if (t !== undefined) total = t
      options.onProgress?.({ done, total })
      const now = Date.now()
      if (now - written < PROGRESS_EVERY_MS && done !== total) return
      written = now
      database.write((db) => setProgress(db, id, done, total))
    },
    check: () => throwIfCancelled(options.signal, kind),
  }
  try {
    database.write((db) => startOperation(db, id, Date.now()))
    ctx.check()
    const result = await work(ctx)
    database.write((db) => {
      setProgress(db, id, done, total)
      endOperation(db, id, 'finished', { report: reportOf(result) }, Date.now())
    })
    return result
  } catch (error) {
    const cancelled = error instanceof OperationCancelledError || options.signal?.aborted === true
    const thrown =
      cancelled && !(error instanceof OperationCancelledError) ? cancelledError(kind, error) : error
    database.write((db) => {
      setProgress(db, id, done, total)
      endOperation(db, id, cancelled ? 'cancelled' : 'errored', { error: thrown }, Date.now())
    })
    throw thrown
  }
}

function cancelledError(kind: string, cause: unknown): OperationCancelledError {
  return new OperationCancelledError('OPERATION_CANCELLED', `${kind} was cancelled`, {
    hint: 'Nothing half-written was kept; run it again to finish.',
    cause,
  })
}
