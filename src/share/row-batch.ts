/**
 * Rows of one run on their way to a file, held column by column (the shape a Parquet row group is
 * written in). A value column that no row of the batch uses costs nothing until `columns()` fills it
 * with nulls, so a batch of float-series points only touches six arrays.
 *
 * @example
 * const batch = new RowBatch('ws/demo', 'DEMO-1')
 * batch.value('parameters/lr', 'float', 'float_value', 0.01)
 * batch.points('metrics/acc', 'float_series', 'float_value', steps, values, timestamps, 0, steps.length)
 * writer.write(batch.columns()); batch.clear()
 */
import type { AttributeType } from './attribute-types.js'
import { COLUMN_NAMES, type ColumnName } from './exporter-schema.js'
import { stepUnits } from './step-decimal.js'

/** A cell of the `file_value` column. */
export interface FileValue {
  path: string
}

/** The cell types each value column takes. */
export type ValueOf = {
  int_value: bigint
  float_value: number
  string_value: string
  bool_value: boolean
  datetime_value: number
  string_set_value: string[]
  file_value: FileValue | null
  histogram_value: { type: string; edges: number[]; values: number[] }
}

/** The columns one row of a value fills. */
export type ValueColumn = keyof ValueOf

/** One column's cells; rows before the first cell set are null. */
class Cells {
  data: unknown[] = []
  set(row: number, value: unknown): void {
    if (this.data.length < row) this.pad(row)
    this.data.push(value)
  }
  pad(length: number): void {
    const start = this.data.length
    this.data.length = length
    this.data.fill(null, start)
  }
}

/** One exported column with its cells, ready for the writer. */
export interface ColumnData {
  name: ColumnName
  data: unknown[]
}

/** A batch of rows of one run. */
export class RowBatch {
  length = 0
  private cells = new Map<ColumnName, Cells>(COLUMN_NAMES.map((name) => [name, new Cells()]))

  constructor(
    readonly projectId: string,
    readonly runId: string,
  ) {}

  private column(name: ColumnName): Cells {
    return this.cells.get(name)!
  }

  /** One row holding a value (an atom, a set, a file reference); `step`/`timestamp` only for file-series entries. */
  value<C extends ValueColumn>(
    path: string,
    type: AttributeType,
    column: C,
    value: ValueOf[C],
    step?: number,
    timestamp?: number,
  ): void {
    const row = this.length++
    this.column('attribute_path').set(row, path)
    this.column('attribute_type').set(row, type)
    if (step !== undefined) this.column('step').set(row, stepUnits(step, path))
    if (timestamp !== undefined) this.column('timestamp').set(row, Math.round(timestamp))
    this.column(column).set(row, value)
  }

  /** Rows `start` to `end - 1` of a series: one per point, with its step and timestamp. */
  points(
    path: string,
    type: AttributeType,
    column: 'float_value' | 'string_value',
    steps: ArrayLike<number>,
    values: ArrayLike<number> | readonly string[],
    timestamps: ArrayLike<number>,
    start: number,
    end: number,
  ): void {
    const first = this.length
    const paths = this.column('attribute_path')
    const types = this.column('attribute_type')
    const stepCells = this.column('step')
    const timeCells = this.column('timestamp')
    const valueCells = this.column(column)
    for (const c of [paths, types, stepCells, timeCells, valueCells]) if (c.data.length < first) c.pad(first)
    for (let i = start; i < end; i++) {
      paths.data.push(path)
      types.data.push(type)
      stepCells.data.push(stepUnits(steps[i]!, path))
      timeCells.data.push(Math.round(timestamps[i]!))
      valueCells.data.push(values[i])
    }
    this.length += end - start
  }

  /** Every column, padded with nulls to the batch's length, in schema order. */
  columns(): ColumnData[] {
    return COLUMN_NAMES.map((name) => {
      if (name === 'project_id') return { name, data: new Array<string>(this.length).fill(this.projectId) }
      if (name === 'run_id') return { name, data: new Array<string>(this.length).fill(this.runId) }
      const cells = this.column(name)
      if (cells.data.length < this.length) cells.pad(this.length)
      return { name, data: cells.data }
    })
  }

  /** Empties the batch for the next rows. */
  clear(): void {
    this.length = 0
    for (const name of COLUMN_NAMES) this.cells.set(name, new Cells())
  }
}
