/**
 * The checks every file read makes: the field exists (else a NotFoundError with a hint) and has the
 * type the method needs (else a FieldTypeError naming both types).
 *
 * @example
 * const row = requireType('model/weights', fieldRow(run, 'model/weights'), 'File', 'download')
 */
import { NotFoundError } from '../errors.js'
import { wrongFieldType } from '../fields/errors.js'
import type { FieldRow } from '../fields/store.js'
import type { FieldType } from '../fields/types.js'

const HOW: Partial<Record<FieldType, string>> = {
  File: 'upload(path)',
  FileSet: "uploadFiles('dir/**')",
  FileSeries: 'appendFile(path) or append(buffer)',
  Artifact: 'trackFiles(path)',
}

/** `row` if it is a field of type `type` (or one of `type`); typed errors otherwise. */
export function requireType(
  path: string,
  row: FieldRow | undefined,
  type: FieldType | readonly FieldType[],
  method: string,
): FieldRow {
  const types: readonly FieldType[] = typeof type === 'string' ? [type] : type
  if (!row) {
    throw new NotFoundError('FIELD_NOT_FOUND', `the run has no field '${path}'`, {
      hint: `Write it first (${types.map((t) => HOW[t] ?? t).join(' / ')}), or check the path with run.structure().`,
    })
  }
  if (!types.includes(row.type as FieldType)) {
    throw wrongFieldType(
      method,
      path,
      row.type,
      types.join(' or '),
      row.type === 'FloatSeries' || row.type === 'StringSeries'
        ? 'Read a series with fetchLast() or fetchValues().'
        : 'Check the field with field.type(); each file type has its own methods (docs/files.md).',
    )
  }
  return row
}
