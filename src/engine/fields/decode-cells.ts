/**
 * A field's value from its stored cells (schema/tables.ts `fields`: num, text, bits, last, last_bits), for
 * readers that hold field rows outside project.db (the hub): atoms and string sets exactly as a local read
 * decodes them, a FloatSeries as its last value; undefined for other types.
 *
 * @example
 * decodeFieldCells({ type: 'Integer', num: 7, text: '7', bits: null, last: null, lastBits: null })   // 7n
 */
import { decodeAtom, decodeStringSet, floatFromCells } from './atom-codec.js'
import { isAtom, type FieldType } from './types.js'

/** The cells of one field row. */
export interface FieldCells {
  type: string
  num: number | null
  text: string | null
  bits: Buffer | null
  last: number | null
  lastBits: Buffer | null
}

/** The value a local read gives for atoms, StringSet and FloatSeries (its last value); else undefined. */
export function decodeFieldCells(row: FieldCells): unknown {
  const type = row.type as FieldType
  if (isAtom(type)) return decodeAtom(type, row)
  if (type === 'StringSet') return decodeStringSet(row.text)
  if (type === 'FloatSeries')
    return row.last === null && row.lastBits === null ? undefined : floatFromCells(row.last, row.lastBits)
  return undefined
}
