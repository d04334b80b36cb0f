/**
 * Plain JSON Lines, one file per run: `{"step":…,"timestamp":…,"metrics":{…}}` per logged step, appended
 * with fs.writeSync once ~1 MiB of lines is pending (and on close); no fsync, like the SQLite layouts'
 * synchronous=NORMAL. Reading one series parses every line of the run's file.
 *
 * @example
 * const sink = jsonl.write(dir, 'train'); sink.log({ 'train/loss': 0.3 }, 0); sink.close()
 */
import { closeSync, openSync, readSync, readdirSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { Columns, Layout, Reader, Sink } from '../layout.js'

const PENDING_BYTES = 1 << 20
const READ_BYTES = 16 << 20

class JsonlSink implements Sink {
  private readonly fd: number
  private pending: string[] = []
  private pendingBytes = 0

  constructor(dir: string, run: string) {
    this.fd = openSync(join(dir, `${run}.jsonl`), 'a')
  }

  log(values: Record<string, number>, step: number): void {
    const line = `{"step":${step},"timestamp":${Date.now()},"metrics":${JSON.stringify(values)}}\n`
    this.pending.push(line)
    this.pendingBytes += line.length
    if (this.pendingBytes >= PENDING_BYTES) this.flush()
  }

  private flush(): void {
    if (this.pending.length === 0) return
    writeSync(this.fd, this.pending.join(''))
    this.pending = []
    this.pendingBytes = 0
  }

  close(): void {
    this.flush()
    closeSync(this.fd)
  }
}

/** Calls `onLine` with every complete line of `file`, reading it in 16 MiB pieces (files may pass 512 MB). */
function forEachLine(file: string, onLine: (line: string) => void): void {
  const fd = openSync(file, 'r')
  try {
    const buffer = Buffer.allocUnsafe(READ_BYTES)
    let carry = ''
    for (;;) {
      const n = readSync(fd, buffer, 0, READ_BYTES, null)
      if (n === 0) break
      const text = carry + buffer.toString('utf8', 0, n)
      let start = 0
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        onLine(text.slice(start, end))
        start = end + 1
      }
      carry = text.slice(start)
    }
  } finally {
    closeSync(fd)
  }
}

class JsonlReader implements Reader {
  constructor(private readonly dir: string) {}

  read(run: string, key: string): Columns {
    const steps: number[] = []
    const values: number[] = []
    const timestamps: number[] = []
    forEachLine(join(this.dir, `${run}.jsonl`), (line) => {
      const entry = JSON.parse(line) as { step: number; timestamp: number; metrics: Record<string, unknown> }
      const value = entry.metrics[key]
      if (typeof value !== 'number') return
      steps.push(entry.step)
      values.push(value)
      timestamps.push(entry.timestamp)
    })
    return {
      steps: Float64Array.from(steps),
      values: Float64Array.from(values),
      timestamps: Float64Array.from(timestamps),
    }
  }

  close(): void {}
}

/** JSON Lines: a line per step, appended. */
export const jsonl: Layout = {
  name: 'jsonl',
  about:
    'plain JSON Lines, a file per run, a line per step {"step","timestamp","metrics":{...}}, fs.writeSync per ~1 MiB',
  write: (dir, run) => new JsonlSink(dir, run),
  files: (dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => join(dir, f)),
  openReader: (dir) => new JsonlReader(dir),
}
