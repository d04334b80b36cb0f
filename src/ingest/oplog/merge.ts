/**
 * `mergeInbox(project)`: applies every complete line of every oplog file in inbox/ that no merge applied
 * yet, one transaction per batch of lines, moving the writer's cursor (seq and byte offset) in the same
 * transaction. A line without its newline is left for the next merge; a bad line (garbage, zero bytes,
 * an unknown op, a newer version, a value the project refuses) is skipped, reported here and as an
 * `oplog_skipped` event on its run when the run is known. Merging again, or while writers append, or in
 * two processes at once, applies each line exactly once.
 *
 * @example
 * const report = await mergeInbox(openProject(dir, { mode: 'db' }))
 * report.lines     // 1204 lines applied
 * report.skipped   // [{ file: 'h-1-ab.oplog.jsonl', offset: 88210, reason: 'not JSON' }]
 */
import { basename } from 'node:path'
import type { OplogCursor, OplogLine, Project } from '../../index.js'
import { OpApplier } from './apply-ops.js'
import { newMergeReport, type MergeReport } from './merge-report.js'
import { parseHeader, parseOp, type Parsed } from './parse-line.js'
import { inboxFiles, readHeader, readLines, type FileLine } from './read-inbox.js'

/** Options of mergeInbox. */
export interface MergeOptions {
  /** Lines per transaction at most (default 512). */
  batchLines?: number
  /** Series points per transaction at most (default 1 000 000). */
  batchPoints?: number
}

type Item = FileLine & { start: number; parsed: Parsed }

const pointsOf = (p: Parsed): number =>
  'line' in p && (p.line.op === 'floats' || p.line.op === 'strings') ? p.line.values.length : 0

async function mergeFile(
  project: Project,
  file: string,
  report: MergeReport,
  options: Required<MergeOptions>,
): Promise<void> {
  const first = readHeader(file)
  if (!first) return
  const name = basename(file)
  const checked = parseHeader(first.text)
  if ('reason' in checked) {
    report.skipped.push({ file: name, offset: 0, reason: checked.reason })
    return
  }
  const writer = checked.header.writer
  for (let attempt = 0; attempt < 1000; attempt++) {
    const cursor = project.oplogCursors.get(writer)
    const from = Math.max(cursor.offset, first.end)
    const { lines, tail } = readLines(file, from)
    const items: Item[] = []
    let start = from
    for (const line of lines) {
      items.push({ ...line, start, parsed: parseOp(line.text) })
      start = line.end
    }
    const done = await applyItems(project, name, writer, cursor, items, report, options)
    if (done) {
      report.pendingBytes += tail
      return
    }
    report.conflicts += 1 // another merge moved the cursor: read again from where it is now
  }
}

/** Applies `items` in batches from `cursor`; false when another merge moved the cursor first. */
async function applyItems(
  project: Project,
  file: string,
  writer: string,
  cursor: OplogCursor,
  items: Item[],
  report: MergeReport,
  options: Required<MergeOptions>,
): Promise<boolean> {
  let at = cursor
  let i = 0
  while (i < items.length) {
    const item = items[i]!
    if ('line' in item.parsed && item.parsed.line.op === 'file') {
      const line = item.parsed.line
      const next = { seq: Math.max(at.seq, line.seq), offset: item.end }
      if (line.seq > at.seq) {
        const applier = new OpApplier(project, report)
        try {
          await applier.applyFile(line) // async, so outside the transaction; applying it twice changes nothing
        } catch (error) {
          report.skipped.push({
            file,
            offset: item.start,
            seq: line.seq,
            reason: String((error as Error).message ?? error),
          })
        } finally {
          applier.close()
        }
      }
      if (!project.oplogCursors.advance(writer, at, next, () => {})) return false
      at = next
      i += 1
      continue
    }
    let end = i
    let points = 0
    while (end < items.length && end - i < options.batchLines && points < options.batchPoints) {
      const p = items[end]!.parsed
      if ('line' in p && p.line.op === 'file') break
      points += pointsOf(p)
      end += 1
    }
    const batch = items.slice(i, end)
    const seqs = batch.map((b) => ('line' in b.parsed ? b.parsed.line.seq : (b.parsed.seq ?? 0)))
    const next = { seq: Math.max(at.seq, ...seqs), offset: batch[batch.length - 1]!.end }
    const applied = at.seq
    const ok = project.oplogCursors.advance(writer, at, next, () => {
      const applier = new OpApplier(project, report)
      try {
        for (const item of batch) applyOne(applier, file, item, applied, report)
      } finally {
        applier.close()
      }
    })
    if (!ok) return false
    at = next
    i = end
  }
  return true
}

function applyOne(applier: OpApplier, file: string, item: Item, applied: number, report: MergeReport): void {
  const parsed = item.parsed
  let line: OplogLine | undefined
  let reason: string
  if ('line' in parsed) {
    line = parsed.line
    if (line.seq <= applied) return // applied by an earlier merge (a writer never repeats a seq)
    try {
      applier.apply(line)
      report.lines += 1
      return
    } catch (error) {
      reason =
        error instanceof Error
          ? `${(error as { code?: string }).code ?? error.name}: ${error.message}`
          : String(error)
    }
  } else reason = parsed.reason
  const uuid = line?.run ?? ('reason' in parsed ? parsed.run : undefined)
  const seq = line?.seq ?? ('reason' in parsed ? parsed.seq : undefined)
  let run: string | undefined
  if (uuid !== undefined) {
    try {
      const target = applier.run(uuid)
      target.events.append('oplog_skipped', { file, offset: item.start, seq: seq ?? null, reason })
      run = target.id
    } catch {
      // not a run this project can hold (a malformed uuid): reported below only
    }
  }
  report.skipped.push({
    file,
    offset: item.start,
    ...(seq === undefined ? {} : { seq }),
    ...(run === undefined ? {} : { run }),
    reason,
  })
}

/** Merges every oplog file in the project's inbox/ (see the file's doc comment). */
export async function mergeInbox(project: Project, options: MergeOptions = {}): Promise<MergeReport> {
  const resolved = { batchLines: options.batchLines ?? 512, batchPoints: options.batchPoints ?? 1_000_000 }
  const report = newMergeReport()
  for (const file of inboxFiles(project.dir)) {
    report.files += 1
    await mergeFile(project, file, report, resolved)
  }
  return report
}
