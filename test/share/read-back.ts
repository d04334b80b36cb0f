/**
 * Reads an export back with DuckDB (@duckdb/node-api), a reader independent of the writer: every row
 * of every part as plain JS values (steps as decimal text, times as ms, sets as arrays, files as paths).
 */
import { DuckDBInstance } from '@duckdb/node-api'

/** One exported row as the tests compare it. */
export interface ReadRow {
  project_id: string
  run_id: string
  attribute_path: string
  attribute_type: string
  step: string | null
  timestamp: number | null
  int_value: bigint | null
  float_value: number | null
  string_value: string | null
  bool_value: boolean | null
  datetime_value: number | null
  string_set_value: string[] | null
  file_value: string | null
  histogram_value: string | null
}

const SELECT = `project_id, run_id, attribute_path, attribute_type, CAST(step AS VARCHAR) AS step, epoch_ms(timestamp) AS timestamp,
  int_value, float_value, string_value, bool_value, epoch_ms(datetime_value) AS datetime_value, string_set_value, file_value.path AS file_value,
  CAST(histogram_value AS VARCHAR) AS histogram_value`

/** Runs `sql` in a fresh in-memory DuckDB and returns the rows as objects. */
export async function duck(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    const reader = await connection.runAndReadAll(sql)
    return reader.getRowObjectsJS() as Record<string, unknown>[]
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

function plain(row: Record<string, unknown>): ReadRow {
  const out = { ...row } as Record<string, unknown>
  for (const key of ['timestamp', 'datetime_value'])
    if (typeof out[key] === 'bigint') out[key] = Number(out[key])
  return out as unknown as ReadRow
}

/** Every row of the Parquet parts matching `glob`, in file order. */
export async function readParquet(glob: string): Promise<ReadRow[]> {
  return (
    await duck(
      `SELECT ${SELECT} FROM read_parquet('${glob}', filename = true) ORDER BY filename, file_row_number`,
    )
  ).map(plain)
}

/** Column types as DuckDB reads them from the parts matching `glob`. */
export async function parquetTypes(glob: string): Promise<Record<string, string>> {
  const rows = await duck(`DESCRIBE SELECT * FROM read_parquet('${glob}')`)
  return Object.fromEntries(rows.map((r) => [r.column_name as string, r.column_type as string]))
}
