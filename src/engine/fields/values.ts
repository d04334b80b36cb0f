/**
 * Turns JavaScript values into typed field writes: a number is a Float, a bigint an Integer, a boolean a
 * Boolean, a string a String, a Date a Datetime, an array of strings a StringSet, and a plain object a
 * namespace of fields. Everything else is refused with an error that names the path.
 *
 * @example
 * flatten('parameters', { lr: 0.01, opt: { name: 'adam' } })
 * // [['parameters/lr', 0.01], ['parameters/opt/name', 'adam']]
 */
import type { AtomType } from './types.js'
import { InvalidValueError } from '../errors.js'
import { checkPath, joinPath } from './paths.js'
import { storedOf } from './stored-value.js'
import { checkInt64, checkString } from './value-checks.js'

/** A value that can be assigned to one field. */
export type AtomValue = number | bigint | boolean | string | Date

/** A value `assign` accepts: an atom, a list of strings (a StringSet), or a nested object of those. */
export type AssignValue = AtomValue | readonly string[] | { readonly [key: string]: AssignValue }

/** True for `{}`-style objects (not arrays, dates, class instances). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object'
  return typeof value
}

/** Throws the error for a value no field type can hold. */
export function unsupported(path: string, value: unknown): never {
  if (Array.isArray(value)) {
    throw new InvalidValueError('INVALID_VALUE', `cannot assign an array to '${path}'`, {
      hint: `Only arrays of strings are stored (as a StringSet). For a series use field('${path}').extend(values); otherwise assign a string such as JSON.stringify(value).`,
    })
  }
  throw new InvalidValueError(
    'INVALID_VALUE',
    `cannot store a value of type ${describe(value)} at '${path}'`,
    {
      hint: 'Fields hold numbers, bigints, booleans, strings, Dates, arrays of strings and nested plain objects of those; convert the value (for example with String(value)).',
    },
  )
}

/** The atom type of `value`, or 'StringSet' for an array of strings; throws for anything else. */
export function typeOfValue(path: string, value: unknown): AtomType | 'StringSet' {
  switch (typeof value) {
    case 'number':
      return 'Float'
    case 'bigint':
      checkInt64(path, value)
      return 'Integer'
    case 'boolean':
      return 'Boolean'
    case 'string':
      checkString(path, value)
      return 'String'
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new InvalidValueError('INVALID_VALUE', `cannot store an invalid Date at '${path}'`, {
        hint: 'The Date was built from something that is not a time; check its source.',
      })
    }
    return 'Datetime'
  }
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    for (const item of value as string[]) checkString(path, item)
    return 'StringSet'
  }
  return unsupported(path, value)
}

/**
 * Expands nested plain objects into [path, value] pairs under `namespace`; an object that contains
 * itself is refused (CYCLIC_VALUE) instead of recursing until the stack runs out.
 */
export function flatten(
  namespace: string,
  value: unknown,
  out: [string, unknown][] = [],
  inside: Set<object> = new Set(),
): [string, unknown][] {
  if (!isPlainObject(value) || storedOf(value) !== undefined) {
    // only an object can sit at the root; a value there lacks its path ('' is no field path)
    if (namespace === '') checkPath(namespace, 'write')
    out.push([namespace, value])
    return out
  }
  if (inside.has(value)) {
    throw new InvalidValueError('CYCLIC_VALUE', `the object at '${namespace}' contains itself`, {
      hint: 'Assign a tree of plain objects: remove the reference back to an enclosing object.',
    })
  }
  inside.add(value)
  for (const [key, child] of Object.entries(value)) flatten(joinPath(namespace, key), child, out, inside)
  inside.delete(value)
  return out
}
