/**
 * Merging the oplog files of inbox/: every complete line that no merge applied yet, one transaction per
 * batch of lines, moving the writer's cursor (seq and byte offset) in the same transaction. A line
 * without its newline is left for the next merge; a bad line (garbage, zero bytes, an unknown op, a
 * newer version, a value the project refuses) is skipped, reported and recorded as an `oplog_skipped`
 * event on its run when the run is known. Merging again, or while writers append, or in two processes at
 * once, applies each line exactly once. `project.merge()` runs this as a recorded operation.
 *
 * @example
 * const report = newMergeReport()
 * await mergeScanned(host, scanInbox(host).files, report, resolved, ctx)
 * report.lines     // 1204 lines applied
 * report.skipped   // [{ file: 'h-1-ab.oplog.jsonl', offset: 88210, reason: 'not JSON' }]
 */
import type { OperationContext } from '../../operations/run-operation.js'
import type { OplogCursor } from '../cursors.js'
import type { OplogLine } from '../format.js'
import { OpApplier, type MergeHost } from './apply-ops.js'
import { moveOut } from './archive.js'
import { parseOp, type Parsed } from './parse-line.js'
import { readLines, type FileLine } from './read-inbox.js'
import type { MergeReport } from './report.js'
import type { ScannedFile } from './scan-inbox.js'

/** The sizes of a merge's transactions and what it does with finished files. */
export interface MergeLimits {
  batchLines: number
  batchPoints: number
  archive: boolean
}

type Item = FileLine & { start: number; parsed: Parsed }

interface FileMerge {
  host: MergeHost
  name: string
  writer: string
  report: MergeReport
  limits: MergeLimits
  ctx: OperationContext
  /** Bytes of lines merged so far in this operation (its progress), and the bytes waiting at its scan. */
  bytes: { done: number; total: number }
}

const pointsOf = (p: Parsed): number =>
  'line' in p && (p.line.op === 'floats' || p.line.op === 'strings') ? p.line.values.length : 0
const seqOf = (p: Parsed): number => ('line' in p ? p.line.seq : (p.seq ?? 0))

/** Merges the files a scan found work in (see the file's doc comment). */
export async function mergeScanned(
  host: MergeHost,
  files: readonly ScannedFile[],
  report: MergeReport,
  limits: MergeLimits,
  ctx: OperationContext,
): Promise<void> {
  const bytes = { done: 0, total: files.reduce((sum, f) => sum + f.pending, 0) }
  for (const file of files) {
    if (file.rejected !== undefined) {
      report.skipped.push({ file: file.name, offset: 0, reason: file.rejected })
      if (moveOut(host.dir, file.path, 'rejected')) report.rejected.push(file.name)
      continue
    }
    if (!file.header) continue
    const merge = { host, name: file.name, writer: file.header.header.writer, report, limits, ctx, bytes }
    try {
      await mergeFile(merge, file.path, file.header.end)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error // another merge archived it
    }
  }
}

async function mergeFile(merge: FileMerge, path: string, headerEnd: number): Promise<void> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    merge.ctx.check()
    const cursor = merge.host.cursors.get(merge.writer)
    const from = Math.max(cursor.offset, headerEnd)
    const { lines, tail } = readLines(path, from)
    const items: Item[] = []
    let start = from
    for (const line of lines) {
      items.push({ ...line, start, parsed: parseOp(line.text) })
      start = line.end
    }
    const at = await applyItems(merge, cursor, items)
    if (at) {
      merge.report.pendingBytes += tail
      if (merge.limits.archive && tail === 0 && at.ended === true && moveOut(merge.host.dir, path, 'merged'))
        merge.report.archived.push(merge.name)
      return
    }
    merge.report.conflicts += 1 // another merge moved the cursor: read again from where it is now
  }
}

/** Applies `items` in batches from `cursor`; the cursor reached, or undefined when another merge moved it first. */
async function applyItems(
  merge: FileMerge,
  cursor: OplogCursor,
  items: Item[],
): Promise<OplogCursor | undefined> {
  const { host, writer, report, limits, ctx } = merge
  let at = cursor
  let i = 0
  const moved = (next: OplogCursor, from: number): void => {
    merge.bytes.done += next.offset - from
    // writers may have appended since the scan: the total grows with what is merged past it
    merge.bytes.total = Math.max(merge.bytes.total, merge.bytes.done)
    ctx.progress(merge.bytes.done, merge.bytes.total)
    at = next
  }
  while (i < items.length) {
    ctx.check()
    const item = items[i]!
    if ('line' in item.parsed && item.parsed.line.op === 'file') {
      const line = item.parsed.line
      const next = { ...at, seq: Math.max(at.seq, line.seq), offset: item.end }
      if (line.seq > at.seq) await applyFile(host, merge.name, item, line, report)
      if (!host.cursors.advance(writer, at, next, () => {})) return undefined
      moved(next, item.start)
      i += 1
      continue
    }
    let end = i
    let points = 0
    while (end < items.length && end - i < limits.batchLines && points < limits.batchPoints) {
      const p = items[end]!.parsed
      if ('line' in p && p.line.op === 'file') break
      points += pointsOf(p)
      end += 1
    }
    const batch = items.slice(i, end)
    const applied = at.seq
    const ended = batch.some((b) => 'line' in b.parsed && b.parsed.line.op === 'end')
    const next = {
      seq: Math.max(at.seq, ...batch.map((b) => seqOf(b.parsed))),
      offset: batch[batch.length - 1]!.end,
      ...(ended || at.ended === true ? { ended: true } : {}),
    }
    const ok = host.cursors.advance(writer, at, next, () => {
      const applier = new OpApplier(host, report)
      try {
        for (const b of batch) applyOne(applier, merge.name, b, applied, report)
      } finally {
        applier.close()
      }
    })
    if (!ok) return undefined
    moved(next, batch[0]!.start)
    i = end
  }
  return at
}

async function applyFile(
  host: MergeHost,
  file: string,
  item: Item,
  line: Extract<OplogLine, { op: 'file' }>,
  report: MergeReport,
): Promise<void> {
  const applier = new OpApplier(host, report)
  try {
    await applier.applyFile(line) // async, so outside the transaction; applying it twice changes nothing
    report.lines += 1
  } catch (error) {
    report.skipped.push({ file, offset: item.start, seq: line.seq, reason: reasonOf(error) })
  } finally {
    applier.close()
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error
    ? `${(error as { code?: string }).code ?? error.name}: ${error.message}`
    : String(error)
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
      reason = reasonOf(error)
    }
  } else reason = parsed.reason
  const uuid = line ? ('run' in line ? line.run : undefined) : 'reason' in parsed ? parsed.run : undefined
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
