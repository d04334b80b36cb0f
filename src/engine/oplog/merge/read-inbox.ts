/**
 * Reading an oplog file from a byte offset: its complete lines (each with the offset after it) and the
 * bytes of an incomplete last line, which are left for the next read — a writer may still be writing it.
 *
 * @example
 * const { lines, tail } = readLines('/p/inbox/h-1-ab.oplog.jsonl', 0)
 * lines[0]   // { text: '{"format":"nereid-oplog",…}', end: 87 }
 */
import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs'
import { join } from 'node:path'
import { INBOX_DIR, OPLOG_SUFFIX } from '../format.js'

/** A complete line and the byte offset just after its newline. */
export interface FileLine {
  text: string
  end: number
}

/** The oplog files of the project in `projectDir`, sorted by name. */
export function inboxFiles(projectDir: string): string[] {
  try {
    return readdirSync(join(projectDir, INBOX_DIR))
      .filter((name) => name.endsWith(OPLOG_SUFFIX))
      .sort()
      .map((name) => join(projectDir, INBOX_DIR, name))
  } catch {
    return []
  }
}

/** The first line of `file` (its header) if it is complete within `limit` bytes. */
export function readHeader(file: string, limit = 65_536): FileLine | undefined {
  const fd = openSync(file, 'r')
  try {
    const bytes = Buffer.alloc(limit)
    const got = readSync(fd, bytes, 0, limit, 0)
    const nl = bytes.subarray(0, got).indexOf(10)
    return nl === -1 ? undefined : { text: bytes.toString('utf8', 0, nl), end: nl + 1 }
  } finally {
    closeSync(fd)
  }
}

/** The complete lines of `file` after byte `offset`, and how many bytes follow them without a newline. */
export function readLines(file: string, offset: number): { lines: FileLine[]; tail: number } {
  const fd = openSync(file, 'r')
  try {
    const size = fstatSync(fd).size
    if (size <= offset) return { lines: [], tail: 0 }
    const bytes = Buffer.alloc(size - offset)
    let got = 0
    while (got < bytes.length) {
      const n = readSync(fd, bytes, got, bytes.length - got, offset + got)
      if (n === 0) break
      got += n
    }
    const lines: FileLine[] = []
    let start = 0
    for (let nl = bytes.indexOf(10, 0); nl !== -1 && nl < got; nl = bytes.indexOf(10, start)) {
      lines.push({ text: bytes.toString('utf8', start, nl), end: offset + nl + 1 })
      start = nl + 1
    }
    return { lines, tail: got - start }
  } finally {
    closeSync(fd)
  }
}
