/**
 * HTTP-level errors and the JSON error body `{ error: { code, message, hint } }` (docs/server.md): engine
 * errors keep their code and get a status from their class; anything unexpected is a 500 INTERNAL that
 * shows no internals.
 *
 * @example
 * throw new HttpError(400, 'BAD_REQUEST', "'limit' must be an integer from 0 to 1000", 'Pass limit=100.')
 * errorBody(new NotFoundError('RUN_NOT_FOUND', 'no run X', { hint: '…' }))   // { status: 404, body: { error: … } }
 */
import {
  BusyError,
  FieldTypeError,
  InvalidOptionError,
  InvalidPathError,
  InvalidValueError,
  NereidError,
  NotFoundError,
  QueryError,
  StepOrderError,
} from '../index.js'

/** An error answered with `status`. */
export class HttpError extends NereidError {
  override readonly name = 'HttpError'

  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 416 | 503,
    code: string,
    message: string,
    hint: string,
  ) {
    super(code, message, { hint })
  }
}

/** The JSON body of an error reply. */
export interface ErrorBody {
  error: { code: string; message: string; hint: string; column?: number }
}

function statusOf(error: NereidError): number {
  if (error instanceof HttpError) return error.status
  if (error instanceof NotFoundError) return 404
  if (
    error instanceof QueryError ||
    error instanceof InvalidValueError ||
    error instanceof InvalidOptionError ||
    error instanceof InvalidPathError ||
    error instanceof FieldTypeError ||
    error instanceof StepOrderError
  )
    return 400
  if (error instanceof BusyError) return 503
  return 500
}

/** The status and body answering `error`. */
export function errorBody(error: unknown): { status: number; body: ErrorBody } {
  if (!(error instanceof NereidError)) {
    return {
      status: 500,
      body: {
        error: {
          code: 'INTERNAL',
          message: 'the server failed to answer this request',
          hint: 'See the server log; report it if it repeats.',
        },
      },
    }
  }
  const message = error.message.split('\n  hint: ')[0] ?? error.message
  const body: ErrorBody = { error: { code: error.code, message, hint: error.hint } }
  if (error instanceof QueryError) body.error.column = error.column
  return { status: statusOf(error), body }
}
