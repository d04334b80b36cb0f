/**
 * What a merge of the inbox did: files read, lines applied, runs created, points written, files archived,
 * and every line skipped (file, byte offset, seq, run when known, reason).
 *
 * @example
 * const report = newMergeReport()
 * report.skipped.push({ file: 'h-1-ab.oplog.jsonl', offset: 120, reason: 'not JSON' })
 */

/** A line the merge did not apply. */
export interface MergeSkip {
  file: string
  /** Byte offset where the line starts. */
  offset: number
  seq?: number
  /** The run's sys/id when known. */
  run?: string
  reason: string
}

/** The outcome of a merge. */
export interface MergeReport {
  files: number
  /** Operation lines applied now (lines applied by an earlier merge are not counted). */
  lines: number
  /** Series points applied. */
  points: number
  /** sys/ids of runs this merge created. */
  created: string[]
  skipped: MergeSkip[]
  /** Bytes at the end of files without their final newline, left for the next merge. */
  pendingBytes: number
  /** Batches another merge applied first (this one then re-read them and applied nothing twice). */
  conflicts: number
  /** Files of ended writers, fully merged, moved to inbox/merged/ by this merge. */
  archived: string[]
  /** Files whose header cannot be merged (not an oplog, a newer version), moved to inbox/rejected/. */
  rejected: string[]
  /** Files removed from inbox/merged/ because they were older than `removeMergedAfterMs`. */
  removed: number
}

/** An empty report. */
export function newMergeReport(): MergeReport {
  return {
    files: 0,
    lines: 0,
    points: 0,
    created: [],
    skipped: [],
    pendingBytes: 0,
    conflicts: 0,
    archived: [],
    rejected: [],
    removed: 0,
  }
}

/** At most this many skipped lines are kept in the recorded operation's report (all are returned). */
export const RECORDED_SKIPS = 100

/** The report as recorded in the operations table: the first RECORDED_SKIPS skips and their total. */
export function recordedReport(report: MergeReport): MergeReport & { skippedTotal: number } {
  return { ...report, skipped: report.skipped.slice(0, RECORDED_SKIPS), skippedTotal: report.skipped.length }
}
