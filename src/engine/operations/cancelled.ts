/**
 * The error an operation ends with when its AbortSignal fires: the operation is recorded `cancelled` and
 * what it was writing is removed (an export's partial output) or never committed (an import's merge).
 *
 * @example
 * try { await project.export(out, { signal }) }
 * catch (e) { if (e instanceof OperationCancelledError) console.error('export cancelled, nothing written') }
 */
import { NereidError } from '../errors.js'

/** An operation stopped by its AbortSignal (code OPERATION_CANCELLED). */
export class OperationCancelledError extends NereidError {
  override readonly name = 'OperationCancelledError'
}

/** Throws OperationCancelledError when `signal` has fired; call between units of work. */
export function throwIfCancelled(signal: AbortSignal | undefined, kind: string): void {
  if (signal?.aborted) {
    throw new OperationCancelledError('OPERATION_CANCELLED', `${kind} was cancelled`, {
      hint: 'Nothing half-written was kept; run it again to finish.',
      cause: signal.reason,
    })
  }
}
