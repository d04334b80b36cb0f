/**
 * The field types. A field's type is fixed by its first write; atoms hold one value, series hold points
 * with steps, sets hold strings.
 *
 * @example
 * isSeries('FloatSeries')   // true
 */

/** Types that hold one value. */
export type AtomType = 'Float' | 'Integer' | 'Boolean' | 'String' | 'Datetime'

/** Types that hold points along steps. */
export type SeriesType = 'FloatSeries' | 'StringSeries'

/** Every field type. */
export type FieldType = AtomType | 'StringSet' | SeriesType

const ATOMS: ReadonlySet<string> = new Set<AtomType>(['Float', 'Integer', 'Boolean', 'String', 'Datetime'])

/** True for Float, Integer, Boolean, String and Datetime. */
export function isAtom(type: FieldType): type is AtomType {
  return ATOMS.has(type)
}

/** True for FloatSeries and StringSeries. */
export function isSeries(type: FieldType): type is SeriesType {
  return type === 'FloatSeries' || type === 'StringSeries'
}
