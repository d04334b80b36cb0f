/**
 * The columns of a columnar export: the neptune-exporter's Parquet schema (`model.py::SCHEMA`), one row
 * per value or series point, exactly one `*_value` column set per row. Arrow types as readers see them:
 *
 *   project_id, run_id, attribute_path, attribute_type  string
 *   step                                               decimal(18, 6)  (stored on INT64, delta-encoded)
 *   timestamp, datetime_value                          timestamp[ms, UTC]
 *   int_value int64 · float_value float64 · string_value string · bool_value bool
 *   string_set_value list<string> · file_value struct<path: string>
 *   histogram_value struct<type: string, edges: list<float64>, values: list<float64>>  (HistogramSeries points)
 *
 * @example
 * new ParquetWriter({ writer, schema: EXPORT_SCHEMA })
 * COLUMNS.map((c) => c.name)   // ['project_id', 'run_id', …, 'histogram_value']
 */
import type { ColumnSource, SchemaElement } from 'hyparquet-writer'

/** The name of each column, in schema order. */
export const COLUMN_NAMES = [
  'project_id',
  'run_id',
  'attribute_path',
  'attribute_type',
  'step',
  'timestamp',
  'int_value',
  'float_value',
  'string_value',
  'bool_value',
  'datetime_value',
  'string_set_value',
  'file_value',
  'histogram_value',
] as const

/** One column's name. */
export type ColumnName = (typeof COLUMN_NAMES)[number]

const optional = { repetition_type: 'OPTIONAL' } as const
const utf8 = (name: string): SchemaElement => ({
  name,
  type: 'BYTE_ARRAY',
  converted_type: 'UTF8',
  logical_type: { type: 'STRING' },
  ...optional,
})
const timestampMs = (name: string): SchemaElement => ({
  name,
  type: 'INT64',
  converted_type: 'TIMESTAMP_MILLIS',
  logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
  ...optional,
})
const list = (name: string, element: SchemaElement): SchemaElement[] => [
  { name, converted_type: 'LIST', logical_type: { type: 'LIST' }, num_children: 1, ...optional },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { ...element, name: 'element' },
]

/** The Parquet schema, flattened depth-first as Parquet's footer stores it. */
export const EXPORT_SCHEMA: SchemaElement[] = [
  { name: 'schema', num_children: COLUMN_NAMES.length },
  utf8('project_id'),
  utf8('run_id'),
  utf8('attribute_path'),
  utf8('attribute_type'),
  // pyarrow stores decimal(18,6) as FIXED_LEN_BYTE_ARRAY(8); INT64 is the same logical type for every
  // reader (Arrow reads it back as decimal128(18, 6)) and lets consecutive steps delta-encode to ~nothing.
  {
    name: 'step',
    type: 'INT64',
    converted_type: 'DECIMAL',
    scale: 6,
    precision: 18,
    logical_type: { type: 'DECIMAL', scale: 6, precision: 18 },
    ...optional,
  },
  timestampMs('timestamp'),
  { name: 'int_value', type: 'INT64', ...optional },
  { name: 'float_value', type: 'DOUBLE', ...optional },
  utf8('string_value'),
  { name: 'bool_value', type: 'BOOLEAN', ...optional },
  timestampMs('datetime_value'),
  ...list('string_set_value', utf8('element')),
  { name: 'file_value', num_children: 1, ...optional },
  utf8('path'),
  { name: 'histogram_value', num_children: 3, ...optional },
  utf8('type'),
  ...list('edges', { name: 'element', type: 'DOUBLE', ...optional }),
  ...list('values', { name: 'element', type: 'DOUBLE', ...optional }),
]

/**
 * Per-column encodings. Floats are never dictionary-encoded: a dictionary keys values by SameValueZero,
 * which would fold -0 into 0; BYTE_STREAM_SPLIT keeps every bit (NaN, ±Infinity, -0) and compresses
 * better than PLAIN. Steps and timestamps grow steadily, which DELTA_BINARY_PACKED stores in a few bits.
 */
export const COLUMN_ENCODINGS: Partial<Record<ColumnName, ColumnSource['encoding']>> = {
  step: 'DELTA_BINARY_PACKED',
  timestamp: 'DELTA_BINARY_PACKED',
  float_value: 'BYTE_STREAM_SPLIT',
}
