/**
 * What an import did: runs created, runs already present (unchanged), points written, and every piece of
 * the source that was skipped, naming its file and row so a person can look at it.
 *
 * @example
 * const report = newReport()
 * skip(report, { file: 'results.csv', row: 7, reason: 'expected 15 columns, got 9' })
 */

/** A part of the source that was not imported, and why. */
export interface ImportSkip {
  file: string
  /** 1-based row or line (CSV, metric file), row index (Parquet), or record number (TFRecord). */
  row?: number
  /** The run it belonged to, when known. */
  run?: string
  reason: string
  /** The typed error's code, when a whole run was left out because of one. */
  code?: string
}

/** The outcome of an import. */
export interface ImportReport {
  /** Nereid ids of the runs created. */
  created: string[]
  /** Nereid ids of runs already imported before (left as they were). */
  unchanged: string[]
  points: number
  skipped: ImportSkip[]
}

/** An empty report. */
export function newReport(): ImportReport {
  return { created: [], unchanged: [], points: 0, skipped: [] }
}

/** Records a skip. */
export function skip(report: { skipped: ImportSkip[] }, item: ImportSkip): void {
  report.skipped.push(item)
}

/** Called as an import goes: `done` of `total` runs, and the current run's source id. */
export type ImportProgress = (done: number, total: number, current: string) => void
