/**
 * `importNeptune`: imports a neptune-exporter Parquet dump (2.x and 3.x layouts) into a project. Each run
 * is read whole (all parts) and checked before it is written; a damaged run is reported with its typed
 * error and left out, the others go on.
 *
 * @example
 * const report = await importNeptune(project, 'exports/data', { filesDir: 'exports/files' })
 * report.created   // ['SAN-1', 'SAN-2']
 */
import type { Project } from '../../index.js'
import { NereidError } from '../../index.js'
import { applyRuns } from '../apply.js'
import { recordedImport, type ImporterOptions } from '../recorded.js'
import { stableUuid, type ImportedRun } from '../record.js'
import { newReport, skip, type ImportReport } from '../report.js'
import { filesRootOf, findExportedRuns, type ExportedRun } from './layout.js'
import { readPart } from './read-part.js'
import { partsToRecord } from './to-record.js'

/** Options of importNeptune. */
export interface NeptuneImportOptions extends ImporterOptions {
  /** neptune-exporter's files path (its -f); default `<data>/../files`. */
  filesDir?: string
}

/** Reads one exported run into a record; a damaged run is reported in `report` (undefined). */
async function readRun(
  run: ExportedRun,
  options: NeptuneImportOptions,
  report: ImportReport,
): Promise<ImportedRun | undefined> {
  try {
    const parts = []
    for (const file of run.parts) parts.push({ file, columns: await readPart(file) })
    if (parts.every((p) => p.columns.rows === 0)) {
      skip(report, { file: run.parts[0]!, reason: `run '${run.name}' has no rows` })
      return undefined
    }
    return partsToRecord(parts, { filesRoot: filesRootOf(run.projectDir, options.filesDir) }, report)
  } catch (error) {
    if (!(error instanceof NereidError)) throw error
    skip(report, { file: run.parts[0]!, reason: error.message.split('\n')[0]!, code: error.code })
    return undefined
  }
}

/**
 * Imports the dump at `src` into `project`, one run at a time (a run is read whole, then written), forks
 * after their parents; a re-import changes nothing.
 */
async function importNeptuneNow(
  project: Project,
  src: string,
  options: NeptuneImportOptions = {},
): Promise<ImportReport> {
  const report = newReport()
  const runs = findExportedRuns(src, report)
  const files = new Map<string, string>()
  const fileOf = (r: ImportedRun) => files.get(r.key) ?? r.key
  const present = new Set(project.runs.list().map((r) => r.uuid))
  const deferred: ImportedRun[] = []
  for (const [i, run] of runs.entries()) {
    options.progress?.(i, runs.length, run.name)
    const record = await readRun(run, options, report)
    if (!record) continue
    files.set(record.key, run.parts[0]!)
    if (record.forkFrom && !present.has(stableUuid(record.forkFrom.key))) {
      deferred.push(record) // its parent may come later in the dump
      continue
    }
    await applyRuns(project, [record], report, { fileOf })
    present.add(record.uuid)
  }
  if (deferred.length) await applyRuns(project, deferred, report, { fileOf })
  options.progress?.(runs.length, runs.length, '')
  return report
}

/** {@link importNeptuneNow} as the recorded operation `import-from:neptune` (progress, cancellation; see recorded.ts). */
export function importNeptune(
  project: Project,
  src: string,
  options: NeptuneImportOptions = {},
): Promise<ImportReport> {
  return recordedImport(project, 'neptune', options, (progress) =>
    importNeptuneNow(project, src, { ...options, progress }),
  )
}
