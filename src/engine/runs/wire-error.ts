/**
 * Errors across a thread boundary: structured cloning keeps neither an error's class nor its `code` and
 * `hint`, so the flush worker sends {@link toWire}'s plain object and the writer rebuilds the same typed
 * error with {@link fromWire} (a NereidError of the same class, code and hint; any other error as an
 * Error of the same name, message and `code`, such as better-sqlite3's SqliteError with SQLITE_FULL).
 *
 * @example
 * fromWire(toWire(new BusyError('BUSY', 'locked', { hint: 'retry' })))   // a BusyError, code 'BUSY'
 */
import {
  BusyError,
  CorruptDataError,
  FieldTypeError,
  FormatVersionError,
  InvalidOptionError,
  InvalidPathError,
  InvalidValueError,
  NereidError,
  NotFoundError,
  ReadOnlyError,
  StepOrderError,
  type NereidErrorOptions,
} from '../errors.js'

/** An error as plain data. */
export interface WireError {
  name: string
  message: string
  code?: string
  hint?: string
  stack?: string
}

type NereidErrorClass = new (code: string, message: string, options: NereidErrorOptions) => NereidError

const CLASSES: Record<string, NereidErrorClass> = {
  NereidError,
  FieldTypeError,
  InvalidPathError,
  InvalidValueError,
  StepOrderError,
  NotFoundError,
  ReadOnlyError,
  FormatVersionError,
  CorruptDataError,
  InvalidOptionError,
  BusyError,
}

/** `error` as plain data. */
export function toWire(error: unknown): WireError {
  if (error instanceof NereidError) {
    const suffix = `\n  hint: ${error.hint}`
    const message = error.message.endsWith(suffix) ? error.message.slice(0, -suffix.length) : error.message
    return { name: error.name, message, code: error.code, hint: error.hint, stack: error.stack }
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    return {
      name: error.name,
      message: error.message,
      code: typeof code === 'string' ? code : undefined,
      stack: error.stack,
    }
  }
  return { name: 'Error', message: String(error) }
}

/** The error `wire` describes, rebuilt in this thread (its stack is the worker's). */
export function fromWire(wire: WireError): Error {
  const Class = CLASSES[wire.name]
  let error: Error
  if (Class !== undefined && wire.code !== undefined && wire.hint !== undefined) {
    error = new Class(wire.code, wire.message, { hint: wire.hint })
  } else {
    error = new Error(wire.message)
    error.name = wire.name
    if (wire.code !== undefined) Object.assign(error, { code: wire.code })
  }
  if (wire.stack !== undefined) error.stack = wire.stack
  return error
}
