/**
 * Every importer runs as a recorded operation of the project (kind `import-from:<source>`, listed by
 * `nereid ops`): progress counts runs, and an AbortSignal stops it between two runs (the runs written so
 * far are whole and stay; running the import again continues, since a re-import changes nothing).
 *
 * @example
 * return recordedImport(project, 'mlflow', options, (progress) => importNow(project, src, progress))
 */
import type { Project } from '../index.js'
import type { ImportProgress, ImportReport } from './report.js'

/** Options every importer takes. */
export interface ImporterOptions {
  /** Called as runs are imported (done of total, and the source id of the run starting). */
  progress?: ImportProgress
  /** Cancels between two runs (the operation ends `cancelled`). */
  signal?: AbortSignal
}

/** Runs `work` as the recorded operation `import-from:<source>` of `project`. */
export function recordedImport(
  project: Project,
  source: string,
  options: ImporterOptions,
  work: (progress: ImportProgress) => Promise<ImportReport>,
): Promise<ImportReport> {
  return project.recordOperation(
    `import-from:${source}`,
    { ...(options.signal ? { signal: options.signal } : {}) },
    (ctx) =>
      work((done, total, current) => {
        options.progress?.(done, total, current)
        ctx.progress(done, total)
        ctx.check()
      }),
    (report) => ({
      created: report.created.length,
      unchanged: report.unchanged.length,
      points: report.points,
      skipped: report.skipped.length,
    }),
  )
}
