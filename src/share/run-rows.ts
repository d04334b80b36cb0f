/**
 * The rows of one run, read through the public API and handed to a sink in batches: every field in the
 * exporter's order (parameters: atoms and string sets, `sys/` included; metrics; string series; files),
 * series read window by window. A forked run exports only its own points (those after the fork step),
 * as the 3.x exporter does (`lineage_to_the_root=False`); its `sys/forking/*` rows say where it came from.
 *
 * @example
 * const rows = await exportRun(project.runs.get('DEMO-1'), { projectId: 'ws/demo', runId: 'DEMO-1', sink, files, batchRows: 250_000 })
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import type {
  FieldType,
  FileSeriesEntry,
  HistogramPoints,
  ReadonlyField,
  RunView,
  SeriesPoints,
  StringPoints,
  Tree,
} from '../index.js'
import { ATTRIBUTE_TYPES } from './attribute-types.js'
import type { FileTargets } from './file-refs.js'
import { RowBatch, type ValueColumn, type ValueOf } from './row-batch.js'
import type { RowSink } from './row-sink.js'
import { stepUnits } from './step-decimal.js'
import { stepWindows } from './step-windows.js'

/** What exporting one run needs. */
export interface RunExport {
  projectId: string
  /** The run's id in the export's run_id column. */
  runId: string
  sink: RowSink
  files: FileTargets
  /** Rows per written batch (a Parquet row group). */
  batchRows: number
  /** Called after each written batch with the rows written so far. */
  onRows?: (rows: number) => void
}

/** Every field of a run as [path, type], in export order: by group, then by path. */
export function fieldsInOrder(structure: Tree<FieldType>): [string, FieldType][] {
  const out: [string, FieldType][] = []
  const walk = (node: Tree<FieldType>, prefix: string) => {
    for (const [name, child] of Object.entries(node)) {
      const path = prefix === '' ? name : `${prefix}/${name}`
      if (typeof child === 'string') out.push([path, child])
      else walk(child, path)
    }
  }
  walk(structure, '')
  const group = (type: FieldType) => ATTRIBUTE_TYPES[type].group
  return out.sort(([a, ta], [b, tb]) => group(ta) - group(tb) || (a < b ? -1 : a > b ? 1 : 0))
}

/** The cell of an atom or set in its value column. */
function atomCell(type: FieldType, value: unknown): ValueOf[ValueColumn] {
  if (type === 'Datetime') return (value as Date).getTime()
  return value as ValueOf[ValueColumn]
}

/** Writes every row of `view` to `target.sink`; returns the number of rows. */
export async function exportRun(view: RunView, target: RunExport): Promise<number> {
  const batch = new RowBatch(target.projectId, target.runId)
  let rows = 0
  const flush = async (force = false) => {
    if (batch.length === 0 || (!force && batch.length < target.batchRows)) return
    target.sink.write(batch)
    rows += batch.length
    batch.clear()
    target.onRows?.(rows)
    await yieldToEventLoop()
  }
  const lineage = view.lineage()
  const after = lineage.parent !== null && lineage.step !== null ? lineage.step : undefined

  for (const [path, type] of fieldsInOrder(view.structure())) {
    const { attributeType, column } = ATTRIBUTE_TYPES[type]
    const field: ReadonlyField = view.field(path)
    if (type === 'FloatSeries' || type === 'StringSeries') {
      const seriesColumn = column as 'float_value' | 'string_value'
      const read = (from: number, to: number) =>
        field.fetchValues({ from, to }) as SeriesPoints | StringPoints
      for (const w of stepWindows(read, (p) => p.steps, { after, targetPoints: target.batchRows })) {
        batch.points(
          path,
          attributeType,
          seriesColumn,
          w.data.steps,
          w.data.values,
          w.data.timestamps,
          w.start,
          w.end,
        )
        await flush()
      }
    } else if (type === 'HistogramSeries') {
      const read = (from: number, to: number) => field.fetchValues({ from, to }) as HistogramPoints
      for (const w of stepWindows(read, (p) => p.steps, { after, targetPoints: target.batchRows })) {
        for (let i = w.start; i < w.end; i++)
          batch.value(
            path,
            attributeType,
            'histogram_value',
            w.data.values[i]!,
            w.data.steps[i],
            w.data.timestamps[i],
          )
        await flush()
      }
    } else if (type === 'FileSeries') {
      const files = await target.files.fileSeries(field)
      try {
        const read = (from: number, to: number) => field.list({ from, to })
        const steps = (entries: FileSeriesEntry[]) => entries.map((e) => e.step)
        for (const w of stepWindows(read, steps, { after, targetPoints: target.batchRows })) {
          for (const entry of w.data.slice(w.start, w.end)) {
            const relative = files.place(entry, stepUnits(entry.step, path))
            batch.value(
              path,
              attributeType,
              'file_value',
              relative === undefined ? null : { path: relative },
              entry.step,
              entry.timestamp,
            )
          }
          await flush()
        }
      } finally {
        files.done()
      }
    } else if (type === 'File' || type === 'FileSet' || type === 'Artifact') {
      const relative =
        type === 'File'
          ? await target.files.file(field)
          : type === 'FileSet'
            ? await target.files.fileSet(field)
            : target.files.artifact(field)
      batch.value(path, attributeType, 'file_value', { path: relative })
    } else {
      batch.value(path, attributeType, column as ValueColumn, atomCell(type, field.fetch()))
    }
    await flush()
  }
  await flush(true)
  return rows
}
