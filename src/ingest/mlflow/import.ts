/**
 * `importMlflow`: imports MLflow runs from an `mlflow.db` (with the artifact directories beside it) or
 * from a file-store `mlruns/` directory. A directory holding mlflow.db is read as the database.
 *
 * @example
 * await importMlflow(project, 'mlflow.db')
 * await importMlflow(project, 'mlruns')
 */
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Project } from '../../index.js'
import { NotFoundError } from '../../index.js'
import { applyRuns } from '../apply.js'
import { recordedImport, type ImporterOptions } from '../recorded.js'
import { newReport, type ImportProgress, type ImportReport } from '../report.js'
import { readMlflowDb } from './db-store.js'
import { isMlruns, readMlruns } from './file-store.js'
import { mlflowRecord } from './run-record.js'

/** Imports the MLflow store at `src` into `project`; a re-import changes nothing. */
async function importMlflowNow(
  project: Project,
  src: string,
  options: { progress?: ImportProgress } = {},
): Promise<ImportReport> {
  const report = newReport()
  let file = src
  if (existsSync(src) && statSync(src).isDirectory() && existsSync(join(src, 'mlflow.db')))
    file = join(src, 'mlflow.db')
  let runs
  if (existsSync(file) && statSync(file).isFile()) runs = readMlflowDb(file, report)
  else if (isMlruns(src)) runs = readMlruns(src, report)
  else
    throw new NotFoundError('SOURCE_NOT_FOUND', `${src} is neither an mlflow.db nor an mlruns directory`, {
      hint: 'Pass the tracking database file or the mlruns/ directory.',
    })
  const records = runs.map((run) => mlflowRecord(run, report, file))
  return applyRuns(project, records, report, { ...options, fileOf: () => file })
}

/** {@link importMlflowNow} as the recorded operation `import-from:mlflow` (progress, cancellation; see recorded.ts). */
export function importMlflow(
  project: Project,
  src: string,
  options: ImporterOptions = {},
): Promise<ImportReport> {
  return recordedImport(project, 'mlflow', options, (progress) =>
    importMlflowNow(project, src, { ...options, progress }),
  )
}
