/**
 * How each Nereid field type appears in the export: its `attribute_type` and the value column its rows
 * fill. The types are the neptune-exporter's (3.x names, plus 2.x's `file_set` and `artifact`, which
 * 3.x lacks and Nereid has); every Nereid type has one. Rows of a run come in the exporter's order:
 * parameters (atoms, sets), metrics (float series), series (string series), files.
 *
 * @example
 * ATTRIBUTE_TYPES.Integer          // { attributeType: 'int', column: 'int_value', group: 0 }
 * ATTRIBUTE_TYPES.FileSeries.group  // 3
 */
import type { FieldType } from '../index.js'
import type { ColumnName } from './exporter-schema.js'

/** An exported attribute type. */
export type AttributeType =
  | 'float'
  | 'int'
  | 'string'
  | 'bool'
  | 'datetime'
  | 'string_set'
  | 'float_series'
  | 'string_series'
  | 'histogram_series'
  | 'file'
  | 'file_series'
  | 'file_set'
  | 'artifact'

/** Where one Nereid type goes. */
export interface AttributeMapping {
  attributeType: AttributeType
  column: ColumnName
  /** Order of the rows in a run's part: 0 parameters, 1 metrics, 2 series, 3 files. */
  group: 0 | 1 | 2 | 3
}

/** Every Nereid field type and its place in the export. */
export const ATTRIBUTE_TYPES: Readonly<Record<FieldType, AttributeMapping>> = {
  Float: { attributeType: 'float', column: 'float_value', group: 0 },
  Integer: { attributeType: 'int', column: 'int_value', group: 0 },
  Boolean: { attributeType: 'bool', column: 'bool_value', group: 0 },
  String: { attributeType: 'string', column: 'string_value', group: 0 },
  Datetime: { attributeType: 'datetime', column: 'datetime_value', group: 0 },
  StringSet: { attributeType: 'string_set', column: 'string_set_value', group: 0 },
  FloatSeries: { attributeType: 'float_series', column: 'float_value', group: 1 },
  StringSeries: { attributeType: 'string_series', column: 'string_value', group: 2 },
  HistogramSeries: { attributeType: 'histogram_series', column: 'histogram_value', group: 2 },
  File: { attributeType: 'file', column: 'file_value', group: 3 },
  FileSet: { attributeType: 'file_set', column: 'file_value', group: 3 },
  FileSeries: { attributeType: 'file_series', column: 'file_value', group: 3 },
  Artifact: { attributeType: 'artifact', column: 'file_value', group: 3 },
}
