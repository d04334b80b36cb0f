/**
 * The whole-dict checks of `log()` and `assign()`, run before anything is buffered so that a call that
 * throws writes nothing. A value no field type can hold (null, undefined, an array that is not all
 * strings, a class instance, a function, a symbol) is *unsupported*: inside a dict it is skipped with a
 * once-per-path UNSUPPORTED_VALUE warning (with `strict: true` it throws). A value of a storable kind
 * that cannot be stored as given (a bigint beyond 64 bits or not exact as a float, a string with half a
 * surrogate pair, an invalid Date, a bad path, a type conflict, a bad step) is *invalid*: it always throws.
 *
 * @example
 * checkDict(writer, readDict({ loss: 0.3, note: null }), 5)   // { paths: ['loss'], values: [0.3] }, one warning
 */
import { InvalidValueError } from '../errors.js'
import { fieldTypeConflict } from './errors.js'
import type { RunWriter } from '../runs/writer.js'
import { isPlainObject } from './values.js'
import { bigintPoint, checkString } from './value-checks.js'
import { rememberShape, sameShape } from './log-shape.js'
import { isHistogramLike, toHistogram } from './histogram.js'

export { bigintPoint, checkInt64, checkString } from './value-checks.js'

/** Paths already warned about, per writer (the warning is once per path). */
const warned = new WeakMap<RunWriter, Set<string>>()

/** What kind of unsupported value `value` is, or undefined when some field type can hold its kind. */
export function unsupportedKind(value: unknown): string | undefined {
  switch (typeof value) {
    case 'number':
    case 'bigint':
    case 'boolean':
    case 'string':
      return undefined
    case 'object':
      if (value === null) return 'null'
      if (value instanceof Date || isPlainObject(value)) return undefined
      if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? undefined : 'array'
      return (value as object).constructor?.name ?? 'object'
    default:
      return typeof value
  }
}

/**
 * Reports an unsupported value at `path` of a dict: throws with `strict`, else warns once per path.
 * Returns normally when the value is to be skipped.
 */
export function skipUnsupported(writer: RunWriter, path: string, kind: string, method: string): void {
  const hint = `Convert it first (stringifyUnsupported(dict) turns such values into strings), or drop the key.`
  if (writer.options.strict) {
    throw new InvalidValueError('INVALID_VALUE', `${method}() cannot store a ${kind} at '${path}'`, { hint })
  }
  let paths = warned.get(writer)
  if (!paths) warned.set(writer, (paths = new Set()))
  if (paths.has(path)) return
  paths.add(path)
  writer.options.onWarning({
    code: 'UNSUPPORTED_VALUE',
    path,
    message: `${method}() skipped '${path}': a ${kind} is no field value (further values of this path are skipped silently; pass strict: true to throw instead). ${hint}`,
  })
}

/**
 * Throws FIELD_TYPE_CONFLICT when one of `paths` (fields one call creates) lies inside another, like
 * { m: 1, 'm/x': 2 }: each is fine alone, but together one would be written and the other refused.
 */
export function checkNested(paths: readonly string[]): void {
  const all = new Set(paths)
  for (const path of paths) {
    for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
      const parent = path.slice(0, i)
      if (!all.has(parent)) continue
      throw fieldTypeConflict(
        `'${parent}' and '${path}' cannot both be written: a field cannot hold another field`,
        `Use sibling paths, such as '${parent}/value' and '${path}'.`,
      )
    }
  }
}

function notADict(values: unknown): never {
  const what = values === null ? 'null' : Array.isArray(values) ? 'an array' : typeof values
  throw new InvalidValueError('INVALID_VALUE', `log() takes an object of path: value, got ${what}`, {
    hint: "Pass an object: run.log({ 'train/loss': 0.3 }, { step }); for one series use run.field(path).append(value).",
  })
}

/** A checked `log()` dict: the paths to write, in order, and their values (`values[i]` is at `paths[i]`). */
export interface LogPoints {
  paths: string[]
  values: unknown[]
}

/** The keys of a `log()` dict and its values, each read once; INVALID_VALUE for what is no dict. */
export function readDict(values: unknown): LogPoints {
  if (!isPlainObject(values)) notADict(values)
  const paths = Object.keys(values)
  let vals = Object.values(values)
  if (vals.length !== paths.length) vals = paths.map((path) => values[path]) // a getter changed the dict
  return { paths, values: vals }
}

/**
 * Checks every point of a `log()` dict (read by {@link readDict}) before any is buffered: the values, the
 * paths and types, and the step against each series. Returns the paths to write, in order (the dict's keys
 * without the unsupported ones it skipped), with their values: each value was read once (Object.values,
 * not a keyed load per key and pass), and the caller writes the very values that were checked.
 */
export function checkDict(writer: RunWriter, dict: LogPoints, step: number | undefined): LogPoints {
  const { paths, values: vals } = dict
  if (sameShape(writer, paths, vals)) {
    if (step !== undefined && paths.length > 0) writer.checkStep(paths[0]!, step)
    return { paths, values: vals }
  }
  const checked = checkEach(writer, vals, paths, step)
  if (checked.paths === paths && !writer.options.strict) rememberShape(writer, paths, vals)
  return checked
}

/** The full check of every key (see checkDict). */
function checkEach(
  writer: RunWriter,
  values: unknown[],
  paths: string[],
  step: number | undefined,
): LogPoints {
  let skipped: boolean[] | undefined
  let fresh: string[] | undefined
  // Without strict, a step that does not increase is only dropped: what can throw (NaN, at or before a
  // fork's step) is the same for every key, so it is checked once, not per key (the hot path).
  const strict = writer.options.strict
  let stepChecked = step === undefined || strict
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i]!
    const value = values[i]
    let type: 'FloatSeries' | 'StringSeries' | 'HistogramSeries'
    if (typeof value === 'number') type = 'FloatSeries'
    else if (typeof value === 'string') {
      checkString(path, value)
      type = 'StringSeries'
    } else if (typeof value === 'bigint') {
      bigintPoint(path, value)
      type = 'FloatSeries'
    } else if (isHistogramLike(value)) {
      toHistogram(path, value) // throws INVALID_HISTOGRAM before anything is buffered
      type = 'HistogramSeries'
    } else {
      skipUnsupported(writer, path, unsupportedKind(value) ?? typeof value, 'log')
      ;(skipped ??= [])[i] = true
      continue
    }
    const isNew = writer.precheck(path, type, strict ? step : undefined)
    if (!stepChecked) {
      writer.checkStep(path, step as number)
      stepChecked = true
    }
    if (isNew) (fresh ??= []).push(path)
  }
  if (fresh && fresh.length > 1) checkNested(fresh) // only a dict with new paths pays for this
  if (!skipped) return { paths, values }
  const kept = (_: unknown, i: number) => skipped[i] !== true
  return { paths: paths.filter(kept), values: values.filter(kept) }
}
