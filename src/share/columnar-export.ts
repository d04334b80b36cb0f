/**
 * The columnar export: `exportParquet(project, out, options)` and `exportCsv(...)` write one row per
 * value or series point of the chosen runs in the neptune-exporter's layout and schema, so that tools
 * reading Neptune's dumps read Nereid's (docs/export.md):
 *
 *   <out>/data/<sanitized project_id>/<sanitized run id>_part_<n>.parquet   (or .csv)
 *   <out>/files/<sanitized project_id>/<run>/<field path>…                  (file fields' bytes)
 *
 * Runs are read through the public API, a batch of rows (one Parquet row group) at a time.
 *
 * @example
 * const project = openProject('.nereid/demo', { readonly: true })
 * const report = await exportParquet(project, 'out', { query: 'metrics/acc > 0.9' })
 * report.rows   // 1_000_042
 */
import type { ReadonlyProject } from '../index.js'
import { csvSink } from './csv-sink.js'
import { checkExportOptions, type ColumnarExportOptions } from './export-options.js'
import { FileTargets } from './file-refs.js'
import { prepareOutDir } from './out-dir.js'
import { parquetSink } from './parquet-sink.js'
import type { SinkFactory } from './row-sink.js'
import { exportRun } from './run-rows.js'
import { sanitizePathPart } from './sanitize.js'
import { selectRuns } from './select-runs.js'

export type { ColumnarExportOptions, ExportProgress } from './export-options.js'

/** One exported run. */
export interface ExportedRun {
  /** sys/id, which is also the run_id column. */
  id: string
  rows: number
  /** Its part files, part_0 first. */
  parts: string[]
}

/** What an export wrote. */
export interface ColumnarExportReport {
  format: 'parquet' | 'csv'
  projectId: string
  /** The project's directory under data/ and files/. */
  dataDir: string
  filesDir: string
  runs: ExportedRun[]
  rows: number
  /** Bytes of the part files. */
  bytes: number
}

async function exportColumnar(
  format: 'parquet' | 'csv',
  sinkOf: SinkFactory,
  project: ReadonlyProject,
  out: string,
  options: ColumnarExportOptions,
): Promise<ColumnarExportReport> {
  const o = checkExportOptions(options, project)
  const ids = selectRuns(project, { query: o.query, runs: o.runs })
  const { dataDir, filesDir } = prepareOutDir(out, o.projectId)
  const report: ColumnarExportReport = {
    format,
    projectId: o.projectId,
    dataDir,
    filesDir,
    runs: [],
    rows: 0,
    bytes: 0,
  }
  for (const [index, id] of ids.entries()) {
    const sink = sinkOf(dataDir, sanitizePathPart(id), { partBytes: o.partBytes })
    const progress = (runRows: number) =>
      o.onProgress?.({
        run: id,
        runsDone: index,
        runsTotal: ids.length,
        rows: report.rows + runRows,
        bytes: report.bytes + sink.bytes,
      })
    const rows = await exportRun(project.runs.get(id), {
      projectId: o.projectId,
      runId: id,
      sink,
      files: new FileTargets(filesDir, id, o.files),
      batchRows: o.rowGroupRows,
      onRows: progress,
    })
    const parts = sink.close()
    report.runs.push({ id, rows, parts })
    report.rows += rows
    report.bytes += sink.bytes
    o.onProgress?.({
      run: id,
      runsDone: index + 1,
      runsTotal: ids.length,
      rows: report.rows,
      bytes: report.bytes,
    })
  }
  return report
}

/** Exports the project's runs (all, or those of `options.query` / `options.runs`) as Parquet parts under `out`. */
export function exportParquet(
  project: ReadonlyProject,
  out: string,
  options: ColumnarExportOptions = {},
): Promise<ColumnarExportReport> {
  return exportColumnar('parquet', parquetSink, project, out, options)
}

/** The same export as exportParquet(), as CSV parts (docs/export.md says how each value is written). */
export function exportCsv(
  project: ReadonlyProject,
  out: string,
  options: ColumnarExportOptions = {},
): Promise<ColumnarExportReport> {
  return exportColumnar('csv', csvSink, project, out, options)
}
