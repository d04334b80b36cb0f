/**
 * POSIX ustar headers (the 512-byte block before each entry of a tar archive): encoding and decoding,
 * with the GNU base-256 size for entries of 8 GiB and more. Nereid writes only regular files and
 * directories; the reader reports every type, so the caller can refuse links and devices.
 *
 * @example
 * const block = encodeHeader({ name: 'objects/sha256/ab/ab12…', size: 42, type: 'file', mtime: Date.now() })
 * decodeHeader(block)   // { name, size: 42, type: 'file', typeflag: '0', linkname: '', … }
 */

/** Size of a tar block. */
export const BLOCK = 512

/** What an entry is: Nereid writes only files and directories. */
export type EntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'device' | 'fifo' | 'other'

/** A decoded header. */
export interface TarHeader {
  name: string
  size: number
  type: EntryType
  /** The raw type flag ('0', '5', '2', …). */
  typeflag: string
  linkname: string
  mtime: number
}

/** An error in the archive's structure; `code` says which (TAR_CHECKSUM, TAR_NAME_TOO_LONG, TAR_SIZE). */
export class TarFormatError extends Error {
  override readonly name = 'TarFormatError'
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

const TYPES: Record<string, EntryType> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '5': 'directory',
  '2': 'symlink',
  '1': 'hardlink',
  '3': 'device',
  '4': 'device',
  '6': 'fifo',
}

function writeString(block: Uint8Array, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8')
  if (bytes.length > length)
    throw new TarFormatError(
      'TAR_NAME_TOO_LONG',
      `'${value}' does not fit in ${length} bytes of a ustar header`,
    )
  block.set(bytes, offset)
}

function writeOctal(block: Uint8Array, offset: number, length: number, value: number): void {
  writeString(block, offset, length, value.toString(8).padStart(length - 1, '0') + '\0')
}

function writeSize(block: Uint8Array, size: number): void {
  if (size < 8 ** 11) return writeOctal(block, 124, 12, size)
  block[124] = 0x80 // GNU base-256: big-endian binary in the remaining 11 bytes
  let rest = BigInt(size)
  for (let i = 135; i > 124; i--) {
    block[i] = Number(rest & 0xffn)
    rest >>= 8n
  }
}

function checksum(block: Uint8Array): number {
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!
  return sum
}

/** The header block of a file (`size` bytes) or directory at `name` (split into prefix/name when long). */
export function encodeHeader(entry: {
  name: string
  size: number
  type: 'file' | 'directory'
  mtime: number
}): Uint8Array {
  const block = new Uint8Array(BLOCK)
  let name = entry.name
  let prefix = ''
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', name.length - 1)
    if (cut <= 0) throw new TarFormatError('TAR_NAME_TOO_LONG', `'${name}' is too long for a ustar header`)
    prefix = name.slice(0, cut)
    name = name.slice(cut + 1)
  }
  writeString(block, 0, 100, name)
  writeOctal(block, 100, 8, entry.type === 'directory' ? 0o755 : 0o644)
  writeOctal(block, 108, 8, 0)
  writeOctal(block, 116, 8, 0)
  writeSize(block, entry.type === 'directory' ? 0 : entry.size)
  writeOctal(block, 136, 12, Math.floor(entry.mtime / 1000))
  block[156] = (entry.type === 'directory' ? '5' : '0').charCodeAt(0)
  writeString(block, 257, 6, 'ustar')
  writeString(block, 263, 2, '00')
  writeString(block, 345, 155, prefix)
  writeOctal(block, 148, 7, checksum(block))
  block[155] = 0x20
  return block
}

function readString(block: Uint8Array, offset: number, length: number): string {
  const slice = block.subarray(offset, offset + length)
  const end = slice.indexOf(0)
  return Buffer.from(end === -1 ? slice : slice.subarray(0, end)).toString('utf8')
}

function readOctal(block: Uint8Array, offset: number, length: number, what: string): number {
  const text = readString(block, offset, length).trim()
  if (text === '') return 0
  if (!/^[0-7]+$/.test(text))
    throw new TarFormatError(
      'TAR_CORRUPT',
      `unreadable ${what} field ${JSON.stringify(text)} in a tar header`,
    )
  return parseInt(text, 8)
}

function readSize(block: Uint8Array): number {
  if ((block[124]! & 0x80) === 0) return readOctal(block, 124, 12, 'size')
  let size = 0n
  for (let i = 125; i < 136; i++) size = (size << 8n) | BigInt(block[i]!)
  if (size > BigInt(Number.MAX_SAFE_INTEGER))
    throw new TarFormatError('TAR_CORRUPT', 'a tar entry claims an impossible size')
  return Number(size)
}

/** True for an all-zero block (the end of an archive is two of them). */
export function isZeroBlock(block: Uint8Array): boolean {
  return block.every((b) => b === 0)
}

/** Decodes a header block; throws TarFormatError (TAR_CORRUPT) when its checksum is wrong. */
export function decodeHeader(block: Uint8Array): TarHeader {
  const stored = readOctal(block, 148, 8, 'checksum')
  if (stored !== checksum(block))
    throw new TarFormatError(
      'TAR_CORRUPT',
      'a tar header has a wrong checksum (not a tar archive, or damaged)',
    )
  const prefix = readString(block, 345, 155)
  const base = readString(block, 0, 100)
  const typeflag = String.fromCharCode(block[156]!)
  return {
    name: prefix === '' ? base : `${prefix}/${base}`,
    size: readSize(block),
    type: TYPES[typeflag] ?? 'other',
    typeflag,
    linkname: readString(block, 157, 100),
    mtime: readOctal(block, 136, 12, 'mtime') * 1000,
  }
}

/** Zero bytes that pad `size` bytes of content to a whole block. */
export function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK
}
