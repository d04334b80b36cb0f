/**
 * `importUltralytics`: imports finished (or running) Ultralytics run directories: `src` is one run
 * directory or a folder of them (runs/detect).
 *
 * @example
 * await importUltralytics(project, 'runs/detect')
 */
import { existsSync } from 'node:fs'
import type { Project } from '../../index.js'
import { NotFoundError } from '../../index.js'
import { applyRuns } from '../apply.js'
import { recordedImport, type ImporterOptions } from '../recorded.js'
import { newReport, type ImportProgress, type ImportReport } from '../report.js'
import { readRunDir, runDirs } from './run-dir.js'

/** Imports the run directories at `src`; a re-import changes nothing. */
async function importUltralyticsNow(
  project: Project,
  src: string,
  options: { progress?: ImportProgress } = {},
): Promise<ImportReport> {
  if (!existsSync(src))
    throw new NotFoundError('SOURCE_NOT_FOUND', `no directory at ${src}`, {
      hint: 'Pass a run directory such as runs/detect/train.',
    })
  const report = newReport()
  const dirs = runDirs(src)
  const records = dirs.map((dir) => readRunDir(dir, report))
  const files = new Map(records.map((r, i) => [r.key, dirs[i]!]))
  return applyRuns(project, records, report, { ...options, fileOf: (r) => files.get(r.key) ?? r.key })
}

/** {@link importUltralyticsNow} as the recorded operation `import-from:ultralytics` (progress, cancellation; see recorded.ts). */
export function importUltralytics(
  project: Project,
  src: string,
  options: ImporterOptions = {},
): Promise<ImportReport> {
  return recordedImport(project, 'ultralytics', options, (progress) =>
    importUltralyticsNow(project, src, { ...options, progress }),
  )
}
