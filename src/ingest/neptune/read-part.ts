/**
 * Reads one neptune-exporter Parquet part (hyparquet) into columns, after checking that its schema is the
 * exporter's (src/neptune_exporter/model.py::SCHEMA). A file that is not Parquet or is cut short is a
 * CorruptDataError; a Parquet file with other columns a FormatVersionError.
 *
 * @example
 * const part = await readPart('data/ws_proj-…/SAN-1_part_0.parquet')
 * part.attribute_path[0]   // 'sys/id'
 */
import { readFile } from 'node:fs/promises'
import { parquetMetadata, parquetRead, parquetSchema } from 'hyparquet'
import { CorruptDataError, FormatVersionError } from '../../index.js'

/** The exporter's columns, and the physical type of the leaf each must have. */
export const EXPORTER_COLUMNS = {
  project_id: 'BYTE_ARRAY',
  run_id: 'BYTE_ARRAY',
  attribute_path: 'BYTE_ARRAY',
  attribute_type: 'BYTE_ARRAY',
  step: 'FIXED_LEN_BYTE_ARRAY|INT64|INT32|BYTE_ARRAY',
  timestamp: 'INT64',
  int_value: 'INT64',
  float_value: 'DOUBLE',
  string_value: 'BYTE_ARRAY',
  bool_value: 'BOOLEAN',
  datetime_value: 'INT64',
  string_set_value: 'group',
  file_value: 'group',
  histogram_value: 'group',
} as const

/** Column name -> its values, one per row. */
export type PartColumns = { [K in keyof typeof EXPORTER_COLUMNS]: unknown[] } & { rows: number }

function checkSchema(file: string, metadata: ReturnType<typeof parquetMetadata>): void {
  const children = new Map(parquetSchema(metadata).children.map((c) => [c.element.name, c]))
  for (const [name, want] of Object.entries(EXPORTER_COLUMNS)) {
    const column = children.get(name)
    const got =
      column === undefined ? 'missing' : column.children.length > 0 ? 'group' : String(column.element.type)
    if (!want.split('|').includes(got)) {
      throw new FormatVersionError(
        'NOT_EXPORTER_SCHEMA',
        `${file}: column '${name}' is ${got === 'missing' ? 'missing' : `${got}, expected ${want}`}; this is not a neptune-exporter Parquet part`,
        {
          hint: 'Import the Parquet files neptune-exporter wrote (its data path), unchanged.',
        },
      )
    }
  }
}

/** Reads every row of the part at `file` as columns. */
export async function readPart(file: string): Promise<PartColumns> {
  const bytes = await readFile(file)
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  let metadata: ReturnType<typeof parquetMetadata>
  try {
    metadata = parquetMetadata(buffer)
  } catch (error) {
    throw new CorruptDataError(
      'PARQUET_CORRUPT',
      `${file} is not a readable Parquet file (${(error as Error).message})`,
      {
        hint: 'The file may be cut short: export that run again (neptune-exporter re-exports runs without part_0).',
        cause: error,
      },
    )
  }
  checkSchema(file, metadata)
  const rows = Number(metadata.num_rows)
  const columns = Object.fromEntries(
    Object.keys(EXPORTER_COLUMNS).map((k) => [k, new Array<unknown>(rows).fill(null)]),
  ) as unknown as PartColumns
  columns.rows = rows
  try {
    await parquetRead({
      file: buffer,
      metadata,
      onChunk: (chunk) => {
        const target = (columns as unknown as Record<string, unknown[]>)[chunk.columnName]
        if (!target) return
        const data = chunk.columnData as ArrayLike<unknown>
        for (let i = 0; i < data.length; i++) target[chunk.rowStart + i] = data[i]
      },
    })
  } catch (error) {
    throw new CorruptDataError(
      'PARQUET_CORRUPT',
      `${file}: its data pages cannot be read (${(error as Error).message})`,
      {
        hint: 'The file is damaged: export that run again.',
        cause: error,
      },
    )
  }
  return columns
}
