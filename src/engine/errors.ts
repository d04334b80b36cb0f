/**
 * Typed errors. Every error Nereid throws is a `NereidError` with a stable string `code` that programs can
 * switch on, a one-line `hint` a person can act on, and an optional `cause`.
 *
 * @example
 * try { run.field('metrics/acc').assign('high') }
 * catch (e) { if (e instanceof NereidError && e.code === 'FIELD_TYPE_CONFLICT') console.error(e.hint) }
 */

/** Options shared by every Nereid error. */
export interface NereidErrorOptions {
  hint: string
  cause?: unknown
}

/** Base class of all Nereid errors. */
export class NereidError extends Error {
  override readonly name: string = 'NereidError'
  readonly code: string
  readonly hint: string

  constructor(code: string, message: string, options: NereidErrorOptions) {
    super(
      `${message}\n  hint: ${options.hint}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    )
    this.code = code
    this.hint = options.hint
  }
}

/** A write whose type differs from the type the field already has, or a child under an atom. */
export class FieldTypeError extends NereidError {
  override readonly name = 'FieldTypeError'
}

/** A field path that is empty, too long, has empty segments or control characters, or is reserved. */
export class InvalidPathError extends NereidError {
  override readonly name = 'InvalidPathError'
}

/** A value Nereid cannot store (a function, a symbol, undefined, a class instance, a mixed array…). */
export class InvalidValueError extends NereidError {
  override readonly name = 'InvalidValueError'
}

/** A series point whose step is not greater than the series' last step (thrown only with `strict: true`). */
export class StepOrderError extends NereidError {
  override readonly name = 'StepOrderError'
}

/** A run, field or project that does not exist. */
export class NotFoundError extends NereidError {
  override readonly name = 'NotFoundError'
}

/** A write through a read-only handle, or to a closed run or project. */
export class ReadOnlyError extends NereidError {
  override readonly name = 'ReadOnlyError'
}

/** A project written by a newer Nereid, or a directory that is not a project. */
export class FormatVersionError extends NereidError {
  override readonly name = 'FormatVersionError'
}

/** Stored bytes that do not decode (a truncated chunk, a corrupt file). */
export class CorruptDataError extends NereidError {
  override readonly name = 'CorruptDataError'
}

/** An option object with an unknown key or a value of the wrong kind. */
export class InvalidOptionError extends NereidError {
  override readonly name = 'InvalidOptionError'
}

/** The database stayed locked by other processes longer than Nereid is willing to wait. */
export class BusyError extends NereidError {
  override readonly name = 'BusyError'
}
