/**
 * Before a merge: which oplog files in inbox/ have something to do — complete lines after their writer's
 * cursor, a fully merged file of an ended writer to archive, or a header that cannot be merged — and how
 * many bytes wait. A watch that finds nothing records no operation.
 *
 * @example
 * const scan = scanInbox(host)
 * scan.files.filter((f) => f.work).length   // 2
 * scan.pendingBytes                          // 48210
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs'
import { basename } from 'node:path'
import type { OplogCursor } from '../cursors.js'
import type { OplogHeader } from '../format.js'
import type { MergeHost } from './apply-ops.js'
import { parseHeader } from './parse-line.js'
import { inboxFiles, readHeader } from './read-inbox.js'

/** One oplog file as the scan found it. */
export interface ScannedFile {
  path: string
  name: string
  size: number
  /** Its header and where the lines after it start, when the header is complete and valid. */
  header?: { header: OplogHeader; end: number }
  /** Why the header cannot be merged (the file is moved to inbox/rejected/). */
  rejected?: string
  cursor?: OplogCursor
  /** Complete lines wait after the cursor. */
  lines: boolean
  /** Bytes after the cursor (0 when no complete line waits). */
  pending: number
  /** Fully merged and its writer ended: the file can leave inbox/. */
  archive: boolean
  /** Anything to do at all. */
  work: boolean
}

/** Whether `file` has a newline between byte `from` and `size` (read backwards: a live file ends with one). */
export function hasCompleteLine(file: string, from: number, size: number): boolean {
  if (size <= from) return false
  const fd = openSync(file, 'r')
  try {
    const chunk = Buffer.alloc(Math.min(65_536, size - from))
    for (let end = size; end > from;) {
      const start = Math.max(from, end - chunk.length)
      const got = readSync(fd, chunk, 0, end - start, start)
      if (chunk.subarray(0, got).includes(10)) return true
      end = start
    }
    return false
  } finally {
    closeSync(fd)
  }
}

function scanFile(host: MergeHost, path: string): ScannedFile {
  const name = basename(path)
  const size = statSync(path).size
  const first = readHeader(path)
  const none = { path, name, size, lines: false, pending: 0, archive: false }
  if (!first) return { ...none, work: false } // the header is still being written
  const checked = parseHeader(first.text)
  if ('reason' in checked) return { ...none, rejected: checked.reason, work: true }
  const cursor = host.cursors.get(checked.header.writer)
  const from = Math.max(cursor.offset, first.end)
  const lines = hasCompleteLine(path, from, size)
  const archive = !lines && cursor.ended === true && cursor.offset >= size
  return {
    ...none,
    header: { header: checked.header, end: first.end },
    cursor,
    lines,
    pending: lines ? size - from : 0,
    archive,
    work: lines || archive,
  }
}

/** Every oplog file of the inbox with what a merge would do to it, and the bytes waiting in total. */
export function scanInbox(host: MergeHost): { files: ScannedFile[]; pendingBytes: number } {
  const files: ScannedFile[] = []
  let pendingBytes = 0
  for (const path of inboxFiles(host.dir)) {
    try {
      const file = scanFile(host, path)
      files.push(file)
      pendingBytes += file.pending
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error // ENOENT: another merge archived it
    }
  }
  return { files, pendingBytes }
}
