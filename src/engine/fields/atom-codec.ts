/**
 * How atoms and string sets sit in a `fields` row: numbers, booleans and datetimes in `num` (queryable),
 * a Float's exact float64 in `bits` (SQLite's REAL turns NaN into NULL and -0 into 0), integers as decimal
 * `text` (64-bit exact) with an approximate `num`, strings in `text`, string sets as a sorted JSON array.
 *
 * @example
 * const cells = encodeAtom('Float', -0)        // { num: 0, text: null, bits: <8 bytes of -0> }
 * decodeAtom('Float', cells)                    // -0
 */
import type { AtomType } from './types.js'
import type { AtomValue } from './values.js'
import { valueConflict } from './errors.js'

/** The stored cells of one atom. */
export interface AtomCells {
  num: number | null
  text: string | null
  bits: Buffer | null
}

/** The 8 little-endian bytes of a float64. */
export function floatBits(value: number): Buffer {
  const buffer = Buffer.allocUnsafe(8)
  buffer.writeDoubleLE(value, 0)
  return buffer
}

/** The float64 stored in `bits`, else `num` (NULL being NaN). */
export function floatFromCells(num: number | null, bits: Buffer | null): number {
  if (bits && bits.length === 8) return bits.readDoubleLE(0)
  return num ?? Number.NaN
}

function conflict(path: string, type: AtomType, value: unknown): never {
  throw valueConflict(
    path,
    `${type} field`,
    'assign',
    value,
    `Assign a value of type ${type}, or write to another path (a field's type is fixed by its first write).`,
  )
}

/**
 * Converts `value` to the field's `type` where that loses nothing (an integral number into an Integer, a
 * bigint into a Float); throws a FieldTypeError otherwise.
 */
export function castAtom(path: string, type: AtomType, value: unknown): AtomValue {
  switch (type) {
    case 'Float':
      if (typeof value === 'number') return value
      if (typeof value === 'bigint' && BigInt(Number(value)) === value) return Number(value)
      break
    case 'Integer':
      if (typeof value === 'bigint') return value
      if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
      break
    case 'Boolean':
      if (typeof value === 'boolean') return value
      break
    case 'String':
      if (typeof value === 'string') return value
      break
    case 'Datetime':
      if (value instanceof Date) return value
      break
  }
  return conflict(path, type, value)
}

/** Encodes an atom already cast to `type`. */
export function encodeAtom(type: AtomType, value: AtomValue): AtomCells {
  switch (type) {
    case 'Float': {
      const v = value as number
      const exact = Number.isNaN(v) || Object.is(v, -0)
      return { num: Number.isNaN(v) ? null : v, text: null, bits: exact ? floatBits(v) : null }
    }
    case 'Integer':
      return { num: Number(value as bigint), text: (value as bigint).toString(), bits: null }
    case 'Boolean':
      return { num: value ? 1 : 0, text: null, bits: null }
    case 'String':
      return { num: null, text: value as string, bits: null }
    case 'Datetime':
      return { num: (value as Date).getTime(), text: null, bits: null }
  }
}

/** Decodes the cells of an atom of `type`. */
export function decodeAtom(type: AtomType, cells: AtomCells): AtomValue {
  switch (type) {
    case 'Float':
      return floatFromCells(cells.num, cells.bits)
    case 'Integer':
      return BigInt(cells.text ?? '0')
    case 'Boolean':
      return cells.num === 1
    case 'String':
      return cells.text ?? ''
    case 'Datetime':
      return new Date(cells.num ?? 0)
  }
}

/** Encodes a string set: sorted, as JSON, so equal sets are equal text. */
export function encodeStringSet(values: Iterable<string>): string {
  return JSON.stringify([...new Set(values)].sort())
}

/** Decodes a string set stored by {@link encodeStringSet}. */
export function decodeStringSet(text: string | null): string[] {
  return text ? (JSON.parse(text) as string[]) : []
}
