/**
 * `stringifyUnsupported(dict)`: a copy of a nested dict in which every value no field type can hold
 * (null, undefined, an array that is not all strings, a class instance, a function, a symbol) is turned
 * into a string, so that assign() or log() stores it instead of skipping it. Plain objects are copied
 * recursively; a reference back to an enclosing object becomes '[Circular]'.
 *
 * @example
 * run.assign('parameters', stringifyUnsupported({ lr: 0.1, betas: [0.9, 0.999], scheduler: null }))
 * // parameters/lr = 0.1, parameters/betas = '[0.9,0.999]', parameters/scheduler = 'null'
 */
import { InvalidValueError } from '../errors.js'
import { isPlainObject } from './values.js'
import { unsupportedKind } from './validate-dict.js'

/** JSON where it can (arrays, plain data), else String(value); bigints as their digits. */
function asText(value: unknown): string {
  if (value === undefined || value === null) return String(value)
  if (typeof value === 'function' || typeof value === 'symbol') return String(value)
  const own = (value as { toString?: unknown }).toString
  if (!Array.isArray(value) && typeof own === 'function' && own !== Object.prototype.toString)
    return String(value) // a class with its own toString (a URL, a Map subclass that prints itself)
  try {
    const json = JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
    if (json !== undefined) return json
  } catch {
    // a cycle inside an array or instance: fall back to String()
  }
  return String(value)
}

function copy(dict: Readonly<Record<string, unknown>>, inside: Set<object>): Record<string, unknown> {
  inside.add(dict)
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(dict)) {
    if (isPlainObject(value)) out[key] = inside.has(value) ? '[Circular]' : copy(value, inside)
    else out[key] = unsupportedKind(value) === undefined ? value : asText(value)
  }
  inside.delete(dict)
  return out
}

/** A copy of `dict` with every unsupported value turned into a string (see the file comment). */
export function stringifyUnsupported(dict: Readonly<Record<string, unknown>>): Record<string, unknown> {
  if (!isPlainObject(dict)) {
    throw new InvalidValueError(
      'INVALID_VALUE',
      `stringifyUnsupported() takes a plain object, got ${typeof dict}`,
      {
        hint: 'Pass the dict you would assign or log, such as stringifyUnsupported({ betas: [0.9, 0.999] }).',
      },
    )
  }
  return copy(dict, new Set())
}
