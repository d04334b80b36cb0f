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
export type SeriesType = 'FloatSeries' | 'StringSeries' | 'FileSeries' | 'HistogramSeries'

/** Types that refer to files in the project's object store (or, for Artifact, track files elsewhere). */
export type FileType = 'File' | 'FileSet' | 'Artifact'

/** Every field type. */
export type FieldType = AtomType | 'StringSet' | SeriesType | FileType

const ATOMS: ReadonlySet<string> = new Set<AtomType>(['Float', 'Integer', 'Boolean', 'String', 'Datetime'])

/** True for Float, Integer, Boolean, String and Datetime. */
export function isAtom(type: FieldType): type is AtomType {
  return ATOMS.has(type)
}

/** True for FloatSeries, StringSeries, FileSeries and HistogramSeries. */
export function isSeries(type: FieldType): type is SeriesType {
  return (
    type === 'FloatSeries' || type === 'StringSeries' || type === 'FileSeries' || type === 'HistogramSeries'
  )
}

/** The types whose values are files (or tracked files): one list for every check and query. */
export const FILE_TYPES: readonly FieldType[] = ['File', 'FileSet', 'FileSeries', 'Artifact']

/** True for File, FileSet, FileSeries and Artifact. */
export function isFileType(type: string): boolean {
  return (FILE_TYPES as readonly string[]).includes(type)
}
