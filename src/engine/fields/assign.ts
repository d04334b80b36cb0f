/**
 * `assign`: turns a value or a nested object into typed atom and string-set writes, checks all of them
 * before buffering any (one bad value writes nothing), and casts to a field's existing type where nothing
 * is lost (12 into an Integer field).
 *
 * @example
 * assignValues(writer, 'parameters', { lr: 0.01, layers: 3n, tags: ['a', 'b'] })
 */
import type { RunWriter } from '../runs/writer.js'
import { castAtom, encodeAtom, type AtomCells } from './atom-codec.js'
import { fieldTypeConflict } from './errors.js'
import { isAtom, isSeries, type FieldType } from './types.js'
import { checkPath } from './paths.js'
import { flatten, isPlainObject, typeOfValue } from './values.js'
import { storedOf, type StoredCells } from './stored-value.js'
import { checkNested, skipUnsupported, unsupportedKind } from './validate-dict.js'
import { InvalidValueError } from '../errors.js'

type Write =
  { path: string; type: FieldType; cells: AtomCells } | { path: string; type: 'StringSet'; set: string[] }

/** A fetched file value: an Artifact is copied (it refers to files by path and hash); a File is refused. */
function resolveStored(writer: RunWriter, path: string, stored: StoredCells, internal: boolean): Write {
  if (stored.type !== 'Artifact') {
    throw new InvalidValueError(
      'INVALID_VALUE',
      `cannot assign a fetched ${stored.type} to '${path}': it names a stored object, not a value`,
      {
        hint: `Copy the file with field('${path}').upload(path) after download(), or assign its hash as a string.`,
      },
    )
  }
  const existing = writer.typeOf(path)
  if (existing !== undefined && existing !== 'Artifact') {
    throw fieldTypeConflict(
      `'${path}' is a ${existing} field; assign() cannot write an Artifact to it`,
      'Assign the artifact to another path.',
    )
  }
  writer.checkClaim(path, 'Artifact', internal)
  return { path, type: 'Artifact', cells: { num: stored.num, text: stored.text, bits: null } }
}

function resolve(writer: RunWriter, path: string, value: unknown, internal: boolean): Write {
  checkPath(path, internal ? 'read' : 'write') // a reserved path is refused as such, whatever its type
  const stored = storedOf(value)
  if (stored !== undefined) return resolveStored(writer, path, stored, internal)
  const inferred = typeOfValue(path, value)
  const existing = writer.typeOf(path)
  if (inferred === 'StringSet') {
    writer.checkClaim(path, 'StringSet', internal)
    return { path, type: 'StringSet', set: value as string[] }
  }
  if (existing !== undefined && !isAtom(existing)) {
    throw fieldTypeConflict(
      `'${path}' is a ${existing} field; assign() cannot write a ${inferred} to it`,
      existing === 'StringSet'
        ? 'Use add()/remove() on a StringSet, or assign an array of strings.'
        : isSeries(existing)
          ? 'Series take points through append()/extend()/log(); use another path for an atom.'
          : 'File fields take files through their own methods (upload, uploadFiles, trackFiles; docs/files.md); use another path for an atom.',
    )
  }
  const type = existing ?? inferred
  const cast = castAtom(path, type, value)
  writer.checkClaim(path, type, internal)
  return { path, type, cells: encodeAtom(type, cast) }
}

/** Paths one assign writes: none twice ({ a: { b: 1 }, 'a/b': 2 }), none inside another ({ m: 1, 'm/x': 2 }). */
function checkTogether(paths: readonly string[]): void {
  if (new Set(paths).size !== paths.length) {
    const twice = paths.find((p, i) => paths.indexOf(p) !== i)
    throw new InvalidValueError('DUPLICATE_PATH', `assign() names '${twice}' twice`, {
      hint: "Write each field once: { a: { b: 1 } } and { 'a/b': 1 } are the same field.",
    })
  }
  checkNested(paths)
}

function keep(writer: RunWriter, path: string, value: unknown, internal: boolean): boolean {
  const kind = unsupportedKind(value)
  if (kind === undefined) return true
  checkPath(path, internal ? 'read' : 'write') // a bad path is an error even for a skipped value
  skipUnsupported(writer, path, kind, 'assign')
  return false
}

/**
 * Assigns `value` at `namespace` (a nested object fans out into fields). `internal` lets Nereid itself
 * write the sys namespace.
 */
export function assignValues(writer: RunWriter, namespace: string, value: unknown, internal = false): void {
  const pairs = flatten(namespace, value)
  // an empty dict writes nothing, but at a path that could hold nothing it is still an error
  if (pairs.length === 0 && namespace !== '') checkPath(namespace, internal ? 'read' : 'write')
  // inside a dict, a value no field can hold is skipped with a warning (strict: thrown); alone, it throws
  const kept = isPlainObject(value) ? pairs.filter(([path, v]) => keep(writer, path, v, internal)) : pairs
  const writes = kept.map(([path, v]) => resolve(writer, path, v, internal))
  if (writes.length > 1) checkTogether(writes.map((w) => w.path))
  for (const write of writes) {
    if ('set' in write) {
      const values = write.set
      writer.editSet(
        write.path,
        (set) => {
          set.clear()
          for (const v of values) set.add(v)
        },
        internal,
      )
    } else {
      writer.assignAtom(write.path, write.type, write.cells, internal)
    }
  }
}
