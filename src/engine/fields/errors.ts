/**
 * The errors every part of the engine raises about a field's type, built in one place so their codes,
 * wording and hints stay the same wherever the conflict is found (at the call, at flush, in a store).
 *
 * @example
 * throw typeConflict('metrics/acc', 'FloatSeries', 'a String')
 * // FieldTypeError FIELD_TYPE_CONFLICT: 'metrics/acc' is a FloatSeries field; cannot write a String to it
 */
import { FieldTypeError } from '../errors.js'

/** FIELD_TYPE_CONFLICT with a message and hint of the caller's. */
export function fieldTypeConflict(message: string, hint: string): FieldTypeError {
  return new FieldTypeError('FIELD_TYPE_CONFLICT', message, { hint })
}

/** `path` already holds a field of type `existing`; `wanted` (e.g. 'a String') cannot be written to it. */
export function typeConflict(path: string, existing: string, wanted: string, hint?: string): FieldTypeError {
  return fieldTypeConflict(
    `'${path}' is a ${existing} field; cannot write ${wanted} to it`,
    hint ?? `A field's type is fixed by its first write: write a ${existing}, or use another path.`,
  )
}

/** A value of the wrong kind for the field's type, like a string appended to a FloatSeries. */
export function valueConflict(
  path: string,
  type: string,
  verb: string,
  value: unknown,
  hint: string,
): FieldTypeError {
  return fieldTypeConflict(`'${path}' is a ${type}; cannot ${verb} ${typeof value} ${String(value)}`, hint)
}

/** WRONG_FIELD_TYPE: `method` needs one of `want` but the field is a `type`. */
export function wrongFieldType(
  method: string,
  path: string,
  type: string,
  want: string,
  hint: string,
): FieldTypeError {
  return new FieldTypeError('WRONG_FIELD_TYPE', `${method}() needs a ${want}; '${path}' is a ${type}`, {
    hint,
  })
}
