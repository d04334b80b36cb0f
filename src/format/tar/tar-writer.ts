/**
 * Writes a POSIX ustar archive of a directory tree's regular files and directories, streaming each file
 * (nothing is held in memory but one buffer), into a temp name renamed over `out` when complete, so a
 * reader never sees half an archive. `check()` is called between files and may throw to stop; the temp
 * file is then removed.
 *
 * @example
 * await writeTar('/tmp/export.tar', '/tmp/export-dir', ['project.db', 'objects/sha256/ab/ab12…'])
 */
import { closeSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { BLOCK, encodeHeader, padding } from './ustar.js'

/** Options of {@link writeTar}. */
export interface WriteTarOptions {
  /** Called before each entry; throw to stop (the partial archive is removed). */
  check?: () => void
  /** Called after each entry with the bytes of content written so far. */
  onEntry?: (entries: number, bytes: number) => void
}

const COPY_BYTES = 4 * 1024 * 1024

function copyInto(fd: number, file: string, size: number, buffer: Buffer): void {
  const input = openSync(file, 'r')
  try {
    let left = size
    while (left > 0) {
      const n = readSync(input, buffer, 0, Math.min(buffer.length, left), null)
      if (n === 0) throw new Error(`${file} shrank while it was archived`)
      writeSync(fd, buffer, 0, n)
      left -= n
    }
  } finally {
    closeSync(input)
  }
}

/** Writes the archive `out` of the `entries` (paths relative to `root`, '/'-separated; a trailing '/' is a directory). */
export async function writeTar(
  out: string,
  root: string,
  entries: readonly string[],
  options: WriteTarOptions = {},
): Promise<number> {
  const partial = `${out}.partial`
  const fd = openSync(partial, 'w')
  const buffer = Buffer.allocUnsafe(COPY_BYTES)
  let bytes = 0
  try {
    for (const [i, entry] of entries.entries()) {
      options.check?.()
      const directory = entry.endsWith('/')
      const file = join(root, entry)
      const stat = statSync(file)
      const size = directory ? 0 : stat.size
      writeSync(
        fd,
        encodeHeader({ name: entry, size, type: directory ? 'directory' : 'file', mtime: stat.mtimeMs }),
      )
      if (!directory) {
        copyInto(fd, file, size, buffer)
        const pad = padding(size)
        if (pad > 0) writeSync(fd, new Uint8Array(pad))
        bytes += size
      }
      options.onEntry?.(i + 1, bytes)
      await new Promise<void>((resolve) => setImmediate(resolve)) // let a signal's listener run
    }
    writeSync(fd, new Uint8Array(2 * BLOCK))
    fsyncSync(fd)
    closeSync(fd)
    renameSync(partial, out)
    return bytes
  } catch (error) {
    try {
      closeSync(fd)
    } catch {
      // already closed
    }
    rmSync(partial, { force: true })
    throw error
  }
}
