/**
 * Reads the index of a ustar archive (every header, with where its content starts) without extracting
 * anything, so a caller can refuse an archive as a whole before writing a byte: a truncated archive (an
 * entry running past the end, or no end-of-archive blocks) is a TarFormatError TAR_TRUNCATED.
 *
 * @example
 * for (const entry of readTarIndex('/tmp/export.tar')) console.log(entry.name, entry.type, entry.size)
 * copyEntry('/tmp/export.tar', entry, '/tmp/out/project.db')
 */
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs'
import { BLOCK, decodeHeader, isZeroBlock, padding, TarFormatError, type TarHeader } from './ustar.js'

/** One entry of an archive: its header, and the offset of its content. */
export interface TarEntry extends TarHeader {
  offset: number
}

/** Every entry of the archive `file`, in order; throws TarFormatError for a damaged or truncated one. */
export function readTarIndex(file: string): TarEntry[] {
  const fd = openSync(file, 'r')
  try {
    const length = fstatSync(fd).size
    const block = new Uint8Array(BLOCK)
    const entries: TarEntry[] = []
    let at = 0
    for (;;) {
      if (at + BLOCK > length)
        throw new TarFormatError(
          'TAR_TRUNCATED',
          `${file} ends after ${length} bytes, before the end-of-archive blocks`,
        )
      readSync(fd, block, 0, BLOCK, at)
      if (isZeroBlock(block)) return entries
      const header = decodeHeader(block)
      const offset = at + BLOCK
      const end = offset + header.size + padding(header.size)
      if (offset + header.size > length)
        throw new TarFormatError(
          'TAR_TRUNCATED',
          `${file} ends inside '${header.name}' (${header.size} bytes announced)`,
        )
      entries.push({ ...header, offset })
      at = end
    }
  } finally {
    closeSync(fd)
  }
}

/** Copies the content of `entry` of archive `file` to the new file `dest`, passing each piece to `onData`. */
export function copyEntry(
  file: string,
  entry: TarEntry,
  dest: string,
  onData?: (piece: Uint8Array) => void,
): void {
  const input = openSync(file, 'r')
  const output = openSync(dest, 'wx')
  try {
    const buffer = Buffer.allocUnsafe(4 * 1024 * 1024)
    let done = 0
    while (done < entry.size) {
      const n = readSync(input, buffer, 0, Math.min(buffer.length, entry.size - done), entry.offset + done)
      if (n === 0) throw new TarFormatError('TAR_TRUNCATED', `${file} ends inside '${entry.name}'`)
      onData?.(buffer.subarray(0, n))
      writeSync(output, buffer, 0, n)
      done += n
    }
  } finally {
    closeSync(input)
    closeSync(output)
  }
}
