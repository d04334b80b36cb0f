/**
 * One writer's oplog file in a project's inbox/: created on the first write with its header line, then
 * appended to by whole lines. Each `flush()` writes every buffered line in one write and fsyncs, so after
 * it returns the lines survive the process being killed; a kill during the write leaves at most one line
 * without its final newline, which the merge leaves alone.
 *
 * @example
 * const file = new InboxFile('/p')
 * file.push({ op: 'close', run: uuid })   // buffered, numbered 1
 * file.flush()                              // inbox/host-123-ab12cd.oplog.jsonl, fsynced
 * file.close()                              // writes {"seq":2,"op":"end"}: a merge may archive the file
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import {
  INBOX_DIR,
  OPLOG_FORMAT,
  OPLOG_SUFFIX,
  OPLOG_VERSION,
  type OplogHeader,
  type OplogOp,
} from './format.js'

/** A writer's oplog file. */
export class InboxFile {
  /** The writer's uuid, written in the header. */
  readonly writer = randomUUID()
  readonly path: string
  #fd: number | undefined
  #lines: string[] = []
  #seq = 0

  /** Names the file (nothing is created before the first flush with lines). */
  constructor(projectDir: string) {
    const host = hostname().replace(/[^A-Za-z0-9._-]/g, '_') || 'host'
    this.path = join(
      projectDir,
      INBOX_DIR,
      `${host}-${process.pid}-${randomBytes(4).toString('hex')}${OPLOG_SUFFIX}`,
    )
  }

  /** Buffers one operation with the next sequence number; returns that number. */
  push(op: OplogOp): number {
    this.#seq += 1
    this.#lines.push(JSON.stringify({ seq: this.#seq, ...op }))
    return this.#seq
  }

  /** Lines buffered since the last flush. */
  get pending(): number {
    return this.#lines.length
  }

  /** Writes the buffered lines (after the header, the first time) in one write, then fsyncs. */
  flush(): void {
    if (this.#lines.length === 0) return
    let text = this.#lines.join('\n') + '\n'
    this.#lines = []
    if (this.#fd === undefined) {
      mkdirSync(join(this.path, '..'), { recursive: true })
      this.#fd = openSync(this.path, 'a')
      const header: OplogHeader = {
        format: OPLOG_FORMAT,
        version: OPLOG_VERSION,
        writer: this.writer,
        host: hostname(),
        pid: process.pid,
        createdAt: Date.now(),
      }
      text = JSON.stringify(header) + '\n' + text
    }
    const bytes = Buffer.from(text, 'utf8')
    for (let at = 0; at < bytes.length;) at += writeSync(this.#fd, bytes, at)
    fsyncSync(this.#fd)
  }

  /** Writes the `end` line (when anything was written), flushes and closes the file. */
  close(): void {
    if (this.#fd !== undefined || this.#lines.length > 0) this.push({ op: 'end' })
    this.flush()
    if (this.#fd !== undefined) closeSync(this.#fd)
    this.#fd = undefined
  }
}
